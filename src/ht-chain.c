/* ht-chain: the hop chain of one message.
 *
 * Each relay prepends its Received line, so the header block lists hops newest first; the
 * chain is that list reversed. A line's TLS text and `id` build were written by its `by`
 * server about the link into that server, so each hop is "from -> by" with the facts of
 * the by server. */
#include "config.h"

#include "ht-chain.h"

#include <gio/gio.h>
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
    if (g_ascii_strcasecmp (name, "Received") == 0) {
        *field = "Received";
        return TRUE;
    }
    if (g_ascii_strcasecmp (name, "X-Received") == 0) {
        *field = "X-Received";
        return TRUE;
    }
    return FALSE;
}

static void
finding_free (gpointer data)
{
    HtFinding *finding = data;
    g_free (finding->text);
    g_free (finding);
}

static void
hop_free (gpointer data)
{
    HtHop *hop = data;
    ht_received_free (hop->received);
    ht_tls_free (hop->tls);
    ht_server_clear (&hop->server);
    g_free (hop->gap_reason);
    g_free (hop);
}

G_GNUC_PRINTF (5, 6)
static void
add_finding (HtReport *report, HtSeverity severity, guint hop, const char *code,
             const char *format, ...)
{
    HtFinding *finding = g_new0 (HtFinding, 1);
    finding->severity = severity;
    finding->hop = hop;
    finding->code = code;
    va_list args;
    va_start (args, format);
    finding->text = g_strdup_vprintf (format, args);
    va_end (args);
    g_ptr_array_add (report->findings, finding);
}

static const char *
host_or (const char *host, const char *fallback)
{
    return host && *host ? host : fallback;
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
    if (la == lb && g_ascii_strncasecmp (a, b, la) == 0)
        return TRUE;
    const char *dot_a = memchr (a, '.', la), *dot_b = memchr (b, '.', lb);
    if (dot_a == NULL && dot_b != NULL)
        return (gsize) (dot_b - b) == la && g_ascii_strncasecmp (a, b, la) == 0;
    if (dot_b == NULL && dot_a != NULL)
        return (gsize) (dot_a - a) == lb && g_ascii_strncasecmp (a, b, lb) == 0;
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

    if (hop->tls->version == HT_TLS_VERSION_AMBIGUOUS)
        return g_strdup_printf (
            "\"%s\" is old OpenSSL's name for the cipher's family, not the negotiated "
            "version (TLS 1.2 or lower); the version is in the logs of %s",
            hop->tls->version_text, by);

    if (ht_classify_is_exchange (product)) {
        GString *s = g_string_new (NULL);
        g_string_append_printf (
            s,
            "%s records only \"(TLS)\"; the version is only in the SMTP receive protocol log "
            "of %s: set ProtocolLoggingLevel Verbose on its receive connector and look for "
            "\"TLS protocol SP_PROT_TLS1_x_SERVER\"",
            product, by);
        if (next && continues_from (hop, next) && next->tls->version != HT_TLS_VERSION_NONE &&
            !next->tls->version_inferred && ht_tls_version_name (next->tls->version)) {
            g_string_append_printf (s, "; the next link (hop %u, into %s) recorded %s",
                                    next->index, host_or (next->received->by_host, "?"),
                                    ht_tls_version_name (next->tls->version));
        }
        return g_string_free (s, FALSE);
    }
    if (g_strcmp0 (product, "Exchange Online") == 0 && r->with &&
        g_ascii_strcasecmp (r->with, "HTTPS") == 0)
        return g_strdup ("Exchange Online's delivery into the mailbox store runs over HTTPS "
                         "inside Microsoft's network and records no TLS version");
    if (hop->tls->evidence && strstr (hop->tls->evidence, "Google Transport Security"))
        return g_strdup ("Google records only that its internal transport was encrypted "
                         "(Google Transport Security)");
    if (g_strcmp0 (product, "Postfix") == 0)
        return g_strdup_printf (
            "Postfix writes the TLS version into Received only with smtpd_tls_received_header = "
            "yes (off by default); the version is in the mail log of %s (\"TLS connection "
            "established from ...\")",
            by);
    if (g_strcmp0 (product, "Exim") == 0)
        return g_strdup_printf ("this Exim's received_header_text leaves the TLS details out; "
                                "the version is in the X= field of %s's main log",
                                by);
    if (g_strcmp0 (product, "Cisco Secure Email") == 0)
        return hop->tls->cipher
                   ? g_strdup_printf ("Cisco Secure Email (IronPort) writes the cipher suite but "
                                      "not the protocol version; the version is in the mail "
                                      "logs of %s",
                                      by)
                   : g_strdup_printf ("Cisco Secure Email (IronPort) wrote only \"ESMTP/TLS\"; "
                                      "the version is in the mail logs of %s",
                                      by);
    if (g_strcmp0 (product, "IIS SMTP") == 0)
        return g_strdup_printf ("IIS SMTP records only that TLS was used; see the SMTP log of %s",
                                by);
    /* Evidence that is a comment carries its own parentheses: "(cipher=AES-256-GCM)". */
    const char *evidence = hop->tls->evidence ? hop->tls->evidence : "protocol word";
    gboolean parenthesised = evidence[0] == '(';
    return g_strdup_printf ("the line says TLS was used %s%s%s but not which version; see the "
                            "logs of %s",
                            parenthesised ? "" : "(", evidence, parenthesised ? "" : ")", by);
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
    "ac", "co", "com", "edu", "go", "gob", "gov", "ltd",
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
        if (strlen (list[i]) == len && g_ascii_strncasecmp (word, list[i], len) == 0)
            return TRUE;
    return FALSE;
}

gchar *
ht_chain_registrable_domain (const char *host)
{
    if (host == NULL || *host == '\0' || *host == '[')
        return NULL;
    g_autofree gchar *ip = ht_received_ip_from_literal (host);
    if (ip)
        return NULL;
    g_autofree gchar *name = g_ascii_strdown (host, -1);
    gsize len = strlen (name);
    if (len > 0 && name[len - 1] == '.')
        name[--len] = '\0';
    /* Labels of letters, digits, '-' and '_', none empty; the last one letters only. */
    const char *labels[128];
    guint n = 0;
    const char *start = name;
    for (gsize i = 0; i <= len; i++) {
        char c = name[i];
        if (c == '.' || c == '\0') {
            if (name + i == start || n == G_N_ELEMENTS (labels))
                return NULL;
            labels[n++] = start;
            start = name + i + 1;
        } else if (!g_ascii_isalnum (c) && c != '-' && c != '_') {
            return NULL;
        }
    }
    if (n < 2)
        return NULL;
    const char *tld = labels[n - 1];
    gsize tld_len = strlen (tld);
    for (const char *p = tld; *p; p++)
        if (!g_ascii_isalpha (*p))
            return NULL;
    if (in_list (tld, tld_len, private_tlds, G_N_ELEMENTS (private_tlds)))
        return NULL;
    guint keep = 2;
    const char *second = labels[n - 2];
    if (tld_len == 2 && in_list (second, strchr (second, '.') - second, second_level_categories,
                                 G_N_ELEMENTS (second_level_categories)))
        keep = 3;
    if (n < keep)
        return NULL; /* the name is a public suffix itself */
    return g_strdup (labels[n - keep]);
}

/* TRUE for a loopback, private (RFC 1918, IPv6 unique-local) or link-local address: a link
 * from one stayed inside a network, whatever the names say (Proofpoint's "from pps.filterd
 * (m0.ppops.net [127.0.0.1]) by mx.pphosted.com", a gateway fed from 10.0.0.0/8). */
static gboolean
is_internal_address (const char *text)
{
    if (text == NULL)
        return FALSE;
    g_autofree gchar *bare = g_strndup (text, strcspn (text, "%"));
    g_autoptr (GInetAddress) address = g_inet_address_new_from_string (bare);
    if (address == NULL)
        return FALSE;
    const guint8 *bytes = g_inet_address_to_bytes (address);
    gboolean unique_local = g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6 &&
                            (bytes[0] & 0xfe) == 0xfc;
    return g_inet_address_get_is_loopback (address) || g_inet_address_get_is_site_local (address) ||
           g_inet_address_get_is_link_local (address) || unique_local;
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
    g_autofree gchar *from_domain = ht_chain_registrable_domain (sender);
    g_autofree gchar *by_domain = ht_chain_registrable_domain (r->by_host);
    if (from_domain == NULL || by_domain == NULL || strcmp (from_domain, by_domain) == 0)
        return;
    /* "mail.example.com." (a reverse-DNS name written fully qualified) reads as the name. */
    g_autofree gchar *shown = g_strdup (sender);
    gsize len = strlen (shown);
    if (len > 1 && shown[len - 1] == '.')
        shown[len - 1] = '\0';
    add_finding (report, HT_SEVERITY_WARNING, hop->index, "plaintext-hop",
                 "the link from %s into %s crosses organisations (%s, %s) and was not "
                 "encrypted (%s)",
                 shown, r->by_host, from_domain, by_domain,
                 hop->tls->evidence ? hop->tls->evidence : "no TLS");
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
        add_finding (report, HT_SEVERITY_WARNING, hop->index, "tls-below-1.2",
                     "the link into %s used %s, below TLS 1.2",
                     host_or (hop->received->by_host, "?"), ht_tls_version_name (tls->version));
        break;
    case HT_TLS_VERSION_AMBIGUOUS:
        add_finding (report, HT_SEVERITY_INFO, hop->index, "tls-version-ambiguous",
                     "\"%s\" is the cipher's protocol family as old OpenSSL names it, not the "
                     "negotiated version: the link used TLS 1.2 or lower",
                     tls->version_text);
        break;
    default: break;
    }
    if (tls->cipher) {
        /* The cipher as written, and its IANA name when that is spelled otherwise, so that
         * text output names the suite in the registry's words too. */
        const char *iana = ht_cipher_iana_name (tls->cipher);
        g_autofree gchar *cipher = iana && strcmp (iana, tls->cipher) != 0
                                       ? g_strdup_printf ("%s (IANA %s)", tls->cipher, iana)
                                       : g_strdup (tls->cipher);
        HtCipherWeakness weak = ht_cipher_weaknesses (tls->cipher);
        if (weak != HT_CIPHER_WEAK_NONE) {
            g_autofree gchar *words = weakness_words (weak);
            add_finding (report, HT_SEVERITY_WARNING, hop->index, "weak-cipher",
                         "the cipher %s is weak (%s)", cipher, words);
        }
        if (ht_cipher_is_static_rsa (tls->cipher))
            add_finding (report, HT_SEVERITY_INFO, hop->index, "no-forward-secrecy",
                         "the cipher %s uses static RSA key exchange: no forward secrecy",
                         cipher);
    }
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
        add_finding (report, HT_SEVERITY_INFO, hop->index, "date-missing",
                     "the line carries no date");
    else if (!r->date_valid)
        add_finding (report, HT_SEVERITY_WARNING, hop->index, "date-unparseable",
                     "the date \"%s\" could not be read", r->date_text);
    for (guint i = 0; i < r->n_problems; i++) {
        const char *problem = r->problems[i];
        if (strcmp (problem, "unbalanced parentheses") == 0)
            add_finding (report, HT_SEVERITY_INFO, hop->index, "unbalanced-parentheses",
                         "the line's parentheses do not balance");
    }
    if (!g_utf8_validate (r->raw, -1, NULL))
        add_finding (report, HT_SEVERITY_INFO, hop->index, "invalid-utf8",
                     "the line holds bytes that are not UTF-8; text output shows them escaped "
                     "(\\xNN), JSON replaces them with U+FFFD");
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
    report->hops = g_ptr_array_new_with_free_func (hop_free);
    report->findings = g_ptr_array_new_with_free_func (finding_free);

    for (guint i = message->headers->len; i-- > 0;) {
        const HtHeader *header = g_ptr_array_index (message->headers, i);
        const char *field;
        if (!ht_chain_is_hop_field (header->name, &field))
            continue;
        HtHop *hop = g_new0 (HtHop, 1);
        hop->index = report->hops->len + 1;
        hop->field = field;
        hop->received = ht_received_parse (header->value);
        hop->tls = ht_tls_from_received (hop->received);
        ht_classify_server (hop->received, &hop->server);
        g_ptr_array_add (report->hops, hop);
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
        const HtHop *next = i + 1 < report->hops->len ? g_ptr_array_index (report->hops, i + 1)
                                                      : NULL;
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
                            ? g_strdup_printf ("it comes from %s",
                                               sender_display (hop->received))
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
             hop->received->via == NULL && hop->received->has_from &&
             hop->received->has_by)) {
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
    g_ptr_array_unref (report->hops);
    g_ptr_array_unref (report->findings);
    ht_exchange_free (report->exchange);
    ht_route_verdict_free (report->route);
    g_free (report);
}
