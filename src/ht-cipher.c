/* ht-cipher.c - Map cipher-suite spellings found in Received headers to IANA names.
 *
 * The lookup runs in this order, on an upper-cased, trimmed copy of the input with any
 * Schannel curve suffix (_P256, _P384, _P521) removed:
 *
 *   1. the IANA name itself, or an OpenSSL name, from the suite table;
 *   2. other fixed spellings (TLS 1.3 names of LibreSSL, rustls, wolfSSL, Mbed TLS and
 *      pre-release OpenSSL 1.1.1, Go's short ChaCha20 names, known misspellings);
 *   3. the IANA name written with hyphens (Mbed TLS), with an "SSL_" prefix (Java, old
 *      Schannel) or without its "TLS_" prefix;
 *   4. GnuTLS names ("ECDHE_RSA_AES_256_GCM_SHA384", "RSA_ARCFOUR_SHA1", ...), which are
 *      regular enough to be rewritten into an IANA candidate that must then be found in
 *      the suite table.
 *
 * Anything else is unknown.  All tables are static and only read, so every function here
 * is thread-safe without locking; a linear scan over a few hundred rows costs far less than
 * parsing the header the name came from.
 */
#include "config.h"

#include "ht-cipher.h"

#include <pthread.h>
#include <string.h>

typedef struct {
    const char *iana;        /* Name in the IANA TLS Cipher Suites registry. */
    const char *openssl;     /* OpenSSL's name, or NULL when OpenSSL uses the IANA name. */
    const char *openssl_alt; /* A second OpenSSL spelling (EDH- vs DHE-), or NULL. */
} Suite;

/* Every suite OpenSSL 1.0.2 to 3.x ships for TLS 1.0 to 1.3 (Kerberos and GOST-engine suites
 * aside), plus the GnuTLS-only Camellia-GCM suites.  Static DH and ECDH, anonymous, export, PSK
 * and SRP suites are kept even though no sane mail server offers them, because a Received
 * header that names one is exactly the kind of hop worth flagging. */
static const Suite suites[] = {
    /* TLS 1.3: OpenSSL, GnuTLS, Go and Schannel all write the IANA name. */
    {"TLS_AES_128_GCM_SHA256", NULL, NULL},
    {"TLS_AES_256_GCM_SHA384", NULL, NULL},
    {"TLS_CHACHA20_POLY1305_SHA256", NULL, NULL},
    {"TLS_AES_128_CCM_SHA256", NULL, NULL},
    {"TLS_AES_128_CCM_8_SHA256", NULL, NULL},

    /* ECDHE with ECDSA certificates. */
    {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256", NULL},
    {"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384", NULL},
    {"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305", NULL},
    {"TLS_ECDHE_ECDSA_WITH_AES_128_CCM", "ECDHE-ECDSA-AES128-CCM", NULL},
    {"TLS_ECDHE_ECDSA_WITH_AES_256_CCM", "ECDHE-ECDSA-AES256-CCM", NULL},
    {"TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", "ECDHE-ECDSA-AES128-CCM8", NULL},
    {"TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8", "ECDHE-ECDSA-AES256-CCM8", NULL},
    {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "ECDHE-ECDSA-AES128-SHA256", NULL},
    {"TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "ECDHE-ECDSA-AES256-SHA384", NULL},
    {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA", NULL},
    {"TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE-ECDSA-AES256-SHA", NULL},
    {"TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256", "ECDHE-ECDSA-CAMELLIA128-SHA256", NULL},
    {"TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384", "ECDHE-ECDSA-CAMELLIA256-SHA384", NULL},
    {"TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_GCM_SHA256", NULL, NULL},
    {"TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_GCM_SHA384", NULL, NULL},
    {"TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256", "ECDHE-ECDSA-ARIA128-GCM-SHA256", NULL},
    {"TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384", "ECDHE-ECDSA-ARIA256-GCM-SHA384", NULL},
    {"TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA", "ECDHE-ECDSA-DES-CBC3-SHA", NULL},
    {"TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", "ECDHE-ECDSA-RC4-SHA", NULL},
    {"TLS_ECDHE_ECDSA_WITH_NULL_SHA", "ECDHE-ECDSA-NULL-SHA", NULL},

    /* ECDHE with RSA certificates.  OpenSSL drops "RSA" from the ARIA names. */
    {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256", NULL},
    {"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384", NULL},
    {"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305", NULL},
    {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "ECDHE-RSA-AES128-SHA256", NULL},
    {"TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "ECDHE-RSA-AES256-SHA384", NULL},
    {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA", NULL},
    {"TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE-RSA-AES256-SHA", NULL},
    {"TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", "ECDHE-RSA-CAMELLIA128-SHA256", NULL},
    {"TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384", "ECDHE-RSA-CAMELLIA256-SHA384", NULL},
    {"TLS_ECDHE_RSA_WITH_CAMELLIA_128_GCM_SHA256", NULL, NULL},
    {"TLS_ECDHE_RSA_WITH_CAMELLIA_256_GCM_SHA384", NULL, NULL},
    {"TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256", "ECDHE-ARIA128-GCM-SHA256", NULL},
    {"TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384", "ECDHE-ARIA256-GCM-SHA384", NULL},
    {"TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", "ECDHE-RSA-DES-CBC3-SHA", NULL},
    {"TLS_ECDHE_RSA_WITH_RC4_128_SHA", "ECDHE-RSA-RC4-SHA", NULL},
    {"TLS_ECDHE_RSA_WITH_NULL_SHA", "ECDHE-RSA-NULL-SHA", NULL},

    /* Ephemeral DH with RSA certificates.  OpenSSL before 1.1.0 spelled the DES suites
     * "EDH-"; later releases say "DHE-" and keep the old names as aliases. */
    {"TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "DHE-RSA-AES128-GCM-SHA256", NULL},
    {"TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "DHE-RSA-AES256-GCM-SHA384", NULL},
    {"TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "DHE-RSA-CHACHA20-POLY1305", NULL},
    {"TLS_DHE_RSA_WITH_AES_128_CCM", "DHE-RSA-AES128-CCM", NULL},
    {"TLS_DHE_RSA_WITH_AES_256_CCM", "DHE-RSA-AES256-CCM", NULL},
    {"TLS_DHE_RSA_WITH_AES_128_CCM_8", "DHE-RSA-AES128-CCM8", NULL},
    {"TLS_DHE_RSA_WITH_AES_256_CCM_8", "DHE-RSA-AES256-CCM8", NULL},
    {"TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", "DHE-RSA-AES128-SHA256", NULL},
    {"TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", "DHE-RSA-AES256-SHA256", NULL},
    {"TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "DHE-RSA-AES128-SHA", NULL},
    {"TLS_DHE_RSA_WITH_AES_256_CBC_SHA", "DHE-RSA-AES256-SHA", NULL},
    {"TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", "DHE-RSA-CAMELLIA128-SHA256", NULL},
    {"TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256", "DHE-RSA-CAMELLIA256-SHA256", NULL},
    {"TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA", "DHE-RSA-CAMELLIA128-SHA", NULL},
    {"TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA", "DHE-RSA-CAMELLIA256-SHA", NULL},
    {"TLS_DHE_RSA_WITH_CAMELLIA_128_GCM_SHA256", NULL, NULL},
    {"TLS_DHE_RSA_WITH_CAMELLIA_256_GCM_SHA384", NULL, NULL},
    {"TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256", "DHE-RSA-ARIA128-GCM-SHA256", NULL},
    {"TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384", "DHE-RSA-ARIA256-GCM-SHA384", NULL},
    {"TLS_DHE_RSA_WITH_SEED_CBC_SHA", "DHE-RSA-SEED-SHA", NULL},
    {"TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA", "DHE-RSA-DES-CBC3-SHA", "EDH-RSA-DES-CBC3-SHA"},
    {"TLS_DHE_RSA_WITH_DES_CBC_SHA", "DHE-RSA-DES-CBC-SHA", "EDH-RSA-DES-CBC-SHA"},
    {"TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA", "EXP-DHE-RSA-DES-CBC-SHA", "EXP-EDH-RSA-DES-CBC-SHA"},

    /* Ephemeral DH with DSS certificates. */
    {"TLS_DHE_DSS_WITH_AES_128_GCM_SHA256", "DHE-DSS-AES128-GCM-SHA256", NULL},
    {"TLS_DHE_DSS_WITH_AES_256_GCM_SHA384", "DHE-DSS-AES256-GCM-SHA384", NULL},
    {"TLS_DHE_DSS_WITH_AES_128_CBC_SHA256", "DHE-DSS-AES128-SHA256", NULL},
    {"TLS_DHE_DSS_WITH_AES_256_CBC_SHA256", "DHE-DSS-AES256-SHA256", NULL},
    {"TLS_DHE_DSS_WITH_AES_128_CBC_SHA", "DHE-DSS-AES128-SHA", NULL},
    {"TLS_DHE_DSS_WITH_AES_256_CBC_SHA", "DHE-DSS-AES256-SHA", NULL},
    {"TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256", "DHE-DSS-CAMELLIA128-SHA256", NULL},
    {"TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256", "DHE-DSS-CAMELLIA256-SHA256", NULL},
    {"TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA", "DHE-DSS-CAMELLIA128-SHA", NULL},
    {"TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA", "DHE-DSS-CAMELLIA256-SHA", NULL},
    {"TLS_DHE_DSS_WITH_CAMELLIA_128_GCM_SHA256", NULL, NULL},
    {"TLS_DHE_DSS_WITH_CAMELLIA_256_GCM_SHA384", NULL, NULL},
    {"TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256", "DHE-DSS-ARIA128-GCM-SHA256", NULL},
    {"TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384", "DHE-DSS-ARIA256-GCM-SHA384", NULL},
    {"TLS_DHE_DSS_WITH_SEED_CBC_SHA", "DHE-DSS-SEED-SHA", NULL},
    {"TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA", "DHE-DSS-DES-CBC3-SHA", "EDH-DSS-DES-CBC3-SHA"},
    {"TLS_DHE_DSS_WITH_DES_CBC_SHA", "DHE-DSS-DES-CBC-SHA", "EDH-DSS-DES-CBC-SHA"},
    {"TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA", "EXP-DHE-DSS-DES-CBC-SHA", "EXP-EDH-DSS-DES-CBC-SHA"},
    /* Code point 0x0066 comes from an expired draft and IANA lists it only as reserved, but
     * OpenSSL up to 1.0.2 negotiated it and reports this name for it. */
    {"TLS_DHE_DSS_WITH_RC4_128_SHA", "DHE-DSS-RC4-SHA", NULL},

    /* Static RSA key exchange: no forward secrecy. */
    {"TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256", NULL},
    {"TLS_RSA_WITH_AES_256_GCM_SHA384", "AES256-GCM-SHA384", NULL},
    {"TLS_RSA_WITH_AES_128_CCM", "AES128-CCM", NULL},
    {"TLS_RSA_WITH_AES_256_CCM", "AES256-CCM", NULL},
    {"TLS_RSA_WITH_AES_128_CCM_8", "AES128-CCM8", NULL},
    {"TLS_RSA_WITH_AES_256_CCM_8", "AES256-CCM8", NULL},
    {"TLS_RSA_WITH_AES_128_CBC_SHA256", "AES128-SHA256", NULL},
    {"TLS_RSA_WITH_AES_256_CBC_SHA256", "AES256-SHA256", NULL},
    {"TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA", NULL},
    {"TLS_RSA_WITH_AES_256_CBC_SHA", "AES256-SHA", NULL},
    {"TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256", "CAMELLIA128-SHA256", NULL},
    {"TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256", "CAMELLIA256-SHA256", NULL},
    {"TLS_RSA_WITH_CAMELLIA_128_CBC_SHA", "CAMELLIA128-SHA", NULL},
    {"TLS_RSA_WITH_CAMELLIA_256_CBC_SHA", "CAMELLIA256-SHA", NULL},
    {"TLS_RSA_WITH_CAMELLIA_128_GCM_SHA256", NULL, NULL},
    {"TLS_RSA_WITH_CAMELLIA_256_GCM_SHA384", NULL, NULL},
    {"TLS_RSA_WITH_ARIA_128_GCM_SHA256", "ARIA128-GCM-SHA256", NULL},
    {"TLS_RSA_WITH_ARIA_256_GCM_SHA384", "ARIA256-GCM-SHA384", NULL},
    {"TLS_RSA_WITH_SEED_CBC_SHA", "SEED-SHA", NULL},
    {"TLS_RSA_WITH_IDEA_CBC_SHA", "IDEA-CBC-SHA", NULL},
    {"TLS_RSA_WITH_3DES_EDE_CBC_SHA", "DES-CBC3-SHA", NULL},
    {"TLS_RSA_WITH_DES_CBC_SHA", "DES-CBC-SHA", NULL},
    {"TLS_RSA_WITH_RC4_128_SHA", "RC4-SHA", NULL},
    {"TLS_RSA_WITH_RC4_128_MD5", "RC4-MD5", NULL},
    {"TLS_RSA_WITH_NULL_SHA256", "NULL-SHA256", NULL},
    {"TLS_RSA_WITH_NULL_SHA", "NULL-SHA", NULL},
    {"TLS_RSA_WITH_NULL_MD5", "NULL-MD5", NULL},
    {"TLS_RSA_EXPORT_WITH_RC4_40_MD5", "EXP-RC4-MD5", NULL},
    {"TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5", "EXP-RC2-CBC-MD5", NULL},
    {"TLS_RSA_EXPORT_WITH_DES40_CBC_SHA", "EXP-DES-CBC-SHA", NULL},

    /* Static DH with a certificate-bound key (OpenSSL 1.0.2 only). */
    {"TLS_DH_RSA_WITH_AES_128_GCM_SHA256", "DH-RSA-AES128-GCM-SHA256", NULL},
    {"TLS_DH_RSA_WITH_AES_256_GCM_SHA384", "DH-RSA-AES256-GCM-SHA384", NULL},
    {"TLS_DH_RSA_WITH_AES_128_CBC_SHA256", "DH-RSA-AES128-SHA256", NULL},
    {"TLS_DH_RSA_WITH_AES_256_CBC_SHA256", "DH-RSA-AES256-SHA256", NULL},
    {"TLS_DH_RSA_WITH_AES_128_CBC_SHA", "DH-RSA-AES128-SHA", NULL},
    {"TLS_DH_RSA_WITH_AES_256_CBC_SHA", "DH-RSA-AES256-SHA", NULL},
    {"TLS_DH_RSA_WITH_CAMELLIA_128_CBC_SHA", "DH-RSA-CAMELLIA128-SHA", NULL},
    {"TLS_DH_RSA_WITH_CAMELLIA_256_CBC_SHA", "DH-RSA-CAMELLIA256-SHA", NULL},
    {"TLS_DH_RSA_WITH_SEED_CBC_SHA", "DH-RSA-SEED-SHA", NULL},
    {"TLS_DH_RSA_WITH_3DES_EDE_CBC_SHA", "DH-RSA-DES-CBC3-SHA", NULL},
    {"TLS_DH_RSA_WITH_DES_CBC_SHA", "DH-RSA-DES-CBC-SHA", NULL},
    {"TLS_DH_RSA_EXPORT_WITH_DES40_CBC_SHA", "EXP-DH-RSA-DES-CBC-SHA", NULL},
    {"TLS_DH_DSS_WITH_AES_128_GCM_SHA256", "DH-DSS-AES128-GCM-SHA256", NULL},
    {"TLS_DH_DSS_WITH_AES_256_GCM_SHA384", "DH-DSS-AES256-GCM-SHA384", NULL},
    {"TLS_DH_DSS_WITH_AES_128_CBC_SHA256", "DH-DSS-AES128-SHA256", NULL},
    {"TLS_DH_DSS_WITH_AES_256_CBC_SHA256", "DH-DSS-AES256-SHA256", NULL},
    {"TLS_DH_DSS_WITH_AES_128_CBC_SHA", "DH-DSS-AES128-SHA", NULL},
    {"TLS_DH_DSS_WITH_AES_256_CBC_SHA", "DH-DSS-AES256-SHA", NULL},
    {"TLS_DH_DSS_WITH_CAMELLIA_128_CBC_SHA", "DH-DSS-CAMELLIA128-SHA", NULL},
    {"TLS_DH_DSS_WITH_CAMELLIA_256_CBC_SHA", "DH-DSS-CAMELLIA256-SHA", NULL},
    {"TLS_DH_DSS_WITH_SEED_CBC_SHA", "DH-DSS-SEED-SHA", NULL},
    {"TLS_DH_DSS_WITH_3DES_EDE_CBC_SHA", "DH-DSS-DES-CBC3-SHA", NULL},
    {"TLS_DH_DSS_WITH_DES_CBC_SHA", "DH-DSS-DES-CBC-SHA", NULL},
    {"TLS_DH_DSS_EXPORT_WITH_DES40_CBC_SHA", "EXP-DH-DSS-DES-CBC-SHA", NULL},

    /* Static ECDH with a certificate-bound key (OpenSSL 1.0.2 only). */
    {"TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256", "ECDH-RSA-AES128-GCM-SHA256", NULL},
    {"TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384", "ECDH-RSA-AES256-GCM-SHA384", NULL},
    {"TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256", "ECDH-RSA-AES128-SHA256", NULL},
    {"TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384", "ECDH-RSA-AES256-SHA384", NULL},
    {"TLS_ECDH_RSA_WITH_AES_128_CBC_SHA", "ECDH-RSA-AES128-SHA", NULL},
    {"TLS_ECDH_RSA_WITH_AES_256_CBC_SHA", "ECDH-RSA-AES256-SHA", NULL},
    {"TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA", "ECDH-RSA-DES-CBC3-SHA", NULL},
    {"TLS_ECDH_RSA_WITH_RC4_128_SHA", "ECDH-RSA-RC4-SHA", NULL},
    {"TLS_ECDH_RSA_WITH_NULL_SHA", "ECDH-RSA-NULL-SHA", NULL},
    {"TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256", "ECDH-ECDSA-AES128-GCM-SHA256", NULL},
    {"TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384", "ECDH-ECDSA-AES256-GCM-SHA384", NULL},
    {"TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256", "ECDH-ECDSA-AES128-SHA256", NULL},
    {"TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384", "ECDH-ECDSA-AES256-SHA384", NULL},
    {"TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA", "ECDH-ECDSA-AES128-SHA", NULL},
    {"TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA", "ECDH-ECDSA-AES256-SHA", NULL},
    {"TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA", "ECDH-ECDSA-DES-CBC3-SHA", NULL},
    {"TLS_ECDH_ECDSA_WITH_RC4_128_SHA", "ECDH-ECDSA-RC4-SHA", NULL},
    {"TLS_ECDH_ECDSA_WITH_NULL_SHA", "ECDH-ECDSA-NULL-SHA", NULL},

    /* Anonymous (unauthenticated) DH and ECDH. */
    {"TLS_DH_anon_WITH_AES_128_GCM_SHA256", "ADH-AES128-GCM-SHA256", NULL},
    {"TLS_DH_anon_WITH_AES_256_GCM_SHA384", "ADH-AES256-GCM-SHA384", NULL},
    {"TLS_DH_anon_WITH_AES_128_CBC_SHA256", "ADH-AES128-SHA256", NULL},
    {"TLS_DH_anon_WITH_AES_256_CBC_SHA256", "ADH-AES256-SHA256", NULL},
    {"TLS_DH_anon_WITH_AES_128_CBC_SHA", "ADH-AES128-SHA", NULL},
    {"TLS_DH_anon_WITH_AES_256_CBC_SHA", "ADH-AES256-SHA", NULL},
    {"TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256", "ADH-CAMELLIA128-SHA256", NULL},
    {"TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256", "ADH-CAMELLIA256-SHA256", NULL},
    {"TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA", "ADH-CAMELLIA128-SHA", NULL},
    {"TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA", "ADH-CAMELLIA256-SHA", NULL},
    {"TLS_DH_anon_WITH_CAMELLIA_128_GCM_SHA256", NULL, NULL},
    {"TLS_DH_anon_WITH_CAMELLIA_256_GCM_SHA384", NULL, NULL},
    {"TLS_DH_anon_WITH_SEED_CBC_SHA", "ADH-SEED-SHA", NULL},
    {"TLS_DH_anon_WITH_3DES_EDE_CBC_SHA", "ADH-DES-CBC3-SHA", NULL},
    {"TLS_DH_anon_WITH_DES_CBC_SHA", "ADH-DES-CBC-SHA", NULL},
    {"TLS_DH_anon_WITH_RC4_128_MD5", "ADH-RC4-MD5", NULL},
    {"TLS_DH_anon_EXPORT_WITH_RC4_40_MD5", "EXP-ADH-RC4-MD5", NULL},
    {"TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA", "EXP-ADH-DES-CBC-SHA", NULL},
    {"TLS_ECDH_anon_WITH_AES_128_CBC_SHA", "AECDH-AES128-SHA", NULL},
    {"TLS_ECDH_anon_WITH_AES_256_CBC_SHA", "AECDH-AES256-SHA", NULL},
    {"TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA", "AECDH-DES-CBC3-SHA", NULL},
    {"TLS_ECDH_anon_WITH_RC4_128_SHA", "AECDH-RC4-SHA", NULL},
    {"TLS_ECDH_anon_WITH_NULL_SHA", "AECDH-NULL-SHA", NULL},

    /* Pre-shared keys. */
    {"TLS_PSK_WITH_AES_128_GCM_SHA256", "PSK-AES128-GCM-SHA256", NULL},
    {"TLS_PSK_WITH_AES_256_GCM_SHA384", "PSK-AES256-GCM-SHA384", NULL},
    {"TLS_PSK_WITH_CHACHA20_POLY1305_SHA256", "PSK-CHACHA20-POLY1305", NULL},
    {"TLS_PSK_WITH_AES_128_CCM", "PSK-AES128-CCM", NULL},
    {"TLS_PSK_WITH_AES_256_CCM", "PSK-AES256-CCM", NULL},
    {"TLS_PSK_WITH_AES_128_CCM_8", "PSK-AES128-CCM8", NULL},
    {"TLS_PSK_WITH_AES_256_CCM_8", "PSK-AES256-CCM8", NULL},
    {"TLS_PSK_WITH_AES_128_CBC_SHA256", "PSK-AES128-CBC-SHA256", NULL},
    {"TLS_PSK_WITH_AES_256_CBC_SHA384", "PSK-AES256-CBC-SHA384", NULL},
    {"TLS_PSK_WITH_AES_128_CBC_SHA", "PSK-AES128-CBC-SHA", NULL},
    {"TLS_PSK_WITH_AES_256_CBC_SHA", "PSK-AES256-CBC-SHA", NULL},
    {"TLS_PSK_WITH_CAMELLIA_128_CBC_SHA256", "PSK-CAMELLIA128-SHA256", NULL},
    {"TLS_PSK_WITH_CAMELLIA_256_CBC_SHA384", "PSK-CAMELLIA256-SHA384", NULL},
    {"TLS_PSK_WITH_CAMELLIA_128_GCM_SHA256", NULL, NULL},
    {"TLS_PSK_WITH_CAMELLIA_256_GCM_SHA384", NULL, NULL},
    {"TLS_PSK_WITH_ARIA_128_GCM_SHA256", "PSK-ARIA128-GCM-SHA256", NULL},
    {"TLS_PSK_WITH_ARIA_256_GCM_SHA384", "PSK-ARIA256-GCM-SHA384", NULL},
    {"TLS_PSK_WITH_3DES_EDE_CBC_SHA", "PSK-3DES-EDE-CBC-SHA", NULL},
    {"TLS_PSK_WITH_RC4_128_SHA", "PSK-RC4-SHA", NULL},
    {"TLS_PSK_WITH_NULL_SHA384", "PSK-NULL-SHA384", NULL},
    {"TLS_PSK_WITH_NULL_SHA256", "PSK-NULL-SHA256", NULL},
    {"TLS_PSK_WITH_NULL_SHA", "PSK-NULL-SHA", NULL},
    {"TLS_DHE_PSK_WITH_AES_128_GCM_SHA256", "DHE-PSK-AES128-GCM-SHA256", NULL},
    {"TLS_DHE_PSK_WITH_AES_256_GCM_SHA384", "DHE-PSK-AES256-GCM-SHA384", NULL},
    {"TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256", "DHE-PSK-CHACHA20-POLY1305", NULL},
    {"TLS_DHE_PSK_WITH_AES_128_CCM", "DHE-PSK-AES128-CCM", NULL},
    {"TLS_DHE_PSK_WITH_AES_256_CCM", "DHE-PSK-AES256-CCM", NULL},
    /* RFC 6655 really does name these two "PSK_DHE", unlike their neighbours. */
    {"TLS_PSK_DHE_WITH_AES_128_CCM_8", "DHE-PSK-AES128-CCM8", NULL},
    {"TLS_PSK_DHE_WITH_AES_256_CCM_8", "DHE-PSK-AES256-CCM8", NULL},
    {"TLS_DHE_PSK_WITH_AES_128_CBC_SHA256", "DHE-PSK-AES128-CBC-SHA256", NULL},
    {"TLS_DHE_PSK_WITH_AES_256_CBC_SHA384", "DHE-PSK-AES256-CBC-SHA384", NULL},
    {"TLS_DHE_PSK_WITH_AES_128_CBC_SHA", "DHE-PSK-AES128-CBC-SHA", NULL},
    {"TLS_DHE_PSK_WITH_AES_256_CBC_SHA", "DHE-PSK-AES256-CBC-SHA", NULL},
    {"TLS_DHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", "DHE-PSK-CAMELLIA128-SHA256", NULL},
    {"TLS_DHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", "DHE-PSK-CAMELLIA256-SHA384", NULL},
    {"TLS_DHE_PSK_WITH_CAMELLIA_128_GCM_SHA256", NULL, NULL},
    {"TLS_DHE_PSK_WITH_CAMELLIA_256_GCM_SHA384", NULL, NULL},
    {"TLS_DHE_PSK_WITH_ARIA_128_GCM_SHA256", "DHE-PSK-ARIA128-GCM-SHA256", NULL},
    {"TLS_DHE_PSK_WITH_ARIA_256_GCM_SHA384", "DHE-PSK-ARIA256-GCM-SHA384", NULL},
    {"TLS_DHE_PSK_WITH_3DES_EDE_CBC_SHA", "DHE-PSK-3DES-EDE-CBC-SHA", NULL},
    {"TLS_DHE_PSK_WITH_RC4_128_SHA", "DHE-PSK-RC4-SHA", NULL},
    {"TLS_DHE_PSK_WITH_NULL_SHA384", "DHE-PSK-NULL-SHA384", NULL},
    {"TLS_DHE_PSK_WITH_NULL_SHA256", "DHE-PSK-NULL-SHA256", NULL},
    {"TLS_DHE_PSK_WITH_NULL_SHA", "DHE-PSK-NULL-SHA", NULL},
    {"TLS_RSA_PSK_WITH_AES_128_GCM_SHA256", "RSA-PSK-AES128-GCM-SHA256", NULL},
    {"TLS_RSA_PSK_WITH_AES_256_GCM_SHA384", "RSA-PSK-AES256-GCM-SHA384", NULL},
    {"TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256", "RSA-PSK-CHACHA20-POLY1305", NULL},
    {"TLS_RSA_PSK_WITH_AES_128_CBC_SHA256", "RSA-PSK-AES128-CBC-SHA256", NULL},
    {"TLS_RSA_PSK_WITH_AES_256_CBC_SHA384", "RSA-PSK-AES256-CBC-SHA384", NULL},
    {"TLS_RSA_PSK_WITH_AES_128_CBC_SHA", "RSA-PSK-AES128-CBC-SHA", NULL},
    {"TLS_RSA_PSK_WITH_AES_256_CBC_SHA", "RSA-PSK-AES256-CBC-SHA", NULL},
    {"TLS_RSA_PSK_WITH_CAMELLIA_128_CBC_SHA256", "RSA-PSK-CAMELLIA128-SHA256", NULL},
    {"TLS_RSA_PSK_WITH_CAMELLIA_256_CBC_SHA384", "RSA-PSK-CAMELLIA256-SHA384", NULL},
    {"TLS_RSA_PSK_WITH_CAMELLIA_128_GCM_SHA256", NULL, NULL},
    {"TLS_RSA_PSK_WITH_CAMELLIA_256_GCM_SHA384", NULL, NULL},
    {"TLS_RSA_PSK_WITH_ARIA_128_GCM_SHA256", "RSA-PSK-ARIA128-GCM-SHA256", NULL},
    {"TLS_RSA_PSK_WITH_ARIA_256_GCM_SHA384", "RSA-PSK-ARIA256-GCM-SHA384", NULL},
    {"TLS_RSA_PSK_WITH_3DES_EDE_CBC_SHA", "RSA-PSK-3DES-EDE-CBC-SHA", NULL},
    {"TLS_RSA_PSK_WITH_RC4_128_SHA", "RSA-PSK-RC4-SHA", NULL},
    {"TLS_RSA_PSK_WITH_NULL_SHA384", "RSA-PSK-NULL-SHA384", NULL},
    {"TLS_RSA_PSK_WITH_NULL_SHA256", "RSA-PSK-NULL-SHA256", NULL},
    {"TLS_RSA_PSK_WITH_NULL_SHA", "RSA-PSK-NULL-SHA", NULL},
    {"TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-PSK-CHACHA20-POLY1305", NULL},
    {"TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256", "ECDHE-PSK-AES128-CBC-SHA256", NULL},
    {"TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384", "ECDHE-PSK-AES256-CBC-SHA384", NULL},
    {"TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA", "ECDHE-PSK-AES128-CBC-SHA", NULL},
    {"TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA", "ECDHE-PSK-AES256-CBC-SHA", NULL},
    {"TLS_ECDHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", "ECDHE-PSK-CAMELLIA128-SHA256", NULL},
    {"TLS_ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", "ECDHE-PSK-CAMELLIA256-SHA384", NULL},
    {"TLS_ECDHE_PSK_WITH_3DES_EDE_CBC_SHA", "ECDHE-PSK-3DES-EDE-CBC-SHA", NULL},
    {"TLS_ECDHE_PSK_WITH_RC4_128_SHA", "ECDHE-PSK-RC4-SHA", NULL},
    {"TLS_ECDHE_PSK_WITH_NULL_SHA384", "ECDHE-PSK-NULL-SHA384", NULL},
    {"TLS_ECDHE_PSK_WITH_NULL_SHA256", "ECDHE-PSK-NULL-SHA256", NULL},
    {"TLS_ECDHE_PSK_WITH_NULL_SHA", "ECDHE-PSK-NULL-SHA", NULL},

    /* Secure Remote Password. */
    {"TLS_SRP_SHA_WITH_AES_128_CBC_SHA", "SRP-AES-128-CBC-SHA", NULL},
    {"TLS_SRP_SHA_WITH_AES_256_CBC_SHA", "SRP-AES-256-CBC-SHA", NULL},
    {"TLS_SRP_SHA_WITH_3DES_EDE_CBC_SHA", "SRP-3DES-EDE-CBC-SHA", NULL},
    {"TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA", "SRP-RSA-AES-128-CBC-SHA", NULL},
    {"TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA", "SRP-RSA-AES-256-CBC-SHA", NULL},
    {"TLS_SRP_SHA_RSA_WITH_3DES_EDE_CBC_SHA", "SRP-RSA-3DES-EDE-CBC-SHA", NULL},
    {"TLS_SRP_SHA_DSS_WITH_AES_128_CBC_SHA", "SRP-DSS-AES-128-CBC-SHA", NULL},
    {"TLS_SRP_SHA_DSS_WITH_AES_256_CBC_SHA", "SRP-DSS-AES-256-CBC-SHA", NULL},
    {"TLS_SRP_SHA_DSS_WITH_3DES_EDE_CBC_SHA", "SRP-DSS-3DES-EDE-CBC-SHA", NULL},
};

typedef struct {
    const char *written;
    const char *iana;
} Alias;

/* Spellings that are neither IANA, OpenSSL nor GnuTLS names.  Each target must appear in
 * suites[]; find_by_alias() returns the pointer from there so that every spelling of a suite
 * yields the very same string. */
static const Alias aliases[] = {
    /* OpenSSL 1.1.1 pre-releases (2017-2018) named the TLS 1.3 suites "TLS13-". */
    {"TLS13-AES-128-GCM-SHA256", "TLS_AES_128_GCM_SHA256"},
    {"TLS13-AES-256-GCM-SHA384", "TLS_AES_256_GCM_SHA384"},
    {"TLS13-CHACHA20-POLY1305-SHA256", "TLS_CHACHA20_POLY1305_SHA256"},
    {"TLS13-AES-128-CCM-SHA256", "TLS_AES_128_CCM_SHA256"},
    {"TLS13-AES-128-CCM-8-SHA256", "TLS_AES_128_CCM_8_SHA256"},
    /* wolfSSL glues the key size to "AES" like OpenSSL does for TLS 1.2. */
    {"TLS13-AES128-GCM-SHA256", "TLS_AES_128_GCM_SHA256"},
    {"TLS13-AES256-GCM-SHA384", "TLS_AES_256_GCM_SHA384"},
    {"TLS13-AES128-CCM-SHA256", "TLS_AES_128_CCM_SHA256"},
    {"TLS13-AES128-CCM-8-SHA256", "TLS_AES_128_CCM_8_SHA256"},
    /* LibreSSL, and BoringSSL before 2018. */
    {"AEAD-AES128-GCM-SHA256", "TLS_AES_128_GCM_SHA256"},
    {"AEAD-AES256-GCM-SHA384", "TLS_AES_256_GCM_SHA384"},
    {"AEAD-CHACHA20-POLY1305-SHA256", "TLS_CHACHA20_POLY1305_SHA256"},
    /* rustls prints its enum variants; TLS 1.2 variants already carry the IANA name. */
    {"TLS13_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256"},
    {"TLS13_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384"},
    {"TLS13_CHACHA20_POLY1305_SHA256", "TLS_CHACHA20_POLY1305_SHA256"},
    {"TLS13_AES_128_CCM_SHA256", "TLS_AES_128_CCM_SHA256"},
    {"TLS13_AES_128_CCM_8_SHA256", "TLS_AES_128_CCM_8_SHA256"},
    /* Mbed TLS writes TLS 1.2 names as IANA names with hyphens (handled by the rewrite in
     * lookup()) but TLS 1.3 names with this prefix. */
    {"TLS1-3-AES-128-GCM-SHA256", "TLS_AES_128_GCM_SHA256"},
    {"TLS1-3-AES-256-GCM-SHA384", "TLS_AES_256_GCM_SHA384"},
    {"TLS1-3-CHACHA20-POLY1305-SHA256", "TLS_CHACHA20_POLY1305_SHA256"},
    {"TLS1-3-AES-128-CCM-SHA256", "TLS_AES_128_CCM_SHA256"},
    {"TLS1-3-AES-128-CCM-8-SHA256", "TLS_AES_128_CCM_8_SHA256"},
    /* Go's crypto/tls constants for the ChaCha20 suites omit the PRF hash. */
    {"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
    {"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"},
    /* The regular spelling of the RFC 6655 oddities, which GnuTLS names also rewrite to. */
    {"TLS_DHE_PSK_WITH_AES_128_CCM_8", "TLS_PSK_DHE_WITH_AES_128_CCM_8"},
    {"TLS_DHE_PSK_WITH_AES_256_CCM_8", "TLS_PSK_DHE_WITH_AES_256_CCM_8"},
    /* A typo in OpenSSL's ciphers(1) page that some libraries copied as the suite name. */
    {"EDH-DSS-CBC-SHA", "TLS_DHE_DSS_WITH_DES_CBC_SHA"},
};

typedef struct {
    const char *gnutls; /* Key-exchange prefix of a GnuTLS name, underscore included. */
    const char *iana;   /* The same key exchange as the IANA name writes it. */
} KxPrefix;

/* GnuTLS builds suite names as <kx>_<cipher>_<mac>; these are its key-exchange parts across
 * versions 1.x to 3.x.  Longer prefixes come first so that "RSA_PSK_" wins over "RSA_". */
static const KxPrefix gnutls_kx[] = {
    {"ECDHE_ECDSA_", "ECDHE_ECDSA"},
    {"ECDHE_RSA_", "ECDHE_RSA"},
    {"ECDHE_PSK_", "ECDHE_PSK"},
    {"ECDH_ANON_", "ECDH_anon"},
    {"ANON_ECDH_", "ECDH_anon"},
    {"DHE_PSK_SHA_", "DHE_PSK"}, /* GnuTLS 2.x */
    {"DHE_PSK_", "DHE_PSK"},
    {"DHE_RSA_", "DHE_RSA"},
    {"DHE_DSS_", "DHE_DSS"},
    {"DH_ANON_", "DH_anon"},
    {"ANON_DH_", "DH_anon"}, /* GnuTLS 2.x */
    {"SRP_SHA_RSA_", "SRP_SHA_RSA"},
    {"SRP_SHA_DSS_", "SRP_SHA_DSS"},
    {"SRP_SHA_", "SRP_SHA"},
    {"RSA_EXPORT_", "RSA_EXPORT"},
    {"RSA_PSK_", "RSA_PSK"},
    {"PSK_SHA_", "PSK"}, /* GnuTLS 2.x */
    {"PSK_", "PSK"},
    {"RSA_", "RSA"},
};

/* The five suites that only TLS 1.3 defines; no TLS 1.2 suite shares a name with them. */
static const char *const tls13_suites[] = {
    "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",   "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256",
};

/* Upper-cases and trims the input and removes the curve suffix that Exchange and Exchange
 * Online append to ECDHE suites (Schannel's "TLS_..._P256" notation).  Returns NULL for NULL
 * input so that callers need only one check. */
static gchar *
normalise (const char *written)
{
    static const char *const curve_suffixes[] = {"_P256", "_P384", "_P521"};

    if (written == NULL)
        return NULL;

    gchar *norm = g_ascii_strup (written, -1);
    g_strstrip (norm);

    for (gsize i = 0; i < G_N_ELEMENTS (curve_suffixes); i++) {
        if (g_str_has_suffix (norm, curve_suffixes[i])) {
            norm[strlen (norm) - strlen (curve_suffixes[i])] = '\0';
            break;
        }
    }
    return norm;
}

/* Finds a suite by its IANA name only.  The comparison ignores case because the registry
 * writes "anon" in lower case while normalised input is all upper case. */
static const Suite *
find_by_iana (const char *name)
{
    for (gsize i = 0; i < G_N_ELEMENTS (suites); i++) {
        if (g_ascii_strcasecmp (suites[i].iana, name) == 0)
            return &suites[i];
    }
    return NULL;
}

/* Finds a suite by its IANA or OpenSSL names. */
static const Suite *
find_by_iana_or_openssl (const char *name)
{
    for (gsize i = 0; i < G_N_ELEMENTS (suites); i++) {
        const Suite *s = &suites[i];

        if (g_ascii_strcasecmp (s->iana, name) == 0 ||
            (s->openssl != NULL && g_ascii_strcasecmp (s->openssl, name) == 0) ||
            (s->openssl_alt != NULL && g_ascii_strcasecmp (s->openssl_alt, name) == 0))
            return s;
    }
    return NULL;
}

/* Finds one of the extra spellings in aliases[]. */
static const Suite *
find_by_alias (const char *name)
{
    for (gsize i = 0; i < G_N_ELEMENTS (aliases); i++) {
        if (g_ascii_strcasecmp (aliases[i].written, name) == 0)
            return find_by_iana (aliases[i].iana);
    }
    return NULL;
}

/* Finds an IANA name, or one of the extra spellings in aliases[]. */
static const Suite *
find_by_iana_or_alias (const char *name)
{
    const Suite *s = find_by_iana (name);

    return s != NULL ? s : find_by_alias (name);
}

/* Rewrites a GnuTLS suite name into the IANA name it stands for and looks that up.  GnuTLS
 * drops "TLS_" and "_WITH_", says ARCFOUR for RC4, SHA1 for the SHA-1 HMAC (except in 3.0's
 * ECC suites, which say SHA like IANA), and omits the PRF hash of ChaCha20 suites.  The
 * candidate must exist in suites[], so a near miss yields NULL rather than a made-up name. */
static const Suite *
find_gnutls (const char *norm)
{
    const char *name = norm;

    /* gnutls-cli and gnutls_cipher_suite_info() put "TLS_" in front of the same names. */
    if (g_str_has_prefix (name, "TLS_"))
        name += strlen ("TLS_");
    if (strchr (name, '-') != NULL || strstr (name, "_WITH_") != NULL)
        return NULL;

    const KxPrefix *kx = NULL;
    for (gsize i = 0; i < G_N_ELEMENTS (gnutls_kx); i++) {
        if (g_str_has_prefix (name, gnutls_kx[i].gnutls)) {
            kx = &gnutls_kx[i];
            break;
        }
    }
    if (kx == NULL)
        return NULL;

    const char *rest = name + strlen (kx->gnutls);
    g_autoptr (GString) candidate = g_string_new ("TLS_");
    g_string_append (candidate, kx->iana);
    g_string_append (candidate, "_WITH_");

    /* GnuTLS 3.x writes ARCFOUR_128 or ARCFOUR_40; 2.x wrote a bare ARCFOUR for the 128-bit
     * cipher. */
    if (g_str_has_prefix (rest, "ARCFOUR_128_") || g_str_has_prefix (rest, "ARCFOUR_40_")) {
        g_string_append (candidate, "RC4_");
        rest += strlen ("ARCFOUR_");
    } else if (g_str_has_prefix (rest, "ARCFOUR_")) {
        g_string_append (candidate, "RC4_128_");
        rest += strlen ("ARCFOUR_");
    }
    g_string_append (candidate, rest);

    if (g_str_has_suffix (candidate->str, "_SHA1"))
        g_string_truncate (candidate, candidate->len - 1);
    else if (g_str_has_suffix (candidate->str, "_CHACHA20_POLY1305"))
        g_string_append (candidate, "_SHA256");

    return find_by_iana_or_alias (candidate->str);
}

/* Resolves a normalised spelling to its suite, trying the spelling families in the order
 * described at the top of this file. */
static const Suite *
lookup (const char *norm)
{
    if (norm == NULL || *norm == '\0')
        return NULL;

    const Suite *s = find_by_iana_or_openssl (norm);
    if (s != NULL)
        return s;

    s = find_by_alias (norm);
    if (s != NULL)
        return s;

    /* Mbed TLS: "TLS-ECDHE-RSA-WITH-AES-256-GCM-SHA384".  Only the IANA table is consulted
     * because no other family uses hyphens after a "TLS-" prefix. */
    if (g_str_has_prefix (norm, "TLS-")) {
        g_autofree gchar *underscored = g_strdelimit (g_strdup (norm), "-", '_');
        return find_by_iana (underscored);
    }

    /* Java keeps the SSL 3.0 names ("SSL_RSA_WITH_RC4_128_MD5") for suites TLS inherited. */
    if (g_str_has_prefix (norm, "SSL_")) {
        g_autofree gchar *renamed = g_strconcat ("TLS_", norm + strlen ("SSL_"), NULL);
        return find_by_iana (renamed);
    }

    /* Some tools print the IANA name without its protocol prefix. */
    if (!g_str_has_prefix (norm, "TLS_") && strstr (norm, "_WITH_") != NULL) {
        g_autofree gchar *prefixed = g_strconcat ("TLS_", norm, NULL);
        return find_by_iana (prefixed);
    }

    return find_gnutls (norm);
}

static const char *
iana_name_uncached (const char *written)
{
    g_autofree gchar *norm = normalise (written);
    const Suite *s = lookup (norm);

    return s != NULL ? s->iana : NULL;
}

static gboolean
is_tls13_only_uncached (const char *written)
{
    const char *iana = iana_name_uncached (written);

    if (iana == NULL)
        return FALSE;
    for (gsize i = 0; i < G_N_ELEMENTS (tls13_suites); i++) {
        if (strcmp (iana, tls13_suites[i]) == 0)
            return TRUE;
    }
    return FALSE;
}

/* Returns the next non-empty token after index i, or "" at the end, so that a check such as
 * "DES followed by CBC3" needs no bounds test. */
static const char *
next_token (gchar **tokens, gsize i)
{
    for (gsize j = i + 1; tokens[j] != NULL; j++) {
        if (*tokens[j] != '\0')
            return tokens[j];
    }
    return "";
}

/* TRUE when token equals one of the NULL-terminated words. */
static gboolean
token_is (const char *token, const char *const *words)
{
    for (gsize i = 0; words[i] != NULL; i++) {
        if (g_ascii_strcasecmp (token, words[i]) == 0)
            return TRUE;
    }
    return FALSE;
}

/* Judges a suite name by its fragments.  This works on IANA names (the canonical case) and,
 * because the fragments are the same words, on spellings no table knows, such as SSL 2.0's
 * "DES-CBC3-MD5" or OpenSSL 0.9.8's "EXP1024-RC4-SHA".  Tokens are compared whole so that
 * neither "3DES_EDE" nor "DES-CBC3" is mistaken for single DES. */
static HtCipherWeakness
weaknesses_from_fragments (const char *name)
{
    static const char *const rc4_words[] = {"RC4", "ARCFOUR", "ARC4", NULL};
    static const char *const tdes_words[] = {"3DES", "DES3", "DESEDE", "DESEDE3", NULL};
    static const char *const des_words[] = {"DES", "DES40", NULL};
    static const char *const after_des_means_3des[] = {"CBC3", "EDE", "EDE3", NULL};
    static const char *const export_words[] = {
        "EXP", "EXPORT", "EXP1024", "EXPORT1024", NULL,
    };
    static const char *const anon_words[] = {"ANON", "ADH", "AECDH", NULL};

    HtCipherWeakness weak = HT_CIPHER_WEAK_NONE;
    g_auto (GStrv) tokens = g_strsplit_set (name, "-_ /:.,()", -1);

    for (gsize i = 0; tokens[i] != NULL; i++) {
        const char *t = tokens[i];

        if (token_is (t, rc4_words))
            weak |= HT_CIPHER_WEAK_RC4;
        if (token_is (t, tdes_words))
            weak |= HT_CIPHER_WEAK_3DES;
        if (token_is (t, des_words)) {
            weak |= token_is (next_token (tokens, i), after_des_means_3des) ? HT_CIPHER_WEAK_3DES
                                                                            : HT_CIPHER_WEAK_DES;
        }
        if (g_ascii_strcasecmp (t, "NULL") == 0)
            weak |= HT_CIPHER_WEAK_NULL;
        if (token_is (t, export_words))
            weak |= HT_CIPHER_WEAK_EXPORT;
        if (token_is (t, anon_words))
            weak |= HT_CIPHER_WEAK_ANON;
        if (g_ascii_strcasecmp (t, "MD5") == 0)
            weak |= HT_CIPHER_WEAK_MD5;
    }
    return weak;
}

static HtCipherWeakness
weaknesses_uncached (const char *written)
{
    g_autofree gchar *norm = normalise (written);

    if (norm == NULL || *norm == '\0')
        return HT_CIPHER_WEAK_NONE;

    /* Judge the IANA name when there is one: it spells every property out in words, whereas
     * OpenSSL leaves things implicit ("AES128-SHA" never says RSA, "DES-CBC3" means 3DES). */
    const Suite *s = lookup (norm);
    return weaknesses_from_fragments (s != NULL ? s->iana : norm);
}

static gboolean
is_static_rsa_uncached (const char *written)
{
    const char *iana = iana_name_uncached (written);

    /* Only TLS_RSA_WITH_* and the export variants TLS_RSA_EXPORT_WITH_* transport the premaster
     * secret under the server's long-term RSA key.  RSA_PSK also lacks forward secrecy but its
     * key exchange is the PSK one, so it is not reported here. */
    return iana != NULL && (g_str_has_prefix (iana, "TLS_RSA_WITH_") ||
                            g_str_has_prefix (iana, "TLS_RSA_EXPORT_WITH_"));
}

/* ---- Memo --------------------------------------------------------------------------------
 * A mailbox names the same few suites on every hop, and each hop asks up to four questions
 * about its suite: the answers are kept per spelling. The memo is bounded (a hostile mailbox
 * could name millions of distinct "suites") and locked, so the functions stay thread-safe. */

typedef struct {
    const char *iana;
    gboolean tls13_only;
    HtCipherWeakness weaknesses;
    gboolean static_rsa;
} Facts;

#define MEMO_MAX 4096

/* A POSIX lock rather than G_LOCK: ThreadSanitizer sees it (GLib's futex-based locks it
 * does not), and the worker threads of main.c share this memo. */
static pthread_rwlock_t memo_lock = PTHREAD_RWLOCK_INITIALIZER;
static GHashTable *memo_table;
static pthread_once_t memo_once = PTHREAD_ONCE_INIT;

static void
memo_create (void)
{
    memo_table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static Facts
facts_from_memo (const char *written)
{
    Facts facts = {NULL, FALSE, HT_CIPHER_WEAK_NONE, FALSE};
    /* Readers share the lock: after the first few hops every lookup is a hit. */
    pthread_once (&memo_once, memo_create);
    pthread_rwlock_rdlock (&memo_lock);
    const Facts *known = g_hash_table_lookup (memo_table, written);
    if (known)
        facts = *known;
    pthread_rwlock_unlock (&memo_lock);
    if (known)
        return facts;
    facts.iana = iana_name_uncached (written);
    facts.tls13_only = is_tls13_only_uncached (written);
    facts.weaknesses = weaknesses_uncached (written);
    facts.static_rsa = is_static_rsa_uncached (written);
    pthread_rwlock_wrlock (&memo_lock);
    if (g_hash_table_size (memo_table) < MEMO_MAX)
        g_hash_table_replace (memo_table, g_strdup (written), g_memdup2 (&facts, sizeof facts));
    pthread_rwlock_unlock (&memo_lock);
    return facts;
}

/* In front of the shared memo, each thread keeps the last suites it asked about, one per slot,
 * the slot picked by the name's length and last byte. A hop's questions come in a row and a
 * mailbox names few suites, so nearly every question is answered here by a strlen and a
 * memcmp: no hash of the whole name, and no lock whose shared counter the worker threads
 * would pass between their caches. Longer names go to the memo only. */
#define RECENT_SLOTS 16
#define RECENT_NAME_MAX 64

typedef struct {
    gsize len; /* 0: the slot is empty */
    char name[RECENT_NAME_MAX];
    Facts facts;
} Recent;

static _Thread_local Recent recent[RECENT_SLOTS];

static Facts
facts_for (const char *written)
{
    if (written == NULL)
        return (Facts){NULL, FALSE, HT_CIPHER_WEAK_NONE, FALSE};
    gsize len = strlen (written);
    if (len == 0 || len >= RECENT_NAME_MAX)
        return facts_from_memo (written);
    Recent *slot = &recent[(len + (guchar) written[len - 1]) % RECENT_SLOTS];
    if (slot->len != len || memcmp (slot->name, written, len) != 0) {
        slot->facts = facts_from_memo (written);
        memcpy (slot->name, written, len);
        slot->len = len;
    }
    return slot->facts;
}

const char *
ht_cipher_iana_name (const char *written)
{
    return facts_for (written).iana;
}

gboolean
ht_cipher_is_tls13_only (const char *written)
{
    return facts_for (written).tls13_only;
}

HtCipherWeakness
ht_cipher_weaknesses (const char *written)
{
    return facts_for (written).weaknesses;
}

gboolean
ht_cipher_is_static_rsa (const char *written)
{
    return facts_for (written).static_rsa;
}
