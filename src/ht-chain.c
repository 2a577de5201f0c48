/* ht-chain: the hop chain of one message.
 *
 * Each relay prepends its Received line, so the header block lists hops newest first; the
 * chain is that list reversed. A line's TLS text and `id` build were written by its `by`
 * server about the link into that server, so each hop is "from -> by" with the facts of
 * the by server. */
#include "config.h"

#include "ht-chain.h"

#include "ht-ascii.h"

#include <arpa/inet.h>
#include <string.h>

#include "ht-cipher.h"
#include "ht-exchange.h"
#include "ht-profile.h"
#include "ht-route.h"

const char *
ht_severity_name (HtSeverity severity)
{
    switch (severity) {
    case HT_SEVERITY_WARNING: return "warning";
    case HT_SEVERITY_ERROR: return "error";
    case HT_SEVERITY_INFO:
    default: return "info";
    }
}

gboolean
ht_chain_is_hop_field (const char *name, const char **field)
{
    /* Runs for every field of every message (here and in ht-exchange), so "received" is
     * compared as one 8-byte word. OR-ing 0x20 lower-cases a letter, and the only bytes it
     * turns into a given lower-case letter are that letter's two cases. The first letter
     * turns most other fields away before any length is measured. */
    char first = (char) (name[0] | 0x20);
    if (first != 'r' && first != 'x')
        return FALSE;
    gsize len = strlen (name);
    gboolean x = len == 10 && first == 'x' && name[1] == '-';
    if (len != 8 && !x)
        return FALSE;
    guint64 word, received;
    memcpy (&word, name + (x ? 2 : 0), 8);
    memcpy (&received, "received", 8);
    if ((word | G_GUINT64_CONSTANT (0x2020202020202020)) != received)
        return FALSE;
    *field = x ? "X-Received" : "Received";
    return TRUE;
}

static void
finding_free (gpointer data)
{
    HtFinding *finding = data;
    g_free (finding->text);
    g_free (finding);
}

/* Frees what HOP holds, not HOP itself: a report's hops live in one block (ht_chain_build). */
static void
hop_clear (HtHop *hop)
{
    ht_received_free (hop->received);
    ht_tls_free (hop->tls);
    ht_server_clear (&hop->server);
    g_free (hop->gap_reason);
}

/* Adds a finding with TEXT (transfer full). The findings of healthy mail (old TLS, static
 * RSA, a missing date) come often enough that they are written with g_strconcat, not
 * printf; add_finding is for the rare ones. */
static void
add_finding_text (HtReport *report, HtSeverity severity, guint hop, const char *code, gchar *text)
{
    HtFinding *finding = g_new (HtFinding, 1);
    finding->severity = severity;
    finding->hop = hop;
    finding->code = code;
    finding->text = text;
    g_ptr_array_add (report->findings, finding);
}

G_GNUC_PRINTF (5, 6)
static void
add_finding (HtReport *report, HtSeverity severity, guint hop, const char *code, const char *format,
             ...)
{
    va_list args;
    va_start (args, format);
    gchar *text = g_strdup_vprintf (format, args);
    va_end (args);
    add_finding_text (report, severity, hop, code, text);
}

static const char *
host_or (const char *host, const char *fallback)
{
    return host && *host ? host : fallback;
}

/* VALUE in decimal, written into BUFFER, without printf (gap reasons are written for many
 * hops). */
static const char *
number_text (guint value, char buffer[16])
{
    gsize k = 15;
    buffer[k] = '\0';
    do {
        buffer[--k] = (char) ('0' + value % 10);
        value /= 10;
    } while (value);
    return buffer + k;
}

/* Servers' clocks and their second-resolution stamps disagree by a second or two all the
 * time (Exchange Online's internal hops do): only a larger difference is worth a finding. */
#define CLOCK_SKEW_TOLERANCE 30
/* Hops a day apart that do not continue from the previous server belong to another chain. */
#define CHAIN_BREAK_SECONDS 86400

static const char *
sender_display (const HtReceived *r)
{
    if (r->from_rdns)
        return r->from_rdns;
    if (r->from_helo)
        return r->from_helo;
    return r->from_ip ? r->from_ip : "?";
}

/* TRUE when two names name the same server: equal but for case and a trailing dot, or an
 * unqualified name equal to the other's first label (Exchange often HELOs with its NetBIOS
 * name, EDGE01, and is called EDGE01.example.com by its peer). */
static gboolean
same_host_name (const char *a, const char *b)
{
    if (a == NULL || b == NULL || *a == '\0' || *b == '\0')
        return FALSE;
    gsize la = strlen (a), lb = strlen (b);
    if (la > 1 && a[la - 1] == '.')
        la--;
    if (lb > 1 && b[lb - 1] == '.')
        lb--;
    if (la == lb && ht_ascii_equal (a, b, la))
        return TRUE;
    const char *dot_a = memchr (a, '.', la), *dot_b = memchr (b, '.', lb);
    if (dot_a == NULL && dot_b != NULL)
        return (gsize) (dot_b - b) == la && ht_ascii_equal (a, b, la);
    if (dot_b == NULL && dot_a != NULL)
        return (gsize) (dot_a - a) == lb && ht_ascii_equal (a, b, lb);
    return FALSE;
}

/* TRUE when NEXT's sending server is PREVIOUS's receiving server: the chain goes on from
 * it. Unknown (no from, no by) counts as continuing: there is nothing to contradict it. */
static gboolean
continues_from (const HtHop *previous, const HtHop *next)
{
    const HtReceived *p = previous->received, *n = next->received;
    if (!n->has_from || !p->has_by || (p->by_host == NULL && p->by_ip == NULL))
        return TRUE;
    if (p->by_ip && n->from_ip && strcmp (p->by_ip, n->from_ip) == 0 &&
        !ht_profile_is_loopback (n->from_ip))
        return TRUE;
    return same_host_name (p->by_host, n->from_rdns) || same_host_name (p->by_host, n->from_helo);
}

/* Why the version of a TLS link is missing, in the words of the server that wrote it,
 * and where to look instead. */
static gchar *
gap_reason (const HtHop *hop, const HtHop *next)
{
    const HtReceived *r = hop->received;
    const char *product = hop->server.product;
    const char *by = host_or (r->by_host, "the receiving server");

    if (hop->tls->used == HT_TLS_USED_UNKNOWN)
        return g_strdup ("the line names no protocol and no TLS details: nothing says whether "
                         "this link was encrypted");

    /* The texts are joined with g_strconcat rather than printf: most TLS hops of real mail
     * have a gap, and printf would cost more than the rest of the hop's checks. (ht-tls sets
     * version_text with every version it recognises.) */
    if (hop->tls->version == HT_TLS_VERSION_AMBIGUOUS)
        return g_strconcat ("\"", hop->tls->version_text,
                            "\" is old OpenSSL's name for the cipher's family, not the negotiated "
                            "version (TLS 1.2 or lower); the version is in the logs of ",
                            by, NULL);

    if (ht_classify_is_exchange (product)) {
        /* What the next link recorded, when it continues from this server. */
        g_autofree gchar *next_link = NULL;
        if (next && continues_from (hop, next) && next->tls->version != HT_TLS_VERSION_NONE &&
            !next->tls->version_inferred && ht_tls_version_name (next->tls->version)) {
            char index[16];
            next_link = g_strconcat ("; the next link (hop ", number_text (next->index, index),
                                     ", into ", host_or (next->received->by_host, "?"),
                                     ") recorded ", ht_tls_version_name (next->tls->version), NULL);
        }
        return g_strconcat (product,
                            " records only \"(TLS)\"; the version is only in the SMTP receive "
                            "protocol log of ",
                            by,
                            ": set ProtocolLoggingLevel Verbose on its receive connector and look "
                            "for \"TLS protocol SP_PROT_TLS1_x_SERVER\"",
                            next_link ? next_link : "", NULL);
    }
    if (g_strcmp0 (product, "Exchange Online") == 0 && r->with &&
        g_ascii_strcasecmp (r->with, "HTTPS") == 0)
        return g_strdup ("Exchange Online's delivery into the mailbox store runs over HTTPS "
                         "inside Microsoft's network and records no TLS version");
    if (hop->tls->evidence && strstr (hop->tls->evidence, "Google Transport Security"))
        return g_strdup ("Google records only that its internal transport was encrypted "
                         "(Google Transport Security)");
    if (g_strcmp0 (product, "Postfix") == 0)
        return g_strconcat ("Postfix writes the TLS version into Received only with "
                            "smtpd_tls_received_header = yes (off by default); the version is in "
                            "the mail log of ",
                            by, " (\"TLS connection established from ...\")", NULL);
    if (g_strcmp0 (product, "Exim") == 0)
        return g_strconcat ("this Exim's received_header_text leaves the TLS details out; the "
                            "version is in the X= field of ",
                            by, "'s main log", NULL);
    if (g_strcmp0 (product, "Cisco Secure Email") == 0)
        return g_strconcat (hop->tls->cipher
                                ? "Cisco Secure Email (IronPort) writes the cipher suite but not "
                                  "the protocol version; the version is in the mail logs of "
                                : "Cisco Secure Email (IronPort) wrote only \"ESMTP/TLS\"; the "
                                  "version is in the mail logs of ",
                            by, NULL);
    if (g_strcmp0 (product, "IIS SMTP") == 0)
        return g_strconcat ("IIS SMTP records only that TLS was used; see the SMTP log of ", by,
                            NULL);
    /* Evidence that is a comment carries its own parentheses: "(cipher=AES-256-GCM)". */
    const char *evidence = hop->tls->evidence ? hop->tls->evidence : "protocol word";
    gboolean parenthesised = evidence[0] == '(';
    return g_strconcat ("the line says TLS was used ", parenthesised ? "" : "(", evidence,
                        parenthesised ? "" : ")", " but not which version; see the logs of ", by,
                        NULL);
}

static gchar *
weakness_words (HtCipherWeakness weak)
{
    static const struct {
        HtCipherWeakness flag;
        const char *word;
    } words[] = {
        {HT_CIPHER_WEAK_RC4, "RC4"},       {HT_CIPHER_WEAK_3DES, "3DES"},
        {HT_CIPHER_WEAK_DES, "DES"},       {HT_CIPHER_WEAK_NULL, "no encryption"},
        {HT_CIPHER_WEAK_EXPORT, "export"}, {HT_CIPHER_WEAK_ANON, "anonymous"},
        {HT_CIPHER_WEAK_MD5, "MD5"},
    };
    GString *text = g_string_new (NULL);
    for (gsize i = 0; i < G_N_ELEMENTS (words); i++) {
        if (weak & words[i].flag) {
            if (text->len)
                g_string_append (text, ", ");
            g_string_append (text, words[i].word);
        }
    }
    return g_string_free (text, FALSE);
}

/* Second-level labels that, under a two-letter country code, make a public suffix of two
 * labels (co.uk, com.au, co.jp, com.br, gob.mx, ac.jp, ne.jp ...). A short rule instead of
 * the Public Suffix List: good enough to tell organisations apart in a Received chain. */
static const char *const second_level_categories[] = {
    "ac",  "co", "com", "edu", "go", "gob", "gov", "ltd",
    "mil", "ne", "net", "nic", "or", "org", "plc",
};

/* Top-level names of private networks: a host under one of them is inside some organisation,
 * but which one the name does not say. */
static const char *const private_tlds[] = {
    "corp", "home", "internal", "intranet", "lan", "local", "localdomain", "private",
};

static gboolean
in_list (const char *word, gsize len, const char *const *list, gsize n)
{
    for (gsize i = 0; i < n; i++)
        if (strlen (list[i]) == len && ht_ascii_equal (word, list[i], len))
            return TRUE;
    return FALSE;
}

/* The registrable domain of HOST as a span of HOST itself, in any case; FALSE when it has
 * none (see ht_chain_registrable_domain). No copy is made: check_plaintext asks this of both
 * ends of every unencrypted hop and needs a string only for a finding. */
static gboolean
registrable_span (const char *host, const char **domain, gsize *domain_len)
{
    if (host == NULL || *host == '\0' || *host == '[')
        return FALSE;
    gsize len = strlen (host);
    if (host[len - 1] == '.')
        len--;
    /* Labels of letters, digits, '-' and '_', none empty, at most 128; the last one letters
     * only. An address never passes: IPv6 has colons, IPv4 ends in digits. Only the last
     * three labels are kept. */
    gsize starts[3] = {0, 0, 0};
    guint n = 0;
    gsize start = 0;
    for (gsize i = 0; i <= len; i++) {
        char c = i < len ? host[i] : '\0';
        if (c == '.' || c == '\0') {
            if (i == start || n == 128)
                return FALSE;
            starts[n++ % 3] = start;
            start = i + 1;
        } else if (!g_ascii_isalnum (c) && c != '-' && c != '_') {
            return FALSE;
        }
    }
    if (n < 2)
        return FALSE;
    gsize tld_at = starts[(n - 1) % 3], second_at = starts[(n - 2) % 3];
    const char *tld = host + tld_at;
    gsize tld_len = len - tld_at;
    for (gsize i = 0; i < tld_len; i++)
        if (!g_ascii_isalpha (tld[i]))
            return FALSE;
    if (in_list (tld, tld_len, private_tlds, G_N_ELEMENTS (private_tlds)))
        return FALSE;
    gsize domain_at = second_at;
    if (tld_len == 2 && in_list (host + second_at, tld_at - 1 - second_at, second_level_categories,
                                 G_N_ELEMENTS (second_level_categories))) {
        if (n < 3)
            return FALSE; /* the name is a public suffix itself */
        domain_at = starts[(n - 3) % 3];
    }
    *domain = host + domain_at;
    *domain_len = len - domain_at;
    return TRUE;
}

gchar *
ht_chain_registrable_domain (const char *host)
{
    const char *domain;
    gsize len;
    return registrable_span (host, &domain, &len) ? g_ascii_strdown (domain, len) : NULL;
}

/* TRUE for a loopback, private (RFC 1918, IPv6 unique-local) or link-local address: a link
 * from one stayed inside a network, whatever the names say (Proofpoint's "from pps.filterd
 * (m0.ppops.net [127.0.0.1]) by mx.pphosted.com", a gateway fed from 10.0.0.0/8). */
static gboolean
is_internal_address (const char *text)
{
    if (text == NULL)
        return FALSE;
    /* The address before an IPv6 zone ("%4"), read into bytes on the stack (no GInetAddress
     * per hop). The longest address inet_pton reads is 45 characters. An IPv4-mapped IPv6
     * address is judged as IPv6, as GInetAddress judged it. */
    char bare[64];
    gsize len = strcspn (text, "%");
    if (len >= sizeof bare)
        return FALSE;
    memcpy (bare, text, len);
    bare[len] = '\0';
    guint8 b[16];
    if (inet_pton (AF_INET, bare, b) == 1)
        return b[0] == 127                             /* loopback, 127.0.0.0/8 */
               || b[0] == 10                           /* RFC 1918 */
               || (b[0] == 172 && (b[1] & 0xf0) == 16) /* 172.16.0.0/12 */
               || (b[0] == 192 && b[1] == 168)         /* 192.168.0.0/16 */
               || (b[0] == 169 && b[1] == 254);        /* link-local */
    if (inet_pton (AF_INET6, bare, b) == 1) {
        static const guint8 loopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        return memcmp (b, loopback, 16) == 0              /* ::1 */
               || (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) /* site-local, fec0::/10 */
               || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) /* link-local, fe80::/10 */
               || (b[0] & 0xfe) == 0xfc;                  /* unique-local, fc00::/7 */
    }
    return FALSE;
}

/* An SMTP link between two organisations' servers that the line proves was not encrypted:
 * the sender (its reverse-DNS name, else its HELO name) and the receiving by host have
 * different registrable domains. Nothing is said when either name is missing, an address,
 * or under a private top-level name, nor when the sender's address is an internal one. */
static void
check_plaintext (HtReport *report, const HtHop *hop)
{
    const HtReceived *r = hop->received;
    if (hop->tls->used != HT_TLS_USED_NO || is_internal_address (r->from_ip))
        return;
    const char *sender = r->from_rdns ? r->from_rdns : r->from_helo;
    const char *from_span, *by_span;
    gsize from_len, by_len;
    if (!registrable_span (sender, &from_span, &from_len) ||
        !registrable_span (r->by_host, &by_span, &by_len) ||
        (from_len == by_len && ht_ascii_equal (from_span, by_span, from_len)))
        return;
    g_autofree gchar *from_domain = g_ascii_strdown (from_span, from_len);
    g_autofree gchar *by_domain = g_ascii_strdown (by_span, by_len);
    /* "mail.example.com." (a reverse-DNS name written fully qualified) reads as the name. */
    g_autofree gchar *shown = g_strdup (sender);
    gsize len = strlen (shown);
    if (len > 1 && shown[len - 1] == '.')
        shown[len - 1] = '\0';
    add_finding_text (report, HT_SEVERITY_WARNING, hop->index, "plaintext-hop",
                      g_strconcat ("the link from ", shown, " into ", r->by_host,
                                   " crosses organisations (", from_domain, ", ", by_domain,
                                   ") and was not encrypted (",
                                   hop->tls->evidence ? hop->tls->evidence : "no TLS", ")", NULL));
}

static void
grade_tls (HtReport *report, const HtHop *hop)
{
    const HtTls *tls = hop->tls;
    switch (tls->version) {
    case HT_TLS_VERSION_SSL2:
    case HT_TLS_VERSION_SSL3:
    case HT_TLS_VERSION_1_0:
    case HT_TLS_VERSION_1_1:
        add_finding_text (report, HT_SEVERITY_WARNING, hop->index, "tls-below-1.2",
                          g_strconcat ("the link into ", host_or (hop->received->by_host, "?"),
                                       " used ", ht_tls_version_name (tls->version),
                                       ", below TLS 1.2", NULL));
        break;
    case HT_TLS_VERSION_AMBIGUOUS:
        add_finding_text (report, HT_SEVERITY_INFO, hop->index, "tls-version-ambiguous",
                          g_strconcat ("\"", tls->version_text,
                                       "\" is the cipher's protocol family as old OpenSSL names "
                                       "it, not the negotiated version: the link used TLS 1.2 "
                                       "or lower",
                                       NULL));
        break;
    default: break;
    }
    if (tls->cipher == NULL)
        return;
    HtCipherWeakness weak = ht_cipher_weaknesses (tls->cipher);
    gboolean static_rsa = ht_cipher_is_static_rsa (tls->cipher);
    if (weak == HT_CIPHER_WEAK_NONE && !static_rsa)
        return; /* most hops: no finding, so no IANA name to look up */
    /* The cipher as written, and its IANA name when that is spelled otherwise, so that text
     * output names the suite in the registry's words too. */
    const char *iana = ht_cipher_iana_name (tls->cipher);
    g_autofree gchar *cipher = iana && strcmp (iana, tls->cipher) != 0
                                   ? g_strconcat (tls->cipher, " (IANA ", iana, ")", NULL)
                                   : g_strdup (tls->cipher);
    if (weak != HT_CIPHER_WEAK_NONE) {
        g_autofree gchar *words = weakness_words (weak);
        add_finding_text (report, HT_SEVERITY_WARNING, hop->index, "weak-cipher",
                          g_strconcat ("the cipher ", cipher, " is weak (", words, ")", NULL));
    }
    if (static_rsa)
        add_finding_text (report, HT_SEVERITY_INFO, hop->index, "no-forward-secrecy",
                          g_strconcat ("the cipher ", cipher,
                                       " uses static RSA key exchange: no forward secrecy", NULL));
}

/* TRUE when TEXT is valid UTF-8. Nearly every Received line is plain ASCII, which 32 bytes
 * at a time (the high bits of four words at once), then 8, tell many times faster than
 * g_utf8_validate; that checks the rest, from the first byte that is not ASCII (a character
 * boundary). */
static gboolean
is_utf8 (const char *text)
{
    gsize len = strlen (text), i = 0;
    for (; i + 32 <= len; i += 32) {
        guint64 words[4];
        memcpy (words, text + i, 32);
        if ((words[0] | words[1] | words[2] | words[3]) & G_GUINT64_CONSTANT (0x8080808080808080))
            break;
    }
    for (; i + 8 <= len; i += 8) {
        guint64 word;
        memcpy (&word, text + i, 8);
        if (word & G_GUINT64_CONSTANT (0x8080808080808080))
            break;
    }
    while (i < len && (guchar) text[i] < 0x80)
        i++;
    return i == len || g_utf8_validate (text + i, (gssize) (len - i), NULL);
}

static void
check_received (HtReport *report, const HtHop *hop)
{
    const HtReceived *r = hop->received;
    if (ht_received_is_unparsed (r))
        add_finding (report, HT_SEVERITY_WARNING, hop->index, "received-unparsed",
                     "the %s line has neither a from nor a by clause; it is shown as written",
                     hop->field);
    if (r->date_text == NULL)
        add_finding_text (report, HT_SEVERITY_INFO, hop->index, "date-missing",
                          g_strdup ("the line carries no date"));
    else if (!r->date_valid)
        add_finding (report, HT_SEVERITY_WARNING, hop->index, "date-unparseable",
                     "the date \"%s\" could not be read", r->date_text);
    for (guint i = 0; i < r->n_problems; i++) {
        const char *problem = r->problems[i];
        if (strcmp (problem, "unbalanced parentheses") == 0)
            add_finding_text (report, HT_SEVERITY_INFO, hop->index, "unbalanced-parentheses",
                              g_strdup ("the line's parentheses do not balance"));
    }
    if (!is_utf8 (r->raw))
        add_finding_text (report, HT_SEVERITY_INFO, hop->index, "invalid-utf8",
                          g_strdup ("the line holds bytes that are not UTF-8; text output shows "
                                    "them escaped (\\xNN), JSON replaces them with U+FFFD"));
}

HtReport *
ht_chain_build (const HtMessage *message)
{
    g_return_val_if_fail (message != NULL, NULL);

    HtReport *report = g_new0 (HtReport, 1);
    report->source = g_strdup (message->source);
    report->message_index = message->index;
    report->message_id = g_strdup (message->message_id);
    report->subject = g_strdup (message->subject);
    report->has_date = message->has_date;
    report->date = message->date;
    report->findings = g_ptr_array_new_with_free_func (finding_free);

    /* All hops in one block, oldest first: one allocation per message instead of one per
     * hop. report->hops points into it, so its first element is the block (ht_report_free). */
    guint n_hops = 0;
    gsize hop_bytes = 0;
    const char *field;
    for (guint i = 0; i < message->headers->len; i++) {
        const HtHeader *header = g_ptr_array_index (message->headers, i);
        if (ht_chain_is_hop_field (header->name, &field)) {
            n_hops++;
            hop_bytes += strlen (header->value);
        }
    }
    /* The parsed lines share one arena: a line takes about four times its length (see
     * ht_received_parse), so that one chunk holds a whole ordinary message. A huge header
     * block starts smaller and grows chunk by chunk as its lines are parsed. */
    ht_arena_init (&report->arena, MIN (4 * hop_bytes + 512 * n_hops + 1024, 256 * 1024));
    HtHop *block = n_hops ? g_new0 (HtHop, n_hops) : NULL;
    report->hops = g_ptr_array_sized_new (n_hops);
    g_ptr_array_set_size (report->hops, n_hops);
    guint n = 0;
    for (guint i = message->headers->len; i-- > 0;) {
        const HtHeader *header = g_ptr_array_index (message->headers, i);
        if (!ht_chain_is_hop_field (header->name, &field))
            continue;
        HtHop *hop = &block[n];
        report->hops->pdata[n++] = hop;
        hop->index = n;
        hop->field = field;
        hop->received = ht_received_parse_in (&report->arena, header->value);
        hop->tls = ht_tls_from_received (hop->received);
        ht_classify_server (hop->received, &hop->server);
    }

    if (message->truncated)
        add_finding (report, HT_SEVERITY_ERROR, 0, "headers-truncated",
                     "the header block is larger than hoptrace reads (64 MiB); the fields after "
                     "that point are not shown");
    if (message->nul_bytes)
        add_finding (report, HT_SEVERITY_WARNING, 0, "nul-bytes",
                     "the header block held %u NUL byte(s); they are shown as U+FFFD",
                     message->nul_bytes);
    if (report->hops->len == 0)
        add_finding (report, HT_SEVERITY_INFO, 0, "no-received",
                     "the message has no Received header: it never crossed a server, or the "
                     "headers were cut");

    const HtHop *previous_dated = NULL;
    const HtHop *first_dated = NULL;
    const HtHop *last_dated = NULL;
    for (guint i = 0; i < report->hops->len; i++) {
        HtHop *hop = g_ptr_array_index (report->hops, i);
        const HtHop *next =
            i + 1 < report->hops->len ? g_ptr_array_index (report->hops, i + 1) : NULL;
        check_received (report, hop);
        if (hop->received->date_valid) {
            if (previous_dated) {
                hop->has_delay = TRUE;
                hop->delay_seconds = hop->received->date_utc - previous_dated->received->date_utc;
                const HtHop *previous = g_ptr_array_index (report->hops, i - 1);
                gint64 gap = hop->delay_seconds < 0 ? -hop->delay_seconds : hop->delay_seconds;
                /* A line without a from (a local submission) days after the previous hop
                 * starts a chain as much as one from another server does. */
                if (gap > CHAIN_BREAK_SECONDS &&
                    (!hop->received->has_from || !continues_from (previous, hop))) {
                    /* Days apart and not from the previous server: a second chain (a
                     * forwarded or re-sent message), not a clock. Transit restarts here. */
                    g_autofree gchar *origin =
                        hop->received->has_from
                            ? g_strdup_printf ("it comes from %s", sender_display (hop->received))
                            : g_strdup ("it names no sending server");
                    add_finding (report, HT_SEVERITY_WARNING, hop->index, "chain-discontinuity",
                                 "hop %u does not continue from hop %u (%s; hop %u ended at %s) "
                                 "and is dated %" G_GINT64_FORMAT " h %s: the header block holds "
                                 "more than one chain (a forwarded or re-sent message) or lines "
                                 "added later",
                                 hop->index, previous->index, origin, previous->index,
                                 host_or (previous->received->by_host, "?"), gap / 3600,
                                 hop->delay_seconds < 0 ? "earlier" : "later");
                    first_dated = NULL;
                } else if (hop->delay_seconds < -CLOCK_SKEW_TOLERANCE) {
                    add_finding (report, HT_SEVERITY_WARNING, hop->index, "clock-skew",
                                 "hop %u is dated %" G_GINT64_FORMAT " s before hop %u: the "
                                 "clocks of %s and %s disagree",
                                 hop->index, -hop->delay_seconds, previous_dated->index,
                                 host_or (hop->received->by_host, "?"),
                                 previous_dated->received->by_host
                                     ? previous_dated->received->by_host
                                     : "the previous server");
                }
            }
            if (first_dated == NULL)
                first_dated = hop;
            previous_dated = hop;
            last_dated = hop;
        }
        HtTls *tls = hop->tls;
        gboolean no_version =
            tls->version == HT_TLS_VERSION_NONE || tls->version == HT_TLS_VERSION_AMBIGUOUS;
        if ((tls->used == HT_TLS_USED_YES && no_version) ||
            (tls->used == HT_TLS_USED_UNKNOWN && hop->received->with == NULL &&
             hop->received->via == NULL && hop->received->has_from && hop->received->has_by)) {
            hop->gap = TRUE;
            hop->gap_reason = gap_reason (hop, next);
        }
        grade_tls (report, hop);
        check_plaintext (report, hop);
    }
    /* Transit spans the last continuous chain: the message as the recipient got it. */
    if (first_dated && last_dated && first_dated != last_dated) {
        report->has_transit = TRUE;
        report->transit_seconds = last_dated->received->date_utc - first_dated->received->date_utc;
    }
    /* Built-in roles now; main gives the organisation's roles when it has a profile. The
     * Exchange evidence needs the hops and the transit time, so it comes last. */
    ht_profile_assign_roles (NULL, report);
    report->exchange = ht_exchange_collect (message, report);
    return report;
}

void
ht_report_free (HtReport *report)
{
    if (report == NULL)
        return;
    g_free (report->source);
    g_free (report->message_id);
    g_free (report->subject);
    for (guint i = 0; i < report->hops->len; i++)
        hop_clear (g_ptr_array_index (report->hops, i));
    if (report->hops->len)
        g_free (g_ptr_array_index (report->hops, 0)); /* the block of all hops */
    g_ptr_array_unref (report->hops);
    g_ptr_array_unref (report->findings);
    ht_exchange_free (report->exchange);
    ht_route_verdict_free (report->route);
    ht_arena_clear (&report->arena);
    g_free (report);
}
