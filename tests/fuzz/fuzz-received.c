/* libFuzzer harness: one Received value through the parser, the TLS extractor and the
 * product classifier. Built by `make fuzz` (clang); see tests/fuzz/run.sh. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "ht-classify.h"
#include "ht-received.h"
#include "ht-tls.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    g_autofree gchar *value = g_strndup ((const char *) data, size);
    g_autoptr (HtReceived) received = ht_received_parse (value);
    g_autoptr (HtTls) tls = ht_tls_from_received (received);
    HtServer server;
    ht_classify_server (received, &server);
    ht_server_clear (&server);
    (void) ht_received_is_unparsed (received);
    return 0;
}
