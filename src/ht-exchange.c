/* ht-exchange: X-MS-Exchange-* evidence, Authentication-Results and Exchange's own
 * end-to-end latency, each explained in one sentence and tied to the hop it names.
 *
 * Microsoft does not document most of these fields formally; the explanations follow the
 * Exchange team's "Demystifying and troubleshooting hybrid mail flow" (2020) and what the
 * fields hold in hybrid messages. Where the meaning of a value is not known (AuthMechanism's
 * codes), the explanation says so instead of guessing. */
#include "config.h"

#include "ht-exchange.h"

#include "ht-ascii.h"

#include <pthread.h>
#include <string.h>

#include "ht-received.h"

typedef enum {
    ORG_AUTH_AS,
    ORG_AUTH_SOURCE,
    ORG_AUTH_MECHANISM,
    ORG_DIRECTIONALITY,
    PREMISES_AUTH_AS,
    PREMISES_AUTH_SOURCE,
    PREMISES_AUTH_MECHANISM,
    PREMISES_CLIENT_IP,
    TENANT_ID,
    TENANT_AUTH_AS,
    TENANT_AUTH_SOURCE,
    TENANT_FROM_ENTITY,
    TENANT_NETWORK_MESSAGE_ID,
    TENANT_ARRIVAL,
    TENANT_OTHER, /* any other X-MS-Exchange-CrossTenant-* field */
    TENANT_STAMPED,
    ORIGINATOR_ORG,
    AUTH_RESULTS,
    LATENCY,
    N_KINDS,
} Kind;

static const char *const names[N_KINDS] = {
    [ORG_AUTH_AS] = "X-MS-Exchange-Organization-AuthAs",
    [ORG_AUTH_SOURCE] = "X-MS-Exchange-Organization-AuthSource",
    [ORG_AUTH_MECHANISM] = "X-MS-Exchange-Organization-AuthMechanism",
    [ORG_DIRECTIONALITY] = "X-MS-Exchange-Organization-MessageDirectionality",
    [PREMISES_AUTH_AS] = "X-MS-Exchange-CrossPremises-AuthAs",
    [PREMISES_AUTH_SOURCE] = "X-MS-Exchange-CrossPremises-AuthSource",
    [PREMISES_AUTH_MECHANISM] = "X-MS-Exchange-CrossPremises-AuthMechanism",
    [PREMISES_CLIENT_IP] = "X-MS-Exchange-CrossPremises-OriginalClientIPAddress",
    [TENANT_ID] = "X-MS-Exchange-CrossTenant-Id",
    [TENANT_AUTH_AS] = "X-MS-Exchange-CrossTenant-AuthAs",
    [TENANT_AUTH_SOURCE] = "X-MS-Exchange-CrossTenant-AuthSource",
    [TENANT_FROM_ENTITY] = "X-MS-Exchange-CrossTenant-FromEntityHeader",
    [TENANT_NETWORK_MESSAGE_ID] = "X-MS-Exchange-CrossTenant-Network-Message-Id",
    [TENANT_ARRIVAL] = "X-MS-Exchange-CrossTenant-OriginalArrivalTime",
    [TENANT_OTHER] = "X-MS-Exchange-CrossTenant-",
    [TENANT_STAMPED] = "X-MS-Exchange-Transport-CrossTenantHeadersStamped",
    [ORIGINATOR_ORG] = "X-OriginatorOrg",
    [AUTH_RESULTS] = "Authentication-Results",
    [LATENCY] = "X-MS-Exchange-Transport-EndToEndLatency",
};

/* The lengths of NAMES, measured once: most X-MS-Exchange-* names share their first
 * fourteen letters, so a comparison of lengths saves a long one of letters. */
static gsize name_lengths[N_KINDS];
static pthread_once_t name_lengths_once = PTHREAD_ONCE_INIT;

static void
measure_names (void)
{
    for (guint k = 0; k < N_KINDS; k++)
        name_lengths[k] = strlen (names[k]);
}

/* The kind of field NAME is, or N_KINDS for none of ours. */
static Kind
kind_of (const char *name)
{
    /* Most fields of a message are none of ours: one comparison turns them away. */
    if (name[0] != 'x' && name[0] != 'X' && name[0] != 'a' && name[0] != 'A')
        return N_KINDS;
    pthread_once (&name_lengths_once, measure_names);
    gsize length = strlen (name);
    for (guint k = 0; k < N_KINDS; k++)
        if (k != TENANT_OTHER && name_lengths[k] == length &&
            ht_ascii_equal (name, names[k], length))
            return k;
    if (length >= name_lengths[TENANT_OTHER] &&
        ht_ascii_equal (name, names[TENANT_OTHER], name_lengths[TENANT_OTHER]))
        return TENANT_OTHER;
    return N_KINDS;
}

/* ---- Hops -------------------------------------------------------------------------------- */

typedef struct {
    const HtMessage *message;
    const HtReport *report;
    const char *from_entity;
} Context;

/* The length of the key a host is known by: its fully qualified name (without a trailing
 * dot), or its first label; up to white space. Keys are compared without case. */
static gsize
host_key_length (const char *host, gboolean first_label)
{
    gsize len = strcspn (host, first_label ? ". \t" : " \t");
    if (!first_label && len > 1 && host[len - 1] == '.')
        len--;
    return len;
}

/* The oldest hop whose by host has the key of LENGTH bytes at KEY. A message has a handful
 * of hops: a scan compares less than building a hash table would. */
static guint
hop_with_key (const HtReport *report, const char *key, gsize length, gboolean first_label)
{
    for (guint i = 0; length && i < report->hops->len; i++) {
        const HtHop *hop = g_ptr_array_index (report->hops, i);
        const char *host = hop->received->by_host;
        if (host && host_key_length (host, first_label) == length &&
            ht_ascii_equal (host, key, length))
            return hop->index;
    }
    return 0;
}

/* The hop whose by server HOST names: its fully qualified name, else its first label (EXO
 * names its servers by a unique first label, "DB5PEPF00014B8F", under several domains). */
static guint
hop_named (const Context *context, const char *host)
{
    if (host == NULL)
        return 0;
    guint hop = hop_with_key (context->report, host, host_key_length (host, FALSE), FALSE);
    if (hop == 0)
        hop = hop_with_key (context->report, host, host_key_length (host, TRUE), TRUE);
    return hop;
}

/* The oldest hop whose from address is IP as written, 0 when none. */
static guint
hop_from_ip (const Context *context, const char *ip)
{
    for (guint i = 0; i < context->report->hops->len; i++) {
        const HtHop *hop = g_ptr_array_index (context->report->hops, i);
        if (hop->received->from_ip && strcmp (hop->received->from_ip, ip) == 0)
            return hop->index;
    }
    return 0;
}

/* The hop of the nearest Received field below the field at POSITION, 0 when none. Hop
 * indexes count Received and X-Received fields from the bottom of the header block
 * (ht_chain_build), so they are counted from the bottom up to POSITION. */
static guint
received_below (const Context *context, guint position)
{
    const GPtrArray *headers = context->message->headers;
    guint hops_below = 0, nearest = 0;
    for (guint i = headers->len; i-- > position + 1;) {
        const HtHeader *header = g_ptr_array_index (headers, i);
        const char *field;
        if (ht_chain_is_hop_field (header->name, &field)) {
            hops_below++;
            if (strcmp (field, "Received") == 0)
                nearest = hops_below;
        }
    }
    return nearest;
}

/* ---- Explanations ----------------------------------------------------------------------- */

static gboolean
is (const char *value, const char *word)
{
    return g_ascii_strcasecmp (value, word) == 0;
}

static const char *
explain_auth_as (const char *value)
{
    if (is (value, "Internal"))
        return "the sending server authenticated as part of the organisation, as a hybrid "
               "connector with the accepted certificate does";
    if (is (value, "Anonymous"))
        return "the sender did not authenticate: Exchange took the message in as mail from "
               "outside the organisation";
    if (is (value, "External"))
        return "the sender authenticated, but as a server outside the organisation";
    if (is (value, "Partner"))
        return "the sender authenticated as a partner organisation (domain security, mutual "
               "TLS)";
    return "how Exchange classed the sender when the message entered the organisation";
}

static gchar *
explain_server (const char *what, guint hop)
{
    if (hop)
        return g_strdup_printf ("%s; it is the receiving server of hop %u", what, hop);
    return g_strdup_printf ("%s; no Received line names it", what);
}

static gchar *
explain (Kind kind, const char *value, guint hop)
{
    switch (kind) {
    case ORG_AUTH_AS: return g_strdup (explain_auth_as (value));
    case ORG_AUTH_SOURCE:
        return explain_server ("the server that accepted the message into the organisation and "
                               "decided AuthAs",
                               hop);
    case ORG_AUTH_MECHANISM:
    case PREMISES_AUTH_MECHANISM:
        return g_strdup ("Exchange's code for how the sender authenticated; Microsoft does not "
                         "document the values, so compare it with a message whose path you know");
    case ORG_DIRECTIONALITY:
        if (is (value, "Incoming"))
            return g_strdup ("Exchange classed the message as coming from outside the "
                             "organisation");
        if (is (value, "Originating"))
            return g_strdup ("Exchange classed the message as sent from inside the organisation "
                             "(a mailbox, or a connector it trusts as internal)");
        return g_strdup ("whether Exchange classed the message as incoming or originating");
    case PREMISES_AUTH_AS:
        if (is (value, "Anonymous"))
            return g_strdup ("the on-premises servers had taken the message in anonymously, from "
                             "outside the organisation, before it crossed to Exchange Online");
        if (is (value, "Internal"))
            return g_strdup ("the on-premises servers had accepted the message as internal "
                             "before it crossed to Exchange Online");
        return g_strdup ("how the on-premises servers had classed the sender before the message "
                         "crossed to Exchange Online");
    case PREMISES_AUTH_SOURCE:
        return explain_server ("the on-premises server that had accepted the message into the "
                               "organisation",
                               hop);
    case PREMISES_CLIENT_IP:
        if (hop)
            return g_strdup_printf ("the address of the client that handed the message to the "
                                    "on-premises servers; it is the sending address of hop %u",
                                    hop);
        return g_strdup ("the address of the client that handed the message to the on-premises "
                         "servers");
    case TENANT_ID:
        return g_strdup ("the directory (tenant) id of the Microsoft 365 organisation the message "
                         "was attributed to");
    case TENANT_AUTH_AS:
        if (is (value, "Internal"))
            return g_strdup ("Exchange Online accepted the message as the tenant's own: from one "
                             "of its mailboxes, or from its on-premises servers over the hybrid "
                             "connector with the accepted certificate");
        if (is (value, "Anonymous"))
            return g_strdup ("Exchange Online accepted the message as anonymous mail from outside "
                             "the tenant");
        return g_strdup ("how Exchange Online classed the sender when it attributed the message "
                         "to the tenant");
    case TENANT_AUTH_SOURCE:
        return explain_server ("the Exchange Online server that attributed the message to the "
                               "tenant",
                               hop);
    case TENANT_FROM_ENTITY:
        if (is (value, "Hosted"))
            return g_strdup ("the message came from a mailbox in Exchange Online");
        if (is (value, "HybridOnPrem"))
            return g_strdup ("the message came from the organisation's on-premises servers "
                             "through the hybrid inbound connector");
        if (is (value, "Internet"))
            return g_strdup ("the message came from the Internet, not from the organisation's "
                             "own servers");
        return g_strdup ("where Exchange Online saw the message come from");
    case TENANT_NETWORK_MESSAGE_ID:
        return g_strdup ("Exchange Online's id for this message: search the message trace with "
                         "it");
    case TENANT_ARRIVAL: return g_strdup ("when Exchange Online first received the message");
    case TENANT_OTHER:
        return g_strdup ("stamped by Exchange Online when it attributed the message to a tenant");
    case TENANT_STAMPED:
        return explain_server ("the Exchange Online server that stamped the cross-tenant headers",
                               hop);
    case ORIGINATOR_ORG:
        return g_strdup ("the organisation (accepted domain) Exchange Online attributed the "
                         "message to");
    case AUTH_RESULTS:
    case LATENCY:
    case N_KINDS:
    default: break;
    }
    g_return_val_if_reached (NULL);
}

static gboolean
passed (const char *result)
{
    return result == NULL || strcmp (result, "pass") == 0 || strcmp (result, "bestguesspass") == 0;
}

static void
append_clause (GString *s, const char *text)
{
    g_string_append (s, s->len && s->str[s->len - 1] != ' ' ? "; " : "");
    g_string_append (s, text);
}

/* Appends VALUE in decimal, without printf (this runs for every Authentication-Results). */
static void
append_number (GString *s, guint value)
{
    char digits[16];
    gsize k = sizeof digits;
    digits[--k] = '\0';
    do {
        digits[--k] = (char) ('0' + value % 10);
        value /= 10;
    } while (value);
    g_string_append (s, digits + k);
}

static gchar *
explain_auth_results (const HtAuthResults *results, const Context *context)
{
    GString *s = g_string_sized_new (160);
    g_string_append (s, "sender checks by ");
    g_string_append (s, results->authserv_id ? results->authserv_id : "Exchange Online Protection");
    if (results->hop) {
        g_string_append (s, " (hop ");
        append_number (s, results->hop);
        g_string_append_c (s, ')');
    }
    g_string_append (s, ": ");

    const char *spf = results->spf;
    if (spf && (strcmp (spf, "fail") == 0 || strcmp (spf, "softfail") == 0) &&
        context->from_entity && is (context->from_entity, "HybridOnPrem"))
        append_clause (s, "spf fail is expected when on-premises servers relay Internet mail to "
                          "Exchange Online: SPF saw their address, not the original sender's "
                          "(Enhanced Filtering for Connectors looks past them)");
    else if (spf && (strcmp (spf, "fail") == 0 || strcmp (spf, "softfail") == 0))
        append_clause (s, "spf fail: the server that handed the message over may not send for "
                          "the envelope domain");
    else if (spf && strcmp (spf, "none") == 0)
        append_clause (s, "spf none: the envelope domain publishes no SPF record");
    else if (!passed (spf))
        append_clause (s, "spf gave no verdict");
    if (!passed (results->dkim))
        append_clause (s, "dkim: no valid signature of the signing domain");
    if (!passed (results->dmarc))
        append_clause (s, "dmarc: neither SPF nor DKIM passed aligned with the From domain");
    if (!passed (results->compauth))
        append_clause (s, "compauth: Microsoft's composite verdict did not accept the sender");

    const char *ok[4];
    guint n_ok = 0;
    if (results->spf && passed (results->spf))
        ok[n_ok++] = "spf";
    if (results->dkim && passed (results->dkim))
        ok[n_ok++] = "dkim";
    if (results->dmarc && passed (results->dmarc))
        ok[n_ok++] = "dmarc";
    if (results->compauth && passed (results->compauth))
        ok[n_ok++] = "compauth";
    if (n_ok) {
        append_clause (s, "");
        for (guint i = 0; i < n_ok; i++) {
            g_string_append (s, i == 0 ? "" : i + 1 == n_ok ? " and " : ", ");
            g_string_append (s, ok[i]);
        }
        g_string_append (s, " passed");
    } else if (s->str[s->len - 1] == ' ') {
        g_string_append (s, "no spf, dkim, dmarc or compauth result");
    }
    return g_string_free (s, FALSE);
}

static gchar *
summarise_auth_results (const HtAuthResults *results)
{
    GString *s = g_string_sized_new (64);
    const struct {
        const char *name;
        const char *result;
    } methods[] = {{"spf", results->spf},
                   {"dkim", results->dkim},
                   {"dmarc", results->dmarc},
                   {"compauth", results->compauth}};
    for (gsize i = 0; i < G_N_ELEMENTS (methods); i++) {
        if (methods[i].result == NULL)
            continue;
        if (s->len)
            g_string_append_c (s, ' ');
        g_string_append (s, methods[i].name);
        g_string_append_c (s, '=');
        g_string_append (s, methods[i].result);
    }
    if (results->compauth_reason) {
        g_string_append (s, " reason=");
        g_string_append (s, results->compauth_reason);
    }
    if (s->len == 0)
        g_string_append (s, "-");
    return g_string_free (s, FALSE);
}

static gchar *
format_seconds (gint64 microseconds)
{
    return g_strdup_printf ("%.3f s", microseconds / (double) G_USEC_PER_SEC);
}

static gchar *
explain_latency (const HtExchange *exchange, const HtReport *report)
{
    if (!exchange->has_latency)
        return g_strdup ("Exchange's own measure of its transit time, but not in the "
                         "hh:mm:ss.fffffff form Exchange writes");
    g_autofree gchar *latency = format_seconds (exchange->latency_us);
    if (!report->has_transit)
        return g_strdup_printf ("Exchange's own measure of its time from receiving the message to "
                                "delivering it: %s; the Received dates give no span to compare",
                                latency);
    gboolean within = exchange->latency_us <= report->transit_seconds * G_USEC_PER_SEC + 999999;
    return g_strdup_printf (
        "Exchange's own measure of its time from receiving the message to delivering it: %s, "
        "%s the %" G_GINT64_FORMAT " s the Received dates span%s",
        latency, within ? "within" : "longer than", report->transit_seconds,
        within ? "" : " (a clock is off, or the message waited before its first dated hop)");
}

/* ---- Collection -------------------------------------------------------------------------- */

static void
item_free (gpointer data)
{
    HtExchangeItem *item = data;
    g_free (item->header);
    g_free (item->value);
    g_free (item->explanation);
    g_free (item);
}

static void
add_item (HtExchange *exchange, const char *header, gchar *value, guint hop, gchar *explanation)
{
    HtExchangeItem *item = g_new0 (HtExchangeItem, 1);
    item->header = g_strdup (header);
    item->value = value;
    item->hop = hop;
    /* The explanations are written as clauses; shown, they are sentences. */
    if (explanation && g_ascii_islower (explanation[0]))
        explanation[0] = g_ascii_toupper (explanation[0]);
    item->explanation = g_strconcat (explanation, ".", NULL);
    g_free (explanation);
    g_ptr_array_add (exchange->items, item);
}

HtExchange *
ht_exchange_collect (const HtMessage *message, const HtReport *report)
{
    g_return_val_if_fail (message != NULL && report != NULL, NULL);
    /* One pass sorts the fields by kind, so the items come grouped by subject (organisation,
     * premises, tenant, authentication, latency) and in header order within each. */
    GPtrArray *by_kind[N_KINDS] = {NULL};
    gboolean any = FALSE;
    for (guint i = 0; i < message->headers->len; i++) {
        const HtHeader *header = g_ptr_array_index (message->headers, i);
        Kind kind = kind_of (header->name);
        if (kind == N_KINDS)
            continue;
        if (by_kind[kind] == NULL)
            by_kind[kind] = g_ptr_array_new ();
        g_ptr_array_add (by_kind[kind], GUINT_TO_POINTER (i));
        any = TRUE;
    }
    if (!any)
        return NULL;
    Context context = {.message = message, .report = report};

    HtExchange *exchange = g_new0 (HtExchange, 1);
    exchange->items = g_ptr_array_new_with_free_func (item_free);
    exchange->auth_results = g_ptr_array_new_with_free_func ((GDestroyNotify) ht_auth_results_free);
    g_autofree gchar *from_entity = NULL;
    if (by_kind[TENANT_FROM_ENTITY]) {
        guint first = GPOINTER_TO_UINT (g_ptr_array_index (by_kind[TENANT_FROM_ENTITY], 0));
        const HtHeader *header = g_ptr_array_index (message->headers, first);
        from_entity = ht_received_unfold (header->value);
        context.from_entity = from_entity;
    }

    for (guint kind = 0; kind < N_KINDS; kind++) {
        for (guint k = 0; by_kind[kind] && k < by_kind[kind]->len; k++) {
            guint position = GPOINTER_TO_UINT (g_ptr_array_index (by_kind[kind], k));
            const HtHeader *header = g_ptr_array_index (message->headers, position);
            const char *name = kind == TENANT_OTHER ? header->name : names[kind];
            if (kind == AUTH_RESULTS) {
                /* The parser unfolds the value itself. */
                HtAuthResults *results = ht_exchange_parse_auth_results (header->value);
                results->hop = hop_named (&context, results->authserv_id);
                if (results->hop == 0)
                    results->hop = received_below (&context, position);
                g_ptr_array_add (exchange->auth_results, results);
                add_item (exchange, name, summarise_auth_results (results), results->hop,
                          explain_auth_results (results, &context));
                continue;
            }
            gchar *value = ht_received_unfold (header->value);
            if (kind == LATENCY) {
                if (!exchange->latency_text) {
                    exchange->latency_text = g_strdup (value);
                    exchange->has_latency =
                        ht_exchange_parse_latency (value, &exchange->latency_us);
                }
                add_item (exchange, name, value, 0, explain_latency (exchange, report));
                continue;
            }
            guint hop = 0;
            if (kind == ORG_AUTH_SOURCE || kind == PREMISES_AUTH_SOURCE ||
                kind == TENANT_AUTH_SOURCE || kind == TENANT_STAMPED)
                hop = hop_named (&context, value);
            else if (kind == PREMISES_CLIENT_IP)
                hop = hop_from_ip (&context, value);
            add_item (exchange, name, value, hop, explain (kind, value, hop));
        }
    }
    for (guint kind = 0; kind < N_KINDS; kind++)
        if (by_kind[kind])
            g_ptr_array_unref (by_kind[kind]);
    return exchange;
}

void
ht_exchange_free (HtExchange *exchange)
{
    if (exchange == NULL)
        return;
    g_ptr_array_unref (exchange->items);
    g_ptr_array_unref (exchange->auth_results);
    g_free (exchange->latency_text);
    g_free (exchange);
}
