/* ht-tls: TLS evidence in a Received line.
 *
 * Every MTA writes TLS its own way (docs/received-formats.md has the catalogue). The
 * recognisers below run over the comments of the line first, then over its clauses; the
 * first that finds a version or a cipher wins, and the protocol word of RFC 3848 decides
 * only when no recogniser found anything.
 *
 * The recognisers read the HtReceived in place: they see a comment or a clause as a span
 * (pointer and length), compare without case by hand instead of upper-casing copies, and note
 * what they found as spans into the HtReceived. Only at the end is the HtTls built, in one
 * block that holds the struct and its strings, so that a line costs one allocation however
 * many recognisers it passes through. */
#include "config.h"

#include "ht-tls.h"

#include "ht-ascii.h"

#include <stdlib.h>
#include <string.h>

#include "ht-cipher.h"

/* ---- Spans -------------------------------------------------------------------------------- */

/* LEN bytes of text inside the HtReceived (or a string literal), not NUL-terminated. */
typedef struct {
    const char *text; /* NULL when there is no such text */
    gsize len;
} Span;

/* TRUE when the span is WORD, ignoring ASCII case. */
static inline gboolean
span_is (const char *text, gsize len, const char *word)
{
    return len == strlen (word) && ht_ascii_equal (text, word, len);
}

/* TRUE when the span starts with PREFIX, ignoring ASCII case. */
static inline gboolean
span_starts_with (const char *text, gsize len, const char *prefix)
{
    gsize prefix_len = strlen (prefix);
    return len >= prefix_len && ht_ascii_equal (text, prefix, prefix_len);
}

/* The first NEEDLE in the span, or NULL. Comments are short: memmem's set-up would cost more
 * than the search, so this finds NEEDLE's first byte with memchr and compares from there. */
static const char *
find_text (const char *text, gsize len, const char *needle, gsize needle_len)
{
    const char *end = text + len;
    for (const char *p = text; (gsize) (end - p) >= needle_len; p++) {
        p = memchr (p, needle[0], end - p - needle_len + 1);
        if (p == NULL)
            return NULL;
        if (memcmp (p, needle, needle_len) == 0)
            return p;
    }
    return NULL;
}

/* The white space g_strstrip removes: space, tab, line feed, form feed, carriage return. */
static inline gboolean
is_space (char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* The span without the white space around it. */
static Span
strip (const char *text, gsize len)
{
    while (len > 0 && is_space (*text))
        text++, len--;
    while (len > 0 && is_space (text[len - 1]))
        len--;
    return (Span){text, len};
}

static inline gboolean
is_digit (char c)
{
    return c >= '0' && c <= '9';
}

/* ---- Versions and protocol words ----------------------------------------------------------- */

/* The TLS 1.x version whose minor number is DIGIT, or NONE. */
static HtTlsVersion
tls_minor (char digit)
{
    switch (digit) {
    case '0': return HT_TLS_VERSION_1_0;
    case '1': return HT_TLS_VERSION_1_1;
    case '2': return HT_TLS_VERSION_1_2;
    case '3': return HT_TLS_VERSION_1_3;
    default: return HT_TLS_VERSION_NONE;
    }
}

/* The version a whole span spells, ignoring case and the white space around it. The spellings:
 *   TLSv1/SSLv3                      ambiguous (see HT_TLS_VERSION_AMBIGUOUS)
 *   TLS1, TLSv1                      1.0 (Gmail, Postfix)
 *   TLS1.N, TLS1_N, TLSv1.N, TLSv1_N 1.N for N in 0..3 (Postfix, Exchange, Exim, sendmail)
 *   TLS-1.N                          1.N (Exim 4.50 with GnuTLS)
 *   SSL3, SSLv3, SSL3.0, SSLv3.0     SSL 3.0
 *   SSL2, SSLv2                      SSL 2.0
 * each also wrapped as Schannel's protocol constant, SP_PROT_TLS1_2_SERVER or _CLIENT, as in
 * Exchange protocol logs. */
static HtTlsVersion
version_from_span (const char *text, gsize len)
{
    Span s = strip (text, len);
    if (span_starts_with (s.text, s.len, "SP_PROT_")) {
        s.text += 8, s.len -= 8;
        if (s.len >= 7 && (span_is (s.text + s.len - 7, 7, "_SERVER") ||
                           span_is (s.text + s.len - 7, 7, "_CLIENT")))
            s.len -= 7;
    }
    if (s.len < 4)
        return HT_TLS_VERSION_NONE;
    const char *v = s.text + 3; /* after "TLS" or "SSL" */
    gsize n = s.len - 3;
    if (ht_ascii_equal (s.text, "TLS", 3)) {
        if (n == 8 && span_is (v, n, "v1/SSLv3"))
            return HT_TLS_VERSION_AMBIGUOUS;
        if (n == 4 && v[0] == '-' && v[1] == '1' && v[2] == '.')
            return tls_minor (v[3]);
        if (v[0] == 'v' || v[0] == 'V')
            v++, n--;
        if (n == 1 && v[0] == '1')
            return HT_TLS_VERSION_1_0;
        if (n == 3 && v[0] == '1' && (v[1] == '.' || v[1] == '_'))
            return tls_minor (v[2]);
        return HT_TLS_VERSION_NONE;
    }
    if (ht_ascii_equal (s.text, "SSL", 3)) {
        if (v[0] == 'v' || v[0] == 'V')
            v++, n--;
        if (n == 1 && v[0] == '2')
            return HT_TLS_VERSION_SSL2;
        if (n >= 1 && v[0] == '3' && (n == 1 || (n == 3 && v[1] == '.' && v[2] == '0')))
            return HT_TLS_VERSION_SSL3;
    }
    return HT_TLS_VERSION_NONE;
}

HtTlsVersion
ht_tls_version_parse (const char *text)
{
    if (text == NULL)
        return HT_TLS_VERSION_NONE;
    return version_from_span (text, strlen (text));
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

#define PROTOCOL(word, used)                                                                       \
    {                                                                                              \
        word, sizeof (word) - 1, used                                                              \
    }

/* RFC 3848 adds "S" for TLS and "A" for AUTH to SMTP, ESMTP, LMTP; RFC 6531 prefixes
 * "UTF8". Exim writes lower case and "ssmtp"/"essmtp(a)" for implicit TLS on port 465,
 * Google and Zoho write "SMTPS", Yahoo "SMTPs". */
static const struct {
    const char *word;
    gsize len;
    HtTlsUsed used;
} protocol_words[] = {
    PROTOCOL ("ESMTPS", HT_TLS_USED_YES),  PROTOCOL ("ESMTPSA", HT_TLS_USED_YES),
    PROTOCOL ("LMTPS", HT_TLS_USED_YES),   PROTOCOL ("LMTPSA", HT_TLS_USED_YES),
    PROTOCOL ("SMTPS", HT_TLS_USED_YES),   PROTOCOL ("SMTPSA", HT_TLS_USED_YES),
    PROTOCOL ("SSMTP", HT_TLS_USED_YES),   PROTOCOL ("ESSMTP", HT_TLS_USED_YES),
    PROTOCOL ("ESSMTPA", HT_TLS_USED_YES), PROTOCOL ("HTTPS", HT_TLS_USED_YES),
    PROTOCOL ("SMTP", HT_TLS_USED_NO),     PROTOCOL ("ESMTP", HT_TLS_USED_NO),
    PROTOCOL ("ESMTPA", HT_TLS_USED_NO),   PROTOCOL ("LMTP", HT_TLS_USED_NO),
    PROTOCOL ("LMTPA", HT_TLS_USED_NO),    PROTOCOL ("SMTPA", HT_TLS_USED_NO),
};

/* What a whole protocol word says about TLS, ignoring case. */
static HtTlsUsed
used_from_word (const char *word, gsize len)
{
    if (span_starts_with (word, len, "UTF8"))
        word += 4, len -= 4;
    for (gsize i = 0; i < G_N_ELEMENTS (protocol_words); i++)
        if (len == protocol_words[i].len && ht_ascii_equal (word, protocol_words[i].word, len))
            return protocol_words[i].used;
    return HT_TLS_USED_UNKNOWN;
}

HtTlsUsed
ht_tls_used_from_protocol (const char *with)
{
    if (with == NULL)
        return HT_TLS_USED_UNKNOWN;
    return used_from_word (with, strcspn (with, " \t/("));
}

/* TRUE when the span holds none of '/', '(' and tab. */
static gboolean
is_whole_word (const char *word, gsize len)
{
    for (gsize i = 0; i < len; i++)
        if (word[i] == '/' || word[i] == '(' || word[i] == '\t')
            return FALSE;
    return TRUE;
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
        /* A word with a '/' or '(' would be cut short by ht_tls_used_from_protocol:
         * only a whole word counts here. */
        if (word_len > 0 && is_whole_word (p, word_len) &&
            !span_starts_with (p, word_len, "HTTP")) {
            *used = used_from_word (p, word_len);
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

/* ---- What the recognisers found ------------------------------------------------------------ */

/* The HtTls in the making. Its texts are spans into the HtReceived until ht_tls_from_received
 * copies them into the HtTls's block. */
typedef struct {
    HtTlsVersion version;
    Span version_text;
    Span cipher;
    gint bits;
    const char *client_certificate; /* a fixed word, or NULL */
    /* The evidence is the concatenation of its pieces, such as "(", a comment and ")", or
     * "(", a version, ") tls " and a suite; there is none while n_evidence is 0. */
    Span evidence[4];
    guint n_evidence;
} Findings;

static gboolean
has_details (const Findings *f)
{
    return f->version != HT_TLS_VERSION_NONE || f->cipher.text != NULL;
}

/* The bit count a span starts with, as in "256", "128/128" and "256bits"; -1 when it does not
 * start with a digit or the count is 0 or implausibly large. */
static gint
bits_from_span (const char *text, gsize len)
{
    if (len == 0 || !is_digit (*text))
        return -1;
    gint bits = 0;
    for (gsize i = 0; i < len && is_digit (text[i]); i++) {
        bits = bits * 10 + (text[i] - '0');
        if (bits > 65536)
            return -1;
    }
    return bits > 0 ? bits : -1;
}

static void
set_version (Findings *f, const char *text, gsize len)
{
    if (f->version_text.text != NULL || len == 0)
        return;
    HtTlsVersion version = version_from_span (text, len);
    if (version == HT_TLS_VERSION_NONE)
        return;
    f->version = version;
    f->version_text = (Span){text, len};
}

static void
set_cipher (Findings *f, const char *text, gsize len)
{
    if (f->cipher.text == NULL && len > 0)
        f->cipher = (Span){text, len};
}

static void
add_evidence (Findings *f, const char *text, gsize len)
{
    g_assert (f->n_evidence < G_N_ELEMENTS (f->evidence));
    f->evidence[f->n_evidence++] = (Span){text, len};
}

/* Sets the evidence to PREFIX TEXT SUFFIX, unless it is set already. */
static void
set_evidence (Findings *f, const char *prefix, const char *text, gsize len, const char *suffix)
{
    if (f->n_evidence > 0)
        return;
    add_evidence (f, prefix, strlen (prefix));
    add_evidence (f, text, len);
    add_evidence (f, suffix, strlen (suffix));
}

static void
set_client_certificate (Findings *f, const char *state)
{
    if (f->client_certificate == NULL)
        f->client_certificate = state;
}

/* ---- Recognisers ----------------------------------------------------------------------------
 * Each reads one span (a comment's text, the with clause, the whole line) and returns TRUE when
 * the span has its shape, whether or not it held a version or a cipher. */

/* sendmail's verify= values (cf. its op.me), also written by OpenSMTPD before 2016 and by
 * Haraka: "verify=NO" says that no certificate was presented, "verify=NOT" that none was
 * requested. */
static const char *
client_state_from_verify (const char *verify, gsize len)
{
    if (span_is (verify, len, "OK") || span_is (verify, len, "YES"))
        return "verified";
    if (span_is (verify, len, "NO"))
        return "not-presented";
    if (span_is (verify, len, "NOT"))
        return "not-requested";
    if (span_is (verify, len, "FAIL"))
        return "failed";
    return NULL;
}

static inline gboolean
is_key_char (char c)
{
    return g_ascii_isalnum (c) || c == '_' || c == '-';
}

/* TRUE when the text holds "version=", "VERSION=" or "cipher=", the mark of the key=value lists
 * below: a comment such as Exim's "(port=56303 helo=...)" has other keys only. */
static gboolean
mentions_tls_keys (const char *text, gsize len)
{
    const char *end = text + len;
    for (const char *p = text; (p = memchr (p, '=', end - p)) != NULL; p++) {
        gsize before = p - text;
        if ((before >= 7 &&
             (memcmp (p - 7, "version", 7) == 0 || memcmp (p - 7, "VERSION", 7) == 0)) ||
            (before >= 6 && memcmp (p - 6, "cipher", 6) == 0))
            return TRUE;
    }
    return FALSE;
}

/* key=value lists: Microsoft "(version=TLS1_2, cipher=TLS_...)", Gmail "(version=TLS1_3
 * cipher=... bits=128/128)", sendmail "(version=... cipher=... bits=256 verify=NOT)", Mimecast,
 * Mailgun, Yahoo, ZoneMTA, old Haraka, ecelerity "(cipher=...)", and OpenSMTPD's pre-2016 bare
 * "TLS version=TLSv1/SSLv3 cipher=... bits=256 verify=NO". Returns TRUE if it found a version
 * or a cipher key. The span must end where its string ends: values are measured with strcspn. */
static gboolean
read_key_values (Findings *f, const char *text, gsize len)
{
    gboolean found = FALSE;
    const char *end = text + len;
    const char *p = text;
    while ((p = memchr (p, '=', end - p)) != NULL) {
        const char *key = p;
        while (key > text && is_key_char (key[-1]))
            key--;
        gsize key_len = p - key;
        const char *value = p + 1;
        gsize value_len = MIN (strcspn (value, " \t,;)"), (gsize) (end - value));
        p = value + value_len;
        if (value_len == 0)
            continue;
        if (span_is (key, key_len, "version")) {
            set_version (f, value, value_len);
            found = TRUE;
        } else if (span_is (key, key_len, "cipher")) {
            set_cipher (f, value, value_len);
            found = TRUE;
        } else if (span_is (key, key_len, "bits") && f->bits < 0) {
            f->bits = bits_from_span (value, value_len);
        } else if (span_is (key, key_len, "verify")) {
            const char *state = client_state_from_verify (value, value_len);
            if (state)
                set_client_certificate (f, state);
        }
    }
    return found;
}

static inline gboolean
is_using_separator (char c)
{
    return c == ' ' || c == '\t' || c == '(' || c == ')';
}

/* Postfix "(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange ...)",
 * also written by Proofpoint Essentials, Cloudmark ("256/256 bits" without parentheses),
 * MailChannels trex (no bits), Symantec.cloud and Kerio ("(256 bits)"). The version must follow
 * "using " at once; words end at white space and parentheses. */
static gboolean
read_postfix_using (Findings *f, const char *text, gsize len)
{
    if (!span_starts_with (text, len, "using "))
        return FALSE;
    const char *start = text + 6;
    const char *end = text + len;
    gboolean after_cipher = FALSE;
    const char *p = start;
    while (p < end) {
        const char *word = p;
        while (p < end && !is_using_separator (*p))
            p++;
        gsize word_len = p - word;
        if (p < end)
            p++; /* the separator */
        if (word_len == 0)
            continue;
        if (f->version_text.text == NULL && word == start)
            set_version (f, word, word_len);
        else if (after_cipher) {
            set_cipher (f, word, word_len);
            after_cipher = FALSE;
        } else if (span_is (word, word_len, "cipher"))
            after_cipher = TRUE;
        else if (f->bits < 0 && is_digit (*word) && f->cipher.text != NULL)
            f->bits = bits_from_span (word, word_len);
        else if (span_is (word, word_len, "key-exchange"))
            break;
    }
    return TRUE;
}

/* Colon lists: Exim before 4.93 "(TLSv1.2:ECDHE-RSA-AES256-GCM-SHA384:256)", GnuTLS builds
 * "(TLS1.2:ECDHE_RSA_AES_256_GCM_SHA384:256)", Exim 3 "(Cipher TLSv1:DES-CBC3-SHA:168)",
 * Exim 4.50 "(tls_cipher TLS-1.0:RSA_AES_256_CBC_SHA:32)", OpenSMTPD
 * "(TLSv1.3:TLS_AES_256_GCM_SHA384:256:NO)". */
static gboolean
read_colon_list (Findings *f, const char *text, gsize len)
{
    if (span_starts_with (text, len, "cipher "))
        text += 7, len -= 7;
    else if (span_starts_with (text, len, "tls_cipher "))
        text += 11, len -= 11;
    if (memchr (text, ' ', len) != NULL || memchr (text, ':', len) == NULL)
        return FALSE;
    /* At most five fields, the last holding the rest, as g_strsplit (text, ":", 5) cuts them. */
    Span fields[5];
    guint n_fields = 0;
    const char *end = text + len;
    const char *p = text;
    const char *colon;
    while (n_fields < G_N_ELEMENTS (fields) - 1 && (colon = memchr (p, ':', end - p)) != NULL) {
        fields[n_fields++] = (Span){p, colon - p};
        p = colon + 1;
    }
    fields[n_fields++] = (Span){p, end - p};
    if (version_from_span (fields[0].text, fields[0].len) == HT_TLS_VERSION_NONE ||
        fields[1].len == 0)
        return FALSE;
    set_version (f, fields[0].text, fields[0].len);
    set_cipher (f, fields[1].text, fields[1].len);
    if (n_fields > 2 && f->bits < 0)
        f->bits = bits_from_span (fields[2].text, fields[2].len);
    /* OpenSMTPD's fourth field is "YES" when the client certificate was verified and "NO"
     * otherwise: NO does not tell whether one was presented (smtp_session.c tests only
     * SF_VERIFIED). */
    if (n_fields > 3) {
        if (span_is (fields[3].text, fields[3].len, "YES"))
            set_client_certificate (f, "verified");
        else if (span_is (fields[3].text, fields[3].len, "NO"))
            set_client_certificate (f, "not-verified");
    }
    return TRUE;
}

/* Courier "(TLS: TLSv1/SSLv3,256bits,AES256-GCM-SHA384)", also "(AUTH: LOGIN u, TLS: ...)".
 * Only the first "TLS: " counts, and it must start a word. */
static gboolean
read_courier (Findings *f, const char *text, gsize len)
{
    const char *at = find_text (text, len, "TLS: ", 5);
    if (at == NULL || (at != text && at[-1] != ' '))
        return FALSE;
    const char *end = text + len;
    const char *p = at + 5;
    if (p == end)
        return FALSE;
    /* At most four comma-separated fields, the last holding the rest; each stripped. */
    for (guint i = 0; i < 4; i++) {
        const char *comma = i < 3 ? memchr (p, ',', end - p) : NULL;
        Span field = strip (p, (comma ? comma : end) - p);
        if (i == 0) {
            set_version (f, field.text, field.len);
        } else if (field.len > 0 && is_digit (field.text[0]) && field.len >= 4 &&
                   memcmp (field.text + field.len - 4, "bits", 4) == 0) {
            if (f->bits < 0)
                f->bits = bits_from_span (field.text, field.len);
        } else if (field.len > 0) {
            set_cipher (f, field.text, field.len);
        }
        if (comma == NULL)
            break;
        p = comma + 1;
    }
    return TRUE;
}

/* qmail-tls "(DHE-RSA-AES128-SHA encrypted)", qpsmtpd "(TLS_AES_256_GCM_SHA384 encrypted)",
 * t-online "(TLSv1.2:ECDHE-RSA-AES256-GCM-SHA384 encrypted)". */
static gboolean
read_encrypted (Findings *f, const char *text, gsize len)
{
    static const char suffix[] = " encrypted";
    const gsize suffix_len = sizeof suffix - 1;
    if (len < suffix_len || memcmp (text + len - suffix_len, suffix, suffix_len) != 0)
        return FALSE;
    Span cipher = strip (text, len - suffix_len);
    if (cipher.len == 0 || memchr (cipher.text, ' ', cipher.len) != NULL)
        return FALSE;
    const char *colon = memchr (cipher.text, ':', cipher.len);
    if (colon) {
        gsize version_len = colon - cipher.text;
        if (version_from_span (cipher.text, version_len) != HT_TLS_VERSION_NONE) {
            set_version (f, cipher.text, version_len);
            set_cipher (f, colon + 1, cipher.len - version_len - 1);
            return TRUE;
        }
    }
    set_cipher (f, cipher.text, cipher.len);
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
read_encrypted_words (Findings *f, const char *raw)
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
        if (outside && span_is (start, len, "encrypted") && previous &&
            is_cipher_word (previous, previous_len)) {
            set_cipher (f, previous, previous_len);
            set_evidence (f, "", previous, previous_len, " encrypted");
            return TRUE;
        }
        previous = outside ? start : NULL;
        previous_len = len;
    }
    return FALSE;
}

/* Postfix's client-certificate comments (smtpd.c). */
static gboolean
read_client_certificate (Findings *f, const char *text, gsize len)
{
    if (span_starts_with (text, len, "Client CN ")) {
        if (find_text (text, len, "(verified OK)", 13) != NULL)
            set_client_certificate (f, "verified");
        else
            set_client_certificate (f, "not-verified");
        return TRUE;
    }
    if (span_is (text, len, "Client did not present a certificate")) {
        set_client_certificate (f, "not-presented");
        return TRUE;
    }
    if (span_is (text, len, "No client certificate requested")) {
        set_client_certificate (f, "not-requested");
        return TRUE;
    }
    return FALSE;
}

/* Reads one comment of the line into F, and TRUE when it asserts TLS without details. */
static gboolean
read_comment (Findings *f, const HtComment *comment)
{
    const char *text = comment->text;
    gsize len = strlen (text);
    if (read_client_certificate (f, text, len) || has_details (f))
        return FALSE;
    gboolean hit = FALSE;
    if (mentions_tls_keys (text, len))
        hit = read_key_values (f, text, len);
    if (!hit)
        hit = read_postfix_using (f, text, len);
    if (!hit)
        hit = read_colon_list (f, text, len);
    if (!hit)
        hit = read_courier (f, text, len);
    if (!hit)
        hit = read_encrypted (f, text, len);
    /* A recogniser may match the shape yet find no TLS in it, as in a "(version=2.0)"
     * product comment: only a version or a cipher makes the comment the evidence. */
    if (hit && has_details (f)) {
        /* Details replace an earlier bare "(TLS)" as the evidence. */
        f->n_evidence = 0;
        set_evidence (f, "(", text, len, ")");
        return FALSE;
    }
    if (hit)
        return FALSE;
    /* Exchange 2007-2013 "(TLS)"; Exim >= 4.93 "(TLS1.3)" before its tls clause. */
    if (span_is (text, len, "TLS") || span_is (text, len, "Google Transport Security")) {
        set_evidence (f, "(", text, len, ")");
        return TRUE;
    }
    if (comment->clause == HT_CLAUSE_WITH && version_from_span (text, len) != HT_TLS_VERSION_NONE) {
        set_version (f, text, len);
        set_evidence (f, "(", text, len, ")");
    }
    return FALSE;
}

/* Reads the words of the with clause into F, and TRUE when they assert TLS without details. */
static gboolean
read_with_words (Findings *f, const char *with)
{
    gsize first_len = strcspn (with, " ");
    const char *first_end = with + first_len;
    const char *slash = memchr (with, '/', first_len);
    /* Cisco IronPort "with ESMTP/TLS/ECDHE-RSA-AES256-GCM-SHA384" and "with ESMTP/TLS". */
    if (slash && first_end - slash >= 4 && ht_ascii_equal (slash, "/TLS", 4) &&
        (slash + 4 == first_end || slash[4] == '/')) {
        set_evidence (f, "with ", with, first_len, "");
        if (slash + 5 < first_end) {
            set_cipher (f, slash + 5, first_end - (slash + 5));
            return FALSE;
        }
        return TRUE;
    }
    /* CommuniGate Pro */
    if (span_is (with, first_len, "ESMTP-TLS")) {
        set_evidence (f, "with ", with, first_len, "");
        return TRUE;
    }
    /* MessageLabs "with ECDHE-RSA-AES256-GCM-SHA384 encrypted SMTP"; Mimecast "with ESMTP with
     * STARTTLS" or "with ESMTP with both STARTTLS and AUTH", which assert TLS even where no
     * (version=...) comment follows. Words are what lies between single spaces, so two spaces
     * make an empty word. */
    const char *previous = with;
    gsize previous_len = first_len;
    for (const char *p = first_end; *p == ' ';) {
        const char *word = ++p;
        p += strcspn (p, " ");
        gsize word_len = p - word;
        if (span_is (word, word_len, "encrypted")) {
            set_cipher (f, previous, previous_len);
            set_evidence (f, "with ", with, strlen (with), "");
            return FALSE;
        }
        if (span_is (word, word_len, "STARTTLS")) {
            set_evidence (f, "with ", with, strlen (with), "");
            return TRUE;
        }
        previous = word;
        previous_len = word_len;
    }
    return FALSE;
}

/* ---- The HtTls ------------------------------------------------------------------------------ */

/* Copies LEN bytes and a NUL to *OUT, moves *OUT past them and returns the copy. */
static gchar *
copy_out (char **out, const char *text, gsize len)
{
    gchar *copy = *out;
    memcpy (copy, text, len);
    copy[len] = '\0';
    *out += len + 1;
    return copy;
}

/* The HtTls of F, in one block: the struct, then its strings. */
static HtTls *
build (const Findings *f, HtTlsUsed used)
{
    gsize certificate_len = f->client_certificate ? strlen (f->client_certificate) : 0;
    gsize evidence_len = 0;
    for (guint i = 0; i < f->n_evidence; i++)
        evidence_len += f->evidence[i].len;
    gsize size = sizeof (HtTls);
    if (f->version_text.text)
        size += f->version_text.len + 1;
    if (f->cipher.text)
        size += f->cipher.len + 1;
    if (f->client_certificate)
        size += certificate_len + 1;
    if (f->n_evidence > 0)
        size += evidence_len + 1;

    HtTls *tls = g_malloc (size);
    char *out = (char *) (tls + 1);
    tls->used = used;
    tls->version = f->version;
    tls->version_inferred = FALSE;
    tls->bits = f->bits;
    tls->version_text =
        f->version_text.text ? copy_out (&out, f->version_text.text, f->version_text.len) : NULL;
    tls->cipher = f->cipher.text ? copy_out (&out, f->cipher.text, f->cipher.len) : NULL;
    tls->client_certificate =
        f->client_certificate ? copy_out (&out, f->client_certificate, certificate_len) : NULL;
    tls->evidence = NULL;
    if (f->n_evidence > 0) {
        tls->evidence = out;
        for (guint i = 0; i < f->n_evidence; i++) {
            memcpy (out, f->evidence[i].text, f->evidence[i].len);
            out += f->evidence[i].len;
        }
        *out = '\0';
    }
    return tls;
}

HtTls *
ht_tls_from_received (const HtReceived *r)
{
    g_return_val_if_fail (r != NULL, NULL);

    Findings f = {.version = HT_TLS_VERSION_NONE, .bits = -1};
    gboolean asserted = FALSE; /* TLS stated without details */

    /* 1. Comments, wherever they stand: before by (Postfix, Courier), after id (sendmail),
     *    after for (Gmail), after the date's ';' (IBM Domino). */
    for (guint i = 0; i < r->n_comments; i++)
        asserted |= read_comment (&f, &r->comments[i]);

    /* 2. The RFC 8314 tls clause: "with esmtps (TLS1.3) tls TLS_AES_256_GCM_SHA384". */
    if (r->tls_clause) {
        gsize clause_len = strlen (r->tls_clause);
        set_cipher (&f, r->tls_clause, clause_len);
        f.n_evidence = 0;
        if (f.version_text.text) {
            add_evidence (&f, "(", 1);
            add_evidence (&f, f.version_text.text, f.version_text.len);
            add_evidence (&f, ") tls ", 6);
        } else {
            add_evidence (&f, "tls ", 4);
        }
        add_evidence (&f, r->tls_clause, clause_len);
    }

    /* 3. Clause words. */
    if (r->with && !has_details (&f))
        asserted |= read_with_words (&f, r->with);
    if (!has_details (&f) && !asserted)
        read_encrypted_words (&f, r->raw);
    /* Key-value text outside any comment: OpenSMTPD before 2016 wrote a bare
     * "TLS version=TLSv1/SSLv3 cipher=ECDHE-RSA-AES256-GCM-SHA384 bits=256 verify=NO". */
    if (!has_details (&f)) {
        const char *at = strstr (r->raw, "TLS version=");
        if (at && read_key_values (&f, at, strlen (at))) {
            const char *end = strstr (at, "verify=");
            gsize len = end ? (gsize) (end - at) + 7 + strcspn (end + 7, " ;") : strlen (at);
            f.n_evidence = 0;
            add_evidence (&f, at, len);
        }
    }
    /* IIS SMTPSVC: "by host over TLS secured channel with Microsoft SMTPSVC(6.0.3790.4675)". */
    if (!has_details (&f) && !asserted && r->by_extra &&
        strstr (r->by_extra, "over TLS secured channel")) {
        asserted = TRUE;
        set_evidence (&f, "", "over TLS secured channel", 24, "");
    }

    HtTlsUsed used = HT_TLS_USED_UNKNOWN;
    if (has_details (&f) || asserted) {
        used = HT_TLS_USED_YES;
    } else if (r->with && (g_str_has_prefix (r->with, "Microsoft SMTP Server") ||
                           g_str_has_prefix (r->with, "Microsoft SMTPSVC"))) {
        /* Exchange writes "(TLS)" or "(version=...)" whenever TLS was used, IIS writes
         * "over TLS secured channel": their absence means plaintext. */
        used = HT_TLS_USED_NO;
        set_evidence (&f, "with ", r->with, strlen (r->with), "");
    } else if (r->has_from && r->with) {
        /* A line without a from clause (Gmail's internal "by 2002:... with SMTP id",
         * a local pickup) records no link from another server: its protocol word says
         * nothing about a link's encryption. */
        gsize len = 0;
        const char *word = find_protocol_word (r->with, &len, &used);
        if (used != HT_TLS_USED_UNKNOWN)
            set_evidence (&f, "with ", word, len, "");
    }

    HtTls *tls = build (&f, used);
    /* The one inference: a TLS 1.3-only suite cannot have been negotiated under 1.2. */
    if (tls->version == HT_TLS_VERSION_NONE && tls->cipher &&
        ht_cipher_is_tls13_only (tls->cipher)) {
        tls->version = HT_TLS_VERSION_1_3;
        tls->version_inferred = TRUE;
    }
    return tls;
}

/* The strings live in the HtTls's own block (see build). */
void
ht_tls_free (HtTls *tls)
{
    g_free (tls);
}
