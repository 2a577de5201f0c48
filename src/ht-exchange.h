/* ht-exchange: the Exchange and authentication evidence of a message, tied to its hops.
 *
 * Exchange stamps what it decided about a message into X-MS-Exchange-* fields: who it
 * thought the sender was (AuthAs), which server decided that (AuthSource), whether the
 * message came in or went out (MessageDirectionality), and, in Exchange Online, which
 * tenant it belongs to (CrossTenant-*). In a hybrid organisation these are what tell a
 * message the on-premises servers relayed with the hybrid certificate from one that came
 * from the Internet. Pure: reads an HtMessage's header fields and the report's hops. */
#pragma once

#include <glib.h>

#include "ht-chain.h"
#include "ht-input.h"

G_BEGIN_DECLS

typedef struct {
    gchar *header;      /* the field name, in the canonical spelling when it is a known one */
    gchar *value;       /* unfolded; for Authentication-Results a summary of the results */
    guint hop;          /* the hop the value names or was written by, 0 when none */
    gchar *explanation; /* one sentence */
} HtExchangeItem;

/* The results of one Authentication-Results field for the methods that matter here. */
typedef struct {
    gchar *authserv_id;                   /* NULL for Microsoft's form, which has none */
    guint hop;                            /* the hop whose by server wrote it, 0 when unknown */
    gchar *spf, *dkim, *dmarc, *compauth; /* the result words ("pass", "fail"...), or NULL */
    gchar *compauth_reason;               /* e.g. "100", or NULL */
    gchar *spf_comment; /* the comment after spf=, e.g. "sender IP is 192.0.2.1" */
} HtAuthResults;

typedef struct _HtExchange {
    GPtrArray *items;        /* HtExchangeItem*, grouped by subject, in header order within */
    GPtrArray *auth_results; /* HtAuthResults*, top of the header block first */
    gboolean has_latency;
    gint64 latency_us;   /* X-MS-Exchange-Transport-EndToEndLatency in microseconds */
    gchar *latency_text; /* as written */
} HtExchange;

/* NULL when the message carries none of the fields. */
HtExchange *ht_exchange_collect (const HtMessage *message, const HtReport *report);
void ht_exchange_free (HtExchange *exchange);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtExchange, ht_exchange_free)

/* Parses a .NET TimeSpan as Exchange writes it: "00:00:02.1530000", "1.02:03:04.5",
 * "00:00:00" ([-][d.]hh:mm:ss[.fffffff]). */
gboolean ht_exchange_parse_latency (const char *text, gint64 *microseconds);

/* Parses one Authentication-Results value (RFC 8601, and Microsoft's form without an
 * authserv-id). (transfer full) */
HtAuthResults *ht_exchange_parse_auth_results (const char *value);
void ht_auth_results_free (HtAuthResults *results);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtAuthResults, ht_auth_results_free)

G_END_DECLS
