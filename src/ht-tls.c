/* ht-tls: TLS evidence in a Received line.
 *
 * Every MTA writes TLS its own way (docs/received-formats.md has the catalogue). The
 * recognisers below run over the comments of the line first, then over its clauses; the
 * first that finds a version or a cipher wins, and the protocol word of RFC 3848 decides
 * only when no recogniser found anything. */
#include "config.h"

#include "ht-tls.h"

#include <stdlib.h>
#include <string.h>

#include "ht-cipher.h"

static const struct {
    const char *name;
    HtTlsVersion version;
} version_spellings[] = {
    /* Longest first within a family, so "TLSv1.2" is not read as "TLSv1". */
    {"TLSV1/SSLV3", HT_TLS_VERSION_AMBIGUOUS},
    {"TLSV1.3", HT_TLS_VERSION_1_3},  {"TLSV1_3", HT_TLS_VERSION_1_3},
    {"TLS1.3", HT_TLS_VERSION_1_3},   {"TLS1_3", HT_TLS_VERSION_1_3},
    {"TLS-1.3", HT_TLS_VERSION_1_3},  {"TLSV1.2", HT_TLS_VERSION_1_2},
    {"TLSV1_2", HT_TLS_VERSION_1_2},  {"TLS1.2", HT_TLS_VERSION_1_2},
    {"TLS1_2", HT_TLS_VERSION_1_2},   {"TLS-1.2", HT_TLS_VERSION_1_2},
    {"TLSV1.1", HT_TLS_VERSION_1_1},  {"TLSV1_1", HT_TLS_VERSION_1_1},
    {"TLS1.1", HT_TLS_VERSION_1_1},   {"TLS1_1", HT_TLS_VERSION_1_1},
    {"TLS-1.1", HT_TLS_VERSION_1_1},  {"TLSV1.0", HT_TLS_VERSION_1_0},
    {"TLSV1_0", HT_TLS_VERSION_1_0},  {"TLS1.0", HT_TLS_VERSION_1_0},
    {"TLS1_0", HT_TLS_VERSION_1_0},   {"TLS-1.0", HT_TLS_VERSION_1_0},
    {"TLSV1", HT_TLS_VERSION_1_0},    {"TLS1", HT_TLS_VERSION_1_0},
    {"SSLV3.0", HT_TLS_VERSION_SSL3}, {"SSLV3", HT_TLS_VERSION_SSL3},
    {"SSL3.0", HT_TLS_VERSION_SSL3},  {"SSL3", HT_TLS_VERSION_SSL3},
    {"SSLV2", HT_TLS_VERSION_SSL2},   {"SSL2", HT_TLS_VERSION_SSL2},
};

HtTlsVersion
ht_tls_version_parse (const char *text)
{
    if (text == NULL)
        return HT_TLS_VERSION_NONE;
    g_autofree gchar *upper = g_ascii_strup (text, -1);
    g_strstrip (upper);
    const char *s = upper;
    /* Schannel's protocol constants, as in Exchange protocol logs: SP_PROT_TLS1_2_SERVER. */
    if (g_str_has_prefix (s, "SP_PROT_")) {
        s += strlen ("SP_PROT_");
        for (const char *suffix = s; *suffix; suffix++) {
            if (strcmp (suffix, "_SERVER") == 0 || strcmp (suffix, "_CLIENT") == 0) {
                upper[suffix - upper] = '\0';
                break;
            }
        }
    }
    for (gsize i = 0; i < G_N_ELEMENTS (version_spellings); i++)
        if (strcmp (s, version_spellings[i].name) == 0)
            return version_spellings[i].version;
    return HT_TLS_VERSION_NONE;
}

const char *
ht_tls_version_name (HtTlsVersion version)
{
    switch (version) {
    case HT_TLS_VERSION_SSL2: return "SSL2";
    case HT_TLS_VERSION_SSL3: return "SSL3";
    case HT_TLS_VERSION_1_0: return "TLS1.0";
    case HT_TLS_VERSION_1_1: return "TLS1.1";
    case HT_TLS_VERSION_1_2: return "TLS1.2";
    case HT_TLS_VERSION_1_3: return "TLS1.3";
    case HT_TLS_VERSION_NONE:
    case HT_TLS_VERSION_AMBIGUOUS:
    default: return NULL;
    }
}

/* RFC 3848 adds "S" for TLS and "A" for AUTH to SMTP, ESMTP, LMTP; RFC 6531 prefixes
 * "UTF8". Exim writes lower case and "ssmtp"/"essmtp(a)" for implicit TLS on port 465,
 * Google and Zoho write "SMTPS", Yahoo "SMTPs". */
HtTlsUsed
ht_tls_used_from_protocol (const char *with)
{
    if (with == NULL)
        return HT_TLS_USED_UNKNOWN;
    g_autofree gchar *word = g_strndup (with, strcspn (with, " \t/("));
    g_autofree gchar *p = g_ascii_strup (word, -1);
    const char *s = p;
    if (g_str_has_prefix (s, "UTF8"))
        s += 4;
    if (strcmp (s, "HTTPS") == 0)
        return HT_TLS_USED_YES;
    static const char *const tls[] = {"ESMTPS", "ESMTPSA", "LMTPS", "LMTPSA", "SMTPS",
                                      "SMTPSA", "SSMTP", "ESSMTP", "ESSMTPA"};
    static const char *const plain[] = {"SMTP", "ESMTP", "ESMTPA", "LMTP", "LMTPA", "SMTPA"};
    for (gsize i = 0; i < G_N_ELEMENTS (tls); i++)
        if (strcmp (s, tls[i]) == 0)
            return HT_TLS_USED_YES;
    for (gsize i = 0; i < G_N_ELEMENTS (plain); i++)
        if (strcmp (s, plain[i]) == 0)
            return HT_TLS_USED_NO;
    return HT_TLS_USED_UNKNOWN;
}

/* The word of a with clause that names the protocol, and what it says about TLS (into USED),
 * or NULL. It is the first word as RFC 3848 has it; when that is no protocol word, IBM's
 * gateways put one further on, "with smtp.notes.example.com ESMTP", "with IBM ESMTP SMTP
 * Gateway: Authorized Use Only!", and the first standalone SMTP-family word decides. Web
 * protocols are not looked for there: HTTPS is a protocol word only in the first place. */
static const char *
find_protocol_word (const char *with, gsize *len, HtTlsUsed *used)
{
    *len = strcspn (with, " ");
    *used = ht_tls_used_from_protocol (with);
    if (*used != HT_TLS_USED_UNKNOWN)
        return with;
    for (const char *p = with + *len; *p;) {
        p += strspn (p, " ");
        gsize word_len = strcspn (p, " ");
        g_autofree gchar *word = g_strndup (p, word_len);
        /* A word with a '/' or '(' would be cut short by ht_tls_used_from_protocol:
         * only a whole word counts here. */
        if (word_len > 0 && strcspn (word, "/(\t") == word_len &&
            g_ascii_strncasecmp (word, "HTTP", 4) != 0) {
            *used = ht_tls_used_from_protocol (word);
            if (*used != HT_TLS_USED_UNKNOWN) {
                *len = word_len;
                return p;
            }
        }
        p += word_len;
    }
    *len = 0;
    return NULL;
}

static gint
parse_bits (const char *text)
{
    if (text == NULL || !g_ascii_isdigit (*text))
        return -1;
    gint64 bits = g_ascii_strtoll (text, NULL, 10);
    return bits > 0 && bits <= 65536 ? (gint) bits : -1;
}

static void
set_version (HtTls *tls, const char *text)
{
    if (tls->version_text != NULL || text == NULL || *text == '\0')
        return;
    HtTlsVersion version = ht_tls_version_parse (text);
    if (version == HT_TLS_VERSION_NONE)
        return;
    tls->version = version;
    tls->version_text = g_strdup (text);
}

static void
set_cipher (HtTls *tls, const char *text, gsize len)
{
    if (tls->cipher != NULL || text == NULL || len == 0)
        return;
    tls->cipher = g_strndup (text, len);
}

G_GNUC_PRINTF (2, 3)
static void
set_evidence (HtTls *tls, const char *format, ...)
{
    if (tls->evidence != NULL)
        return;
    va_list args;
    va_start (args, format);
    tls->evidence = g_strdup_vprintf (format, args);
    va_end (args);
}

/* The common evidence shapes without printf: PREFIX TEXT SUFFIX. */
static void
set_evidence_text (HtTls *tls, const char *prefix, const char *text, const char *suffix)
{
    if (tls->evidence == NULL)
        tls->evidence = g_strconcat (prefix, text, suffix, NULL);
}

static void
set_client_certificate (HtTls *tls, const char *state)
{
    if (tls->client_certificate == NULL)
        tls->client_certificate = g_strdup (state);
}

/* sendmail's verify= values (cf. its op.me), also written by OpenSMTPD before 2016 and by
 * Haraka: "verify=NO" says that no certificate was presented, "verify=NOT" that none was
 * requested. */
static const char *
client_state_from_verify (const char *verify)
{
    if (g_ascii_strcasecmp (verify, "OK") == 0 || g_ascii_strcasecmp (verify, "YES") == 0)
        return "verified";
    if (g_ascii_strcasecmp (verify, "NO") == 0)
        return "not-presented";
    if (g_ascii_strcasecmp (verify, "NOT") == 0)
        return "not-requested";
    if (g_ascii_strcasecmp (verify, "FAIL") == 0)
        return "failed";
    return NULL;
}

static gboolean
is_key_char (char c)
{
    return g_ascii_isalnum (c) || c == '_' || c == '-';
}

/* key=value lists: Microsoft "(version=TLS1_2, cipher=TLS_...)", Gmail "(version=TLS1_3
 * cipher=... bits=128/128)", sendmail "(version=... cipher=... bits=256 verify=NOT)", Mimecast,
 * Mailgun, Yahoo, ZoneMTA, old Haraka, ecelerity "(cipher=...)", and OpenSMTPD's pre-2016 bare
 * "TLS version=TLSv1/SSLv3 cipher=... bits=256 verify=NO". Returns TRUE if it found any. */
static gboolean
read_key_values (HtTls *tls, const char *text)
{
    gboolean found = FALSE;
    const char *p = text;
    while ((p = strchr (p, '=')) != NULL) {
        const char *key_end = p;
        const char *key = p;
        while (key > text && is_key_char (key[-1]))
            key--;
        const char *value = p + 1;
        gsize len = strcspn (value, " \t,;)");
        p = value + len;
        g_autofree gchar *name = g_ascii_strdown (key, key_end - key);
        g_autofree gchar *val = g_strndup (value, len);
        if (len == 0)
            continue;
        if (strcmp (name, "version") == 0) {
            set_version (tls, val);
            found = TRUE;
        } else if (strcmp (name, "cipher") == 0) {
            set_cipher (tls, value, len);
            found = TRUE;
        } else if (strcmp (name, "bits") == 0 && tls->bits < 0) {
            tls->bits = parse_bits (val);
        } else if (strcmp (name, "verify") == 0) {
            const char *state = client_state_from_verify (val);
            if (state)
                set_client_certificate (tls, state);
        }
    }
    return found;
}

/* Postfix "(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange ...)",
 * also written by Proofpoint Essentials, Cloudmark ("256/256 bits" without parentheses),
 * MailChannels trex (no bits), Symantec.cloud and Kerio ("(256 bits)"). */
static gboolean
read_postfix_using (HtTls *tls, const char *text)
{
    if (g_ascii_strncasecmp (text, "using ", 6) != 0)
        return FALSE;
    g_auto (GStrv) words = g_strsplit_set (text + 6, " \t()", -1);
    gboolean after_cipher = FALSE;
    for (guint i = 0; words[i]; i++) {
        const char *w = words[i];
        if (*w == '\0')
            continue;
        if (tls->version_text == NULL && i == 0)
            set_version (tls, w);
        else if (after_cipher) {
            set_cipher (tls, w, strlen (w));
            after_cipher = FALSE;
        } else if (g_ascii_strcasecmp (w, "cipher") == 0)
            after_cipher = TRUE;
        else if (tls->bits < 0 && g_ascii_isdigit (*w) && tls->cipher != NULL)
            tls->bits = parse_bits (w);
        else if (g_ascii_strcasecmp (w, "key-exchange") == 0)
            break;
    }
    return TRUE;
}

/* Colon lists: Exim before 4.93 "(TLSv1.2:ECDHE-RSA-AES256-GCM-SHA384:256)", GnuTLS builds
 * "(TLS1.2:ECDHE_RSA_AES_256_GCM_SHA384:256)", Exim 3 "(Cipher TLSv1:DES-CBC3-SHA:168)",
 * Exim 4.50 "(tls_cipher TLS-1.0:RSA_AES_256_CBC_SHA:32)", OpenSMTPD
 * "(TLSv1.3:TLS_AES_256_GCM_SHA384:256:NO)". */
static gboolean
read_colon_list (HtTls *tls, const char *text)
{
    const char *s = text;
    if (g_ascii_strncasecmp (s, "cipher ", 7) == 0)
        s += 7;
    else if (g_ascii_strncasecmp (s, "tls_cipher ", 11) == 0)
        s += 11;
    if (strchr (s, ' ') != NULL || strchr (s, ':') == NULL)
        return FALSE;
    g_auto (GStrv) fields = g_strsplit (s, ":", 5);
    if (ht_tls_version_parse (fields[0]) == HT_TLS_VERSION_NONE || fields[1] == NULL ||
        fields[1][0] == '\0')
        return FALSE;
    set_version (tls, fields[0]);
    set_cipher (tls, fields[1], strlen (fields[1]));
    if (fields[2] && tls->bits < 0)
        tls->bits = parse_bits (fields[2]);
    /* OpenSMTPD's fourth field is "YES" when the client certificate was verified and "NO"
     * otherwise: NO does not tell whether one was presented (smtp_session.c tests only
     * SF_VERIFIED). */
    if (fields[2] && fields[3]) {
        if (g_ascii_strcasecmp (fields[3], "YES") == 0)
            set_client_certificate (tls, "verified");
        else if (g_ascii_strcasecmp (fields[3], "NO") == 0)
            set_client_certificate (tls, "not-verified");
    }
    return TRUE;
}

/* Courier "(TLS: TLSv1/SSLv3,256bits,AES256-GCM-SHA384)", also "(AUTH: LOGIN u, TLS: ...)". */
static gboolean
read_courier (HtTls *tls, const char *text)
{
    const char *at = strstr (text, "TLS: ");
    if (at == NULL || (at != text && at[-1] != ' '))
        return FALSE;
    g_auto (GStrv) fields = g_strsplit (at + 5, ",", 4);
    for (guint i = 0; fields[i]; i++)
        g_strstrip (fields[i]);
    if (fields[0] == NULL)
        return FALSE;
    set_version (tls, fields[0]);
    for (guint i = 1; fields[i]; i++) {
        if (g_ascii_isdigit (fields[i][0]) && g_str_has_suffix (fields[i], "bits")) {
            if (tls->bits < 0)
                tls->bits = parse_bits (fields[i]);
        } else if (fields[i][0]) {
            set_cipher (tls, fields[i], strlen (fields[i]));
        }
    }
    return TRUE;
}

/* qmail-tls "(DHE-RSA-AES128-SHA encrypted)", qpsmtpd "(TLS_AES_256_GCM_SHA384 encrypted)",
 * t-online "(TLSv1.2:ECDHE-RSA-AES256-GCM-SHA384 encrypted)". */
static gboolean
read_encrypted (HtTls *tls, const char *text)
{
    if (!g_str_has_suffix (text, " encrypted"))
        return FALSE;
    g_autofree gchar *cipher = g_strndup (text, strlen (text) - strlen (" encrypted"));
    g_strstrip (cipher);
    if (strchr (cipher, ' ') != NULL || *cipher == '\0')
        return FALSE;
    char *colon = strchr (cipher, ':');
    if (colon) {
        *colon = '\0';
        if (ht_tls_version_parse (cipher) != HT_TLS_VERSION_NONE) {
            set_version (tls, cipher);
            set_cipher (tls, colon + 1, strlen (colon + 1));
            return TRUE;
        }
        *colon = ':';
    }
    set_cipher (tls, cipher, strlen (cipher));
    return TRUE;
}

/* A cipher-suite name as qmail-tls and MessageLabs write it before "encrypted": capitals,
 * digits, '-' and '_', at least one separator, starting with a letter. */
static gboolean
is_cipher_word (const char *word, gsize len)
{
    if (len < 4 || !g_ascii_isupper (word[0]))
        return FALSE;
    gboolean separator = FALSE;
    for (gsize i = 0; i < len; i++) {
        if (word[i] == '-' || word[i] == '_')
            separator = TRUE;
        else if (!g_ascii_isupper (word[i]) && !g_ascii_isdigit (word[i]))
            return FALSE;
    }
    return separator;
}

/* "<cipher> encrypted" outside any comment and outside the with clause: a MessageLabs line cut
 * short loses its "by ... with", as in "from a.example.com (HELO a.example.com) server-7.tower-with
 * AES256-GCM-SHA384 encrypted SMTP; ...", yet the pair still names the cipher. */
static gboolean
read_encrypted_words (HtTls *tls, const char *raw)
{
    int depth = 0;
    const char *previous = NULL; /* the last word outside a comment, if it came just before */
    gsize previous_len = 0;
    for (const char *p = raw; *p;) {
        if (*p == ' ') {
            p++;
            continue;
        }
        const char *start = p;
        gboolean outside = depth == 0;
        while (*p && *p != ' ') {
            if (*p == '(')
                depth++, outside = FALSE;
            else if (*p == ')')
                depth = depth > 0 ? depth - 1 : 0, outside = FALSE;
            p++;
        }
        gsize len = p - start;
        if (outside && len == 9 && g_ascii_strncasecmp (start, "encrypted", 9) == 0 && previous &&
            is_cipher_word (previous, previous_len)) {
            set_cipher (tls, previous, previous_len);
            set_evidence (tls, "%.*s encrypted", (int) previous_len, previous);
            return TRUE;
        }
        previous = outside ? start : NULL;
        previous_len = len;
    }
    return FALSE;
}

/* Postfix's client-certificate comments (smtpd.c). */
static gboolean
read_client_certificate (HtTls *tls, const char *text)
{
    if (g_ascii_strncasecmp (text, "Client CN ", 10) == 0) {
        if (strstr (text, "(verified OK)"))
            set_client_certificate (tls, "verified");
        else
            set_client_certificate (tls, "not-verified");
        return TRUE;
    }
    if (g_ascii_strcasecmp (text, "Client did not present a certificate") == 0) {
        set_client_certificate (tls, "not-presented");
        return TRUE;
    }
    if (g_ascii_strcasecmp (text, "No client certificate requested") == 0) {
        set_client_certificate (tls, "not-requested");
        return TRUE;
    }
    return FALSE;
}

static gboolean
has_details (const HtTls *tls)
{
    return tls->version != HT_TLS_VERSION_NONE || tls->cipher != NULL;
}

HtTls *
ht_tls_from_received (const HtReceived *r)
{
    g_return_val_if_fail (r != NULL, NULL);

    HtTls *tls = g_new0 (HtTls, 1);
    tls->bits = -1;
    gboolean asserted = FALSE; /* TLS stated without details */

    /* 1. Comments, wherever they stand: before by (Postfix, Courier), after id (sendmail),
     *    after for (Gmail), after the date's ';' (IBM Domino). */
    for (guint i = 0; i < r->n_comments; i++) {
        const HtComment *comment = &r->comments[i];
        const char *text = comment->text;
        if (read_client_certificate (tls, text))
            continue;
        if (has_details (tls))
            continue;
        gboolean hit = FALSE;
        if (strstr (text, "version=") || strstr (text, "cipher=") || strstr (text, "VERSION="))
            hit = read_key_values (tls, text);
        if (!hit)
            hit = read_postfix_using (tls, text);
        if (!hit)
            hit = read_colon_list (tls, text);
        if (!hit)
            hit = read_courier (tls, text);
        if (!hit)
            hit = read_encrypted (tls, text);
        /* A recogniser may match the shape yet find no TLS in it, as in a "(version=2.0)"
         * product comment: only a version or a cipher makes the comment the evidence. */
        if (hit && has_details (tls)) {
            /* Details replace an earlier bare "(TLS)" as the evidence. */
            g_clear_pointer (&tls->evidence, g_free);
            set_evidence_text (tls, "(", text, ")");
            continue;
        }
        if (hit)
            continue;
        /* Exchange 2007-2013 "(TLS)"; Exim >= 4.93 "(TLS1.3)" before its tls clause. */
        if (g_ascii_strcasecmp (text, "TLS") == 0 ||
            g_ascii_strcasecmp (text, "Google Transport Security") == 0) {
            asserted = TRUE;
            set_evidence_text (tls, "(", text, ")");
        } else if (ht_tls_version_parse (text) != HT_TLS_VERSION_NONE &&
                   comment->clause == HT_CLAUSE_WITH) {
            set_version (tls, text);
            set_evidence_text (tls, "(", text, ")");
        }
    }

    /* 2. The RFC 8314 tls clause: "with esmtps (TLS1.3) tls TLS_AES_256_GCM_SHA384". */
    if (r->tls_clause) {
        set_cipher (tls, r->tls_clause, strlen (r->tls_clause));
        g_free (tls->evidence);
        tls->evidence = tls->version_text
                            ? g_strdup_printf ("(%s) tls %s", tls->version_text, r->tls_clause)
                            : g_strdup_printf ("tls %s", r->tls_clause);
    }

    /* 3. Clause words. */
    if (r->with && !has_details (tls)) {
        g_auto (GStrv) words = g_strsplit (r->with, " ", -1);
        const char *first = words[0];
        const char *slash = strchr (first, '/');
        /* Cisco IronPort "with ESMTP/TLS/ECDHE-RSA-AES256-GCM-SHA384" and "with ESMTP/TLS". */
        if (slash && g_ascii_strncasecmp (slash, "/TLS", 4) == 0 &&
            (slash[4] == '\0' || slash[4] == '/')) {
            if (slash[4] == '/' && slash[5])
                set_cipher (tls, slash + 5, strlen (slash + 5));
            else
                asserted = TRUE;
            set_evidence_text (tls, "with ", first, "");
        } else if (g_ascii_strcasecmp (first, "ESMTP-TLS") == 0) {
            /* CommuniGate Pro */
            asserted = TRUE;
            set_evidence_text (tls, "with ", first, "");
        } else {
            /* MessageLabs "with ECDHE-RSA-AES256-GCM-SHA384 encrypted SMTP"; Mimecast "with
             * ESMTP with STARTTLS" or "with ESMTP with both STARTTLS and AUTH", which assert
             * TLS even where no (version=...) comment follows. */
            for (guint i = 1; words[i]; i++) {
                if (g_ascii_strcasecmp (words[i], "encrypted") == 0) {
                    set_cipher (tls, words[i - 1], strlen (words[i - 1]));
                    set_evidence_text (tls, "with ", r->with, "");
                    break;
                }
                if (g_ascii_strcasecmp (words[i], "STARTTLS") == 0) {
                    asserted = TRUE;
                    set_evidence_text (tls, "with ", r->with, "");
                    break;
                }
            }
        }
    }
    if (!has_details (tls) && !asserted)
        read_encrypted_words (tls, r->raw);
    /* Key-value text outside any comment: OpenSMTPD before 2016 wrote a bare
     * "TLS version=TLSv1/SSLv3 cipher=ECDHE-RSA-AES256-GCM-SHA384 bits=256 verify=NO". */
    if (!has_details (tls)) {
        const char *at = strstr (r->raw, "TLS version=");
        if (at && read_key_values (tls, at)) {
            const char *end = strstr (at, "verify=");
            gsize len = end ? (gsize) (end - at) + 7 + strcspn (end + 7, " ;") : strlen (at);
            g_free (tls->evidence);
            tls->evidence = g_strndup (at, len);
        }
    }
    /* IIS SMTPSVC: "by host over TLS secured channel with Microsoft SMTPSVC(6.0.3790.4675)". */
    if (!has_details (tls) && !asserted && r->by_extra &&
        strstr (r->by_extra, "over TLS secured channel")) {
        asserted = TRUE;
        set_evidence_text (tls, "", "over TLS secured channel", "");
    }

    if (has_details (tls) || asserted) {
        tls->used = HT_TLS_USED_YES;
    } else if (r->with && (g_str_has_prefix (r->with, "Microsoft SMTP Server") ||
                           g_str_has_prefix (r->with, "Microsoft SMTPSVC"))) {
        /* Exchange writes "(TLS)" or "(version=...)" whenever TLS was used, IIS writes
         * "over TLS secured channel": their absence means plaintext. */
        tls->used = HT_TLS_USED_NO;
        set_evidence_text (tls, "with ", r->with, "");
    } else if (r->has_from && r->with) {
        /* A line without a from clause (Gmail's internal "by 2002:... with SMTP id",
         * a local pickup) records no link from another server: its protocol word says
         * nothing about a link's encryption. */
        gsize len = 0;
        const char *word = find_protocol_word (r->with, &len, &tls->used);
        if (tls->used != HT_TLS_USED_UNKNOWN)
            set_evidence (tls, "with %.*s", (int) len, word);
    }

    /* The one inference: a TLS 1.3-only suite cannot have been negotiated under 1.2. */
    if (tls->version == HT_TLS_VERSION_NONE && tls->cipher &&
        ht_cipher_is_tls13_only (tls->cipher)) {
        tls->version = HT_TLS_VERSION_1_3;
        tls->version_inferred = TRUE;
    }
    return tls;
}

void
ht_tls_free (HtTls *tls)
{
    if (tls == NULL)
        return;
    g_free (tls->version_text);
    g_free (tls->cipher);
    g_free (tls->client_certificate);
    g_free (tls->evidence);
    g_free (tls);
}
