/* libFuzzer harness: the date parser. A date it accepts must lie in years 1970-9999. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "ht-received.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    g_autofree gchar *text = g_strndup ((const char *) data, size);
    gint64 utc = 0;
    gint offset = 0;
    if (ht_received_parse_date (text, &utc, &offset)) {
        /* 1970-01-01 minus a day of zone offset .. 9999-12-31 plus a day */
        if (utc < -86400 || utc > G_GINT64_CONSTANT (253402387200) || offset < -24 * 60 ||
            offset > 24 * 60)
            abort ();
    }
    return 0;
}
