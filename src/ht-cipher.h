/* ht-cipher.h - Map cipher-suite spellings found in Received headers to IANA names.
 *
 * Mail servers record the negotiated cipher suite in whatever spelling their TLS
 * library uses: OpenSSL ("ECDHE-RSA-AES256-GCM-SHA384"), GnuTLS as written by Exim
 * ("ECDHE_RSA_AES_256_GCM_SHA384"), Schannel ("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384_P384"),
 * LibreSSL, rustls and others.  This module folds all of them onto the IANA registry name
 * so that the rest of hoptrace can reason about one vocabulary.  Every function is pure
 * and thread-safe, and accepts NULL.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Returns the IANA (RFC) name of a cipher suite written in a Received header, or NULL when the
 * spelling is unknown or the mapping is ambiguous. (transfer none): a static string. */
const char *ht_cipher_iana_name (const char *written);

/* TRUE when the suite exists only in TLS 1.3 (TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384,
 * TLS_CHACHA20_POLY1305_SHA256, TLS_AES_128_CCM_SHA256, TLS_AES_128_CCM_8_SHA256, in any
 * spelling). */
gboolean ht_cipher_is_tls13_only (const char *written);

typedef enum {
    HT_CIPHER_WEAK_NONE = 0,
    HT_CIPHER_WEAK_RC4 = 1 << 0,
    HT_CIPHER_WEAK_3DES = 1 << 1,
    HT_CIPHER_WEAK_DES = 1 << 2,
    HT_CIPHER_WEAK_NULL = 1 << 3,
    HT_CIPHER_WEAK_EXPORT = 1 << 4,
    HT_CIPHER_WEAK_ANON = 1 << 5,
    HT_CIPHER_WEAK_MD5 = 1 << 6,
} HtCipherWeakness;

/* Weaknesses of the suite (bit set), judged from its name in any spelling. */
HtCipherWeakness ht_cipher_weaknesses (const char *written);

/* TRUE when the key exchange is static RSA (no forward secrecy): e.g. AES128-SHA,
 * AES256-GCM-SHA384, TLS_RSA_WITH_AES_256_CBC_SHA, RSA_AES_256_CBC_SHA1 (GnuTLS). FALSE for
 * (EC)DHE, TLS 1.3 suites, unknown. */
gboolean ht_cipher_is_static_rsa (const char *written);

G_END_DECLS
