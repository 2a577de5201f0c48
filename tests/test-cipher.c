/* test-cipher.c - Unit tests for ht-cipher: every spelling family, weak suites, unknowns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ht-cipher.h"

#define W_NONE HT_CIPHER_WEAK_NONE
#define W_RC4 HT_CIPHER_WEAK_RC4
#define W_3DES HT_CIPHER_WEAK_3DES
#define W_DES HT_CIPHER_WEAK_DES
#define W_NULL HT_CIPHER_WEAK_NULL
#define W_EXPORT HT_CIPHER_WEAK_EXPORT
#define W_ANON HT_CIPHER_WEAK_ANON
#define W_MD5 HT_CIPHER_WEAK_MD5

/* One row per spelling seen (or plausible) in a Received header.  The expected IANA names come
 * from the IANA registry and `openssl ciphers -stdname`, not from the module's own tables. */
static const struct {
    const char *written;
    const char *iana;
    gboolean tls13_only;
    HtCipherWeakness weak;
    gboolean static_rsa;
} cases[] = {
    /* IANA names, as written by Schannel, Go, rustls (TLS 1.2) and Postfix on request. */
    {"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", FALSE,
     W_NONE, FALSE},
    {"TLS_RSA_WITH_AES_256_CBC_SHA", "TLS_RSA_WITH_AES_256_CBC_SHA", FALSE, W_NONE, TRUE},
    {"TLS_DH_anon_WITH_AES_128_CBC_SHA", "TLS_DH_anon_WITH_AES_128_CBC_SHA", FALSE, W_ANON, FALSE},

    /* Schannel curve suffixes from old Exchange and Exchange Online. */
    {"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384_P384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", FALSE,
     W_NONE, FALSE},
    {"TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384_P521", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", FALSE,
     W_NONE, FALSE},
    {"TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384_P384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", FALSE,
     W_NONE, FALSE},
    {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256_P256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
     FALSE, W_NONE, FALSE},

    /* OpenSSL TLS 1.0-1.2 names. */
    {"ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", FALSE, W_NONE, FALSE},
    {"ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", FALSE, W_NONE,
     FALSE},
    {"DHE-RSA-AES256-SHA", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", FALSE, W_NONE, FALSE},
    {"AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA", FALSE, W_NONE, TRUE},
    {"AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA", FALSE, W_NONE, TRUE},
    {"AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384", FALSE, W_NONE, TRUE},
    {"AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256", FALSE, W_NONE, TRUE},
    {"DES-CBC3-SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA", FALSE, W_3DES, TRUE},
    {"RC4-MD5", "TLS_RSA_WITH_RC4_128_MD5", FALSE, W_RC4 | W_MD5, TRUE},
    {"RC4-SHA", "TLS_RSA_WITH_RC4_128_SHA", FALSE, W_RC4, TRUE},
    {"ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", FALSE, W_NONE,
     FALSE},
    {"DHE-DSS-AES256-GCM-SHA384", "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384", FALSE, W_NONE, FALSE},
    {"ECDHE-RSA-AES256-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", FALSE, W_NONE, FALSE},
    {"ECDHE-RSA-AES128-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", FALSE, W_NONE, FALSE},
    {"EDH-RSA-DES-CBC3-SHA", "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA", FALSE, W_3DES, FALSE},
    {"DHE-RSA-DES-CBC3-SHA", "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA", FALSE, W_3DES, FALSE},
    {"ECDHE-ARIA256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384", FALSE, W_NONE, FALSE},
    {"CAMELLIA256-SHA", "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA", FALSE, W_NONE, TRUE},
    {"DHE-RSA-SEED-SHA", "TLS_DHE_RSA_WITH_SEED_CBC_SHA", FALSE, W_NONE, FALSE},
    {"ECDHE-ECDSA-AES256-CCM8", "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8", FALSE, W_NONE, FALSE},
    {"ECDH-RSA-AES256-SHA", "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA", FALSE, W_NONE, FALSE},

    /* OpenSSL weak suites. */
    {"EXP-RC4-MD5", "TLS_RSA_EXPORT_WITH_RC4_40_MD5", FALSE, W_RC4 | W_EXPORT | W_MD5, TRUE},
    {"EXP-EDH-RSA-DES-CBC-SHA", "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA", FALSE, W_EXPORT | W_DES,
     FALSE},
    {"DES-CBC-SHA", "TLS_RSA_WITH_DES_CBC_SHA", FALSE, W_DES, TRUE},
    {"NULL-SHA256", "TLS_RSA_WITH_NULL_SHA256", FALSE, W_NULL, TRUE},
    {"NULL-MD5", "TLS_RSA_WITH_NULL_MD5", FALSE, W_NULL | W_MD5, TRUE},
    {"ADH-AES256-GCM-SHA384", "TLS_DH_anon_WITH_AES_256_GCM_SHA384", FALSE, W_ANON, FALSE},
    {"AECDH-DES-CBC3-SHA", "TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA", FALSE, W_ANON | W_3DES, FALSE},
    {"ADH-RC4-MD5", "TLS_DH_anon_WITH_RC4_128_MD5", FALSE, W_ANON | W_RC4 | W_MD5, FALSE},
    {"ECDHE-RSA-RC4-SHA", "TLS_ECDHE_RSA_WITH_RC4_128_SHA", FALSE, W_RC4, FALSE},
    {"ECDHE-ECDSA-NULL-SHA", "TLS_ECDHE_ECDSA_WITH_NULL_SHA", FALSE, W_NULL, FALSE},

    /* TLS 1.3: OpenSSL/GnuTLS/Go, LibreSSL, rustls, OpenSSL 1.1.1 pre-releases, Mbed TLS. */
    {"TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384", TRUE, W_NONE, FALSE},
    {"TLS_AES_128_CCM_8_SHA256", "TLS_AES_128_CCM_8_SHA256", TRUE, W_NONE, FALSE},
    {"AEAD-AES256-GCM-SHA384", "TLS_AES_256_GCM_SHA384", TRUE, W_NONE, FALSE},
    {"AEAD-AES128-GCM-SHA256", "TLS_AES_128_GCM_SHA256", TRUE, W_NONE, FALSE},
    {"AEAD-CHACHA20-POLY1305-SHA256", "TLS_CHACHA20_POLY1305_SHA256", TRUE, W_NONE, FALSE},
    {"TLS13_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384", TRUE, W_NONE, FALSE},
    {"TLS13_CHACHA20_POLY1305_SHA256", "TLS_CHACHA20_POLY1305_SHA256", TRUE, W_NONE, FALSE},
    {"TLS13-AES-128-GCM-SHA256", "TLS_AES_128_GCM_SHA256", TRUE, W_NONE, FALSE},
    {"TLS1-3-AES-256-GCM-SHA384", "TLS_AES_256_GCM_SHA384", TRUE, W_NONE, FALSE},

    /* GnuTLS names as Exim writes them (3.x, then the older "_SHA" and 2.x forms). */
    {"ECDHE_RSA_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", FALSE, W_NONE, FALSE},
    {"ECDHE_RSA_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", FALSE, W_NONE, FALSE},
    {"DHE_RSA_AES_256_CBC_SHA1", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", FALSE, W_NONE, FALSE},
    {"RSA_AES_256_CBC_SHA1", "TLS_RSA_WITH_AES_256_CBC_SHA", FALSE, W_NONE, TRUE},
    {"RSA_AES_128_CBC_SHA1", "TLS_RSA_WITH_AES_128_CBC_SHA", FALSE, W_NONE, TRUE},
    {"ECDHE_ECDSA_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", FALSE, W_NONE,
     FALSE},
    {"ECDHE_RSA_CHACHA20_POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", FALSE, W_NONE,
     FALSE},
    {"RSA_3DES_EDE_CBC_SHA1", "TLS_RSA_WITH_3DES_EDE_CBC_SHA", FALSE, W_3DES, TRUE},
    {"RSA_ARCFOUR_128_SHA1", "TLS_RSA_WITH_RC4_128_SHA", FALSE, W_RC4, TRUE},
    {"RSA_ARCFOUR_128_MD5", "TLS_RSA_WITH_RC4_128_MD5", FALSE, W_RC4 | W_MD5, TRUE},
    {"DHE_RSA_AES_256_CBC_SHA", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", FALSE, W_NONE, FALSE},
    {"ECDHE_RSA_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", FALSE, W_NONE, FALSE},
    {"RSA_ARCFOUR_SHA1", "TLS_RSA_WITH_RC4_128_SHA", FALSE, W_RC4, TRUE},
    {"ANON_DH_AES_128_CBC_SHA1", "TLS_DH_anon_WITH_AES_128_CBC_SHA", FALSE, W_ANON, FALSE},
    {"RSA_EXPORT_ARCFOUR_40_MD5", "TLS_RSA_EXPORT_WITH_RC4_40_MD5", FALSE, W_RC4 | W_EXPORT | W_MD5,
     TRUE},
    {"DHE_PSK_AES_128_CCM_8", "TLS_PSK_DHE_WITH_AES_128_CCM_8", FALSE, W_NONE, FALSE},
    /* gnutls-cli prints the same names with a "TLS_" prefix. */
    {"TLS_RSA_AES_128_CBC_SHA1", "TLS_RSA_WITH_AES_128_CBC_SHA", FALSE, W_NONE, TRUE},

    /* Java's SSL_ names, Mbed TLS's hyphenated IANA names, Go's short ChaCha20 names. */
    {"SSL_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA", FALSE, W_3DES, TRUE},
    {"TLS-ECDHE-RSA-WITH-AES-128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", FALSE,
     W_NONE, FALSE},
    {"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", FALSE,
     W_NONE, FALSE},

    /* Case and surrounding whitespace do not matter. */
    {"  ecdhe-rsa-aes256-gcm-sha384  ", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", FALSE, W_NONE,
     FALSE},
    {"\ttls_aes_128_gcm_sha256\r\n", "TLS_AES_128_GCM_SHA256", TRUE, W_NONE, FALSE},
    {"Rsa_Aes_256_Cbc_Sha1", "TLS_RSA_WITH_AES_256_CBC_SHA", FALSE, W_NONE, TRUE},

    /* Unknown names still reveal weaknesses through their fragments. */
    {"DES-CBC3-MD5", NULL, FALSE, W_3DES | W_MD5, FALSE},
    {"EXP1024-RC4-SHA", NULL, FALSE, W_EXPORT | W_RC4, FALSE},
    {"ECDHE-RSA-CHACHA20-POLY1305-OLD", NULL, FALSE, W_NONE, FALSE},

    /* Unknown or ambiguous. */
    {"OTHER", NULL, FALSE, W_NONE, FALSE},
    {"AES-256", NULL, FALSE, W_NONE, FALSE},
    {"TLSv1/SSLv3", NULL, FALSE, W_NONE, FALSE},
    {"", NULL, FALSE, W_NONE, FALSE},
    {"   ", NULL, FALSE, W_NONE, FALSE},
    {NULL, NULL, FALSE, W_NONE, FALSE},
    /* Without "TLS_" this could be the TLS 1.3 suite or a TLS 1.2 one using AES-256-GCM. */
    {"AES_256_GCM_SHA384", NULL, FALSE, W_NONE, FALSE},
    {"TLS_ECDHE_RSA_WITH_AES_256_GCM", NULL, FALSE, W_NONE, FALSE},
    /* Exim's rendering of gnutls_session_get_desc() names no suite on its own. */
    {"ECDHE_SECP256R1__RSA_SHA256__AES_256_GCM", NULL, FALSE, W_NONE, FALSE},
};

/* Prints the offending row before failing, because cmocka alone would only show the values. */
#define CHECK_ROW(cond, i, what)                                                                   \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            print_error ("row %zu (\"%s\"): %s\n", (i),                                            \
                         cases[(i)].written != NULL ? cases[(i)].written : "(NULL)", (what));      \
            fail ();                                                                               \
        }                                                                                          \
    } while (0)

static void
test_iana_name (void **state)
{
    (void) state;
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        const char *got = ht_cipher_iana_name (cases[i].written);

        CHECK_ROW (g_strcmp0 (got, cases[i].iana) == 0, i, "IANA name differs");
    }
}

static void
test_tls13_only (void **state)
{
    (void) state;
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        gboolean got = ht_cipher_is_tls13_only (cases[i].written);

        CHECK_ROW (got == cases[i].tls13_only, i, "TLS 1.3 verdict differs");
    }
}

static void
test_weaknesses (void **state)
{
    (void) state;
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        HtCipherWeakness got = ht_cipher_weaknesses (cases[i].written);

        CHECK_ROW (got == cases[i].weak, i, "weakness bits differ");
    }
}

static void
test_static_rsa (void **state)
{
    (void) state;
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        gboolean got = ht_cipher_is_static_rsa (cases[i].written);

        CHECK_ROW (got == cases[i].static_rsa, i, "static RSA verdict differs");
    }
}

/* Every spelling of a suite must yield the same static string, so callers may compare the
 * returned pointers and keep them without copying. */
static void
test_same_static_string (void **state)
{
    (void) state;
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        if (cases[i].iana == NULL)
            continue;
        const char *from_written = ht_cipher_iana_name (cases[i].written);
        const char *from_iana = ht_cipher_iana_name (cases[i].iana);

        CHECK_ROW (from_written != NULL && from_written == from_iana, i,
                   "spellings of one suite return different strings");
    }
}

/* The five TLS 1.3 suites, and nothing else in the table, are TLS 1.3 only. */
static void
test_tls13_set (void **state)
{
    static const char *const tls13[] = {
        "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",   "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256",
    };

    (void) state;
    for (gsize i = 0; i < G_N_ELEMENTS (tls13); i++) {
        assert_true (ht_cipher_is_tls13_only (tls13[i]));
        assert_false (ht_cipher_is_static_rsa (tls13[i]));
        assert_int_equal (ht_cipher_weaknesses (tls13[i]), HT_CIPHER_WEAK_NONE);
    }
    assert_false (ht_cipher_is_tls13_only ("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"));
    assert_false (ht_cipher_is_tls13_only ("ECDHE-ECDSA-AES256-GCM-SHA384"));
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_iana_name),          cmocka_unit_test (test_tls13_only),
        cmocka_unit_test (test_weaknesses),         cmocka_unit_test (test_static_rsa),
        cmocka_unit_test (test_same_static_string), cmocka_unit_test (test_tls13_set),
    };

    return cmocka_run_group_tests_name ("cipher", tests, NULL, NULL);
}
