/* ht-chain: a message's Received fields -> an oldest-first hop chain with delays, gaps and
 * findings. Pure: takes an HtMessage, returns an HtReport. */
#pragma once

#include <glib.h>

#include "ht-classify.h"
#include "ht-input.h"
#include "ht-received.h"
#include "ht-tls.h"

G_BEGIN_DECLS

typedef enum {
    HT_SEVERITY_INFO,
    HT_SEVERITY_WARNING,
    HT_SEVERITY_ERROR,
} HtSeverity;

typedef struct {
    HtSeverity severity;
    guint hop;        /* 1-based hop index, 0 for the message as a whole */
    const char *code; /* stable, e.g. "clock-skew" (static) */
    gchar *text;
} HtFinding;

typedef struct {
    guint index;       /* 1 = oldest */
    const char *field; /* "Received" or "X-Received" (static) */
    HtReceived *received;
    HtTls *tls;
    HtServer server;
    gboolean has_delay;
    gint64 delay_seconds; /* since the previous dated hop; may be negative */
    gboolean gap;
    gchar *gap_reason;
    /* The roles of the from and by servers (ht-profile): interned strings, NULL when the
     * clause names no server. ht_chain_build gives the built-in roles. */
    const char *from_role;
    const char *by_role;
} HtHop;

typedef struct {
    gchar *source;
    guint message_index;
    gchar *message_id;
    gchar *subject;
    gboolean has_date;
    gint64 date;
    GPtrArray *hops;     /* HtHop*, oldest first */
    GPtrArray *findings; /* HtFinding* */
    gboolean has_transit;
    gint64 transit_seconds;        /* newest dated hop minus oldest dated hop */
    struct _HtExchange *exchange;  /* Exchange evidence (ht-exchange), NULL when none */
    struct _HtRouteVerdict *route; /* the --expect verdict (ht-route), NULL without one */
    HtArena arena; /* private: the hops' HtReceived live here, freed with the report */
} HtReport;

HtReport *ht_chain_build (const HtMessage *message);
void ht_report_free (HtReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtReport, ht_report_free)

const char *ht_severity_name (HtSeverity severity);

/* The registrable domain of a host name, standing for its organisation: the last two labels,
 * or three when the last two are a country's category suffix (co.uk, com.au, co.jp, gob.mx).
 * NULL for an address, a name of one label, a name under a private top-level name (.local,
 * .lan, .corp, ...) or a public suffix itself. (transfer full) */
gchar *ht_chain_registrable_domain (const char *host);

/* TRUE for the field names that make a hop ("Received", "X-Received", any case). Returns
 * the canonical spelling in *FIELD. */
gboolean ht_chain_is_hop_field (const char *name, const char **field);

G_END_DECLS
