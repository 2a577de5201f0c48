/* ht-tls: the TLS evidence in one Received line -> HtTls.
 *
 * Pure: reads an HtReceived, never the network or a file. A fact is only what the line
 * states; the one inference made (a TLS 1.3-only cipher suite implies TLS 1.3) is marked
 * as such in `version_inferred`. */
#pragma once

#include <glib.h>

#include "ht-received.h"

G_BEGIN_DECLS

typedef enum {
    HT_TLS_VERSION_NONE = 0, /* not recorded */
    HT_TLS_VERSION_SSL2,
    HT_TLS_VERSION_SSL3,
    HT_TLS_VERSION_1_0,
    HT_TLS_VERSION_1_1,
    HT_TLS_VERSION_1_2,
    HT_TLS_VERSION_1_3,
    /* "TLSv1/SSLv3": old OpenSSL's name for the cipher's family, not a protocol version. */
    HT_TLS_VERSION_AMBIGUOUS,
} HtTlsVersion;

typedef enum {
    HT_TLS_USED_UNKNOWN = 0, /* the line says nothing about TLS */
    HT_TLS_USED_YES,
    HT_TLS_USED_NO, /* the line proves plaintext */
} HtTlsUsed;

typedef struct {
    HtTlsUsed used;
    HtTlsVersion version;
    gboolean version_inferred; /* version deduced from a TLS 1.3-only cipher suite */
    gchar *version_text;       /* the version as written, e.g. "TLS1_2", or NULL */
    gchar *cipher;             /* exactly as written, or NULL */
    gint bits;                 /* -1 when not recorded */
    gchar *client_certificate; /* e.g. "verified OK", "none presented", or NULL */
    gchar *evidence;           /* the text the verdict came from, or NULL */
} HtTls;

HtTls *ht_tls_from_received (const HtReceived *received);
void ht_tls_free (HtTls *tls);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtTls, ht_tls_free)

/* Normalises a written version ("TLSv1.2", "TLS1_2", "SP_PROT_TLS1_2_SERVER", "TLS1",
 * "SSLv3", "TLSv1/SSLv3", ...). Returns HT_TLS_VERSION_NONE when TEXT is no version. */
HtTlsVersion ht_tls_version_parse (const char *text);

/* "TLS1.2", "SSL3", ... as in the JSON contract; NULL for NONE and AMBIGUOUS. */
const char *ht_tls_version_name (HtTlsVersion version);

/* What the protocol word of a with clause says about TLS (RFC 3848 and common extensions). */
HtTlsUsed ht_tls_used_from_protocol (const char *with);

G_END_DECLS
