/* ht-classify: which server product wrote a Received line.
 *
 * Facts belong to the server that wrote the line: the `id` build number and the comments
 * after the by host are the `by` server's own words. */
#pragma once

#include <glib.h>

#include "ht-received.h"

G_BEGIN_DECLS

typedef struct {
    const char *product; /* static, e.g. "Exchange 2010", or NULL when unknown */
    gchar *build;        /* normalised build/version, e.g. "14.3.498.0", or NULL */
} HtServer;

/* Fills SERVER from R. Returns FALSE (product NULL) when nothing identifies the server. */
gboolean ht_classify_server (const HtReceived *r, HtServer *server);
void ht_server_clear (HtServer *server);

/* The Exchange release of an Exchange build number ("14.3.498.0", "15.01.2375.034"),
 * or NULL when BUILD is no Exchange build. Writes the build without leading zeros. */
const char *ht_classify_exchange_build (const char *build, gchar **normalised);

/* TRUE for host names in Exchange Online / EOP's domains (*.outlook.com, *.office365.com,
 * *.exchangelabs.com, *.protection.gbl). */
gboolean ht_classify_is_exo_host (const char *host);

/* TRUE when PRODUCT is Exchange 2007, 2010 or 2013 (or an early 2016 build) that records
 * only "(TLS)". */
gboolean ht_classify_is_exchange (const char *product);

G_END_DECLS
