/* ht-summary: the TLS readiness report over many messages.
 *
 * "Is anything still reaching us on TLS 1.0?" is asked of a mailbox: per link (which server
 * handed mail to which) it counts the TLS versions seen, the hops whose version was not
 * recorded, plaintext and silence, with the first and last date seen. */
#pragma once

#include <glib.h>

#include "ht-chain.h"

G_BEGIN_DECLS

typedef enum {
    HT_SUMMARY_TLS1_3,
    HT_SUMMARY_TLS1_2,
    HT_SUMMARY_TLS1_1,
    HT_SUMMARY_TLS1_0,
    HT_SUMMARY_SSL,          /* SSL 3.0 or 2.0 */
    HT_SUMMARY_AMBIGUOUS,    /* "TLSv1/SSLv3": TLS 1.2 or lower */
    HT_SUMMARY_NOT_RECORDED, /* TLS used, version not recorded */
    HT_SUMMARY_PLAINTEXT,
    HT_SUMMARY_NOT_STATED,
    HT_SUMMARY_N_STATES,
} HtSummaryState;

typedef struct {
    gchar *from;         /* sending server: reverse DNS, else HELO name, else IP; lower case */
    gchar *to;           /* receiving server (by host), lower case */
    const char *product; /* receiving server's product, or NULL (static) */
    guint64 hops;
    guint64 counts[HT_SUMMARY_N_STATES];
    gboolean has_dates;
    gint64 first_seen, last_seen;
    gchar *gap_reason; /* the first gap reason seen on this link, or NULL */
} HtSummaryLink;

typedef struct _HtSummary HtSummary;

HtSummary *ht_summary_new (void);
void ht_summary_free (HtSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtSummary, ht_summary_free)

/* Counts the links of one message. Hops without a from or a by record no link. */
void ht_summary_add (HtSummary *summary, const HtReport *report);

/* Counts one message's --expect verdict, so that the report can say how many messages left
 * the route ROUTE_NAME. */
void ht_summary_note_route (HtSummary *summary, const char *route_name, gboolean matched);

/* The links, sorted by receiving then sending server. (transfer none) */
GPtrArray *ht_summary_links (HtSummary *summary);
guint64 ht_summary_messages (const HtSummary *summary);

HtSummaryState ht_summary_state_of (const HtHop *hop);
const char *ht_summary_state_name (HtSummaryState state);

/* The --expect tally as a sentence (nothing without --expect) and as a JSON value. */
void ht_summary_describe_route (const HtSummary *summary, GString *out);
void ht_summary_route_json (const HtSummary *summary, GString *out);

/* Renderers: text, JSON (one object), CSV (RFC 4180, formula-safe), Markdown. */
void ht_summary_render_text (GString *out, HtSummary *summary);
void ht_summary_render_json (GString *out, HtSummary *summary);
void ht_summary_render_csv (GString *out, HtSummary *summary);
void ht_summary_render_markdown (GString *out, HtSummary *summary);

G_END_DECLS
