/* ht-route: the observed route of a message and its verification against a declared one
 * (DESIGN.md, "Organisation profile and route verification").
 *
 * The observed route is the sequence of servers the message passed, oldest first: the from
 * of the first hop, then for each hop its from (when it is not the previous by) and its by.
 * Only Received fields count (X-Received lines are a provider's internal notes) and a line
 * without a by host names no server to pass through. Each server carries the role that
 * ht_profile_assign_roles gave it; the route is that role sequence with consecutive repeats
 * merged. The same server sequence is the graph the Mermaid and DOT renderers draw. */
#pragma once

#include <glib.h>

#include "ht-chain.h"

G_BEGIN_DECLS

#define HT_ROUTE_ERROR (ht_route_error_quark ())
GQuark ht_route_error_quark (void);

typedef enum {
    HT_ROUTE_ERROR_INVALID_PATH, /* a path that is empty or has an empty step */
} HtRouteError;

/* A route the organisation declares: [route NAME] path = a > b > c. */
typedef struct {
    gchar *name;
    GPtrArray *path; /* interned role names (g_intern_string), in order */
    guint line;      /* the line of its path in the profile, 0 when unknown */
} HtRoute;

void ht_route_free (HtRoute *route);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtRoute, ht_route_free)

/* Splits "internet > edge > exchange2010" into lower-case, interned role names (transfer
 * container). Fails with HT_ROUTE_ERROR_INVALID_PATH on an empty path or step, or on a
 * step that is not one word. */
GPtrArray *ht_route_parse_path (const char *text, GError **error);

/* One server the message passed. Strings are borrowed from the report the route was
 * computed from and live as long as it does. */
typedef struct {
    const char *name;     /* the name to show: by host, or HELO, reverse DNS or address */
    const char *names[2]; /* the names that identify it (by host; or reverse DNS and HELO) */
    const char *ip;       /* its address as written, or NULL */
    const char *role;     /* interned, or NULL before roles were assigned */
    const char *product;  /* static, e.g. "Exchange 2010", or NULL */
    guint hop;            /* the hop whose line names it */
    guint node;           /* 0-based index among the distinct servers of the route */
    const HtHop *link;    /* the hop recording the link into this server; NULL for the first
                             server and for a link that no Received line records */
    /* IP parsed once (ht_route_observe): length 4 or 16, HT_ROUTE_NO_ADDRESS for none or a
     * loopback address, 0 when not parsed yet. */
    guint8 address[16];
    guint address_length;
} HtRouteStep;

#define HT_ROUTE_NO_ADDRESS 255

/* One step of the role sequence: a role and the first server of the run that has it. */
typedef struct {
    const char *role;
    guint step; /* index into HtRouteObserved.steps */
} HtRouteRole;

typedef struct {
    GArray *steps; /* HtRouteStep, consecutive repeats of the same server merged */
    GArray *roles; /* HtRouteRole, consecutive repeats of the same role merged */
    guint nodes;   /* the number of distinct servers */
} HtRouteObserved;

HtRouteObserved *ht_route_observe (const HtReport *report);
void ht_route_observed_free (HtRouteObserved *observed);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtRouteObserved, ht_route_observed_free)

/* "exo > eop > internet" (transfer full); "" for an empty route. */
gchar *ht_route_roles_to_string (const HtRouteObserved *observed);

/* TRUE when the two steps name the same server: a common name (case and a trailing dot
 * ignored; an unqualified name matches the first label of a qualified one) or the same
 * address (loopback addresses say nothing about which server it was). */
gboolean ht_route_same_server (const HtRouteStep *a, const HtRouteStep *b);

/* The result of --expect for one message. */
typedef struct _HtRouteVerdict {
    gchar *name;         /* the declared route's name */
    GPtrArray *expected; /* interned role names */
    GPtrArray *observed; /* interned role names */
    gboolean match;
    guint diverges_at; /* 1-based step of the first difference, 0 when the route matches */
    gchar *divergence; /* one sentence naming the step, the roles and the server, or NULL */
} HtRouteVerdict;

HtRouteVerdict *ht_route_verify (const HtRoute *route, const HtReport *report);
void ht_route_verdict_free (HtRouteVerdict *verdict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtRouteVerdict, ht_route_verdict_free)

G_END_DECLS
