/* libFuzzer harness: the TLS vocabulary on its own: version spellings, protocol words and
 * cipher names, then the input as a comment and as a with clause of a Received line. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "ht-cipher.h"
#include "ht-received.h"
#include "ht-tls.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    g_autofree gchar *text = g_strndup ((const char *) data, size);
    HtTlsVersion version = ht_tls_version_parse (text);
    if (version > HT_TLS_VERSION_AMBIGUOUS)
        abort ();
    (void) ht_tls_used_from_protocol (text);
    (void) ht_cipher_iana_name (text);
    (void) ht_cipher_is_tls13_only (text);
    (void) ht_cipher_weaknesses (text);
    (void) ht_cipher_is_static_rsa (text);

    g_autofree gchar *as_comment = g_strdup_printf (
        "from a.example.com (a.example.com [192.0.2.1]) (%s) by b.example.com with ESMTPS id 1 "
        "(%s); Tue, 14 Jan 2025 10:00:00 +0000",
        text, text);
    g_autoptr (HtReceived) r1 = ht_received_parse (as_comment);
    g_autoptr (HtTls) t1 = ht_tls_from_received (r1);
    g_autofree gchar *as_with = g_strdup_printf (
        "from a.example.com by b.example.com with %s tls %s; Tue, 14 Jan 2025 10:00:00 +0000", text,
        text);
    g_autoptr (HtReceived) r2 = ht_received_parse (as_with);
    g_autoptr (HtTls) t2 = ht_tls_from_received (r2);
    return 0;
}
