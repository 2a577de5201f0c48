/* libFuzzer harness: bytes -> message -> chain -> every output format. Checks what users
 * rely on: no hop lost, JSON output parses and is UTF-8, text output carries no control
 * character but newlines. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gmime/gmime.h>

#include "ht-chain.h"
#include "ht-render.h"
#include "ht-route.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    static gboolean initialised = FALSE;
    if (!initialised) {
        g_mime_init ();
        initialised = TRUE;
    }
    HtInputOptions options = {.force_paste = size > 0 && (data[0] & 1)};
    g_autoptr (GError) error = NULL;
    g_autoptr (HtMessage) message =
        ht_input_parse_bytes ("fuzz", (const char *) data, size, &options, &error);
    if (message == NULL)
        return 0;
    g_autoptr (HtReport) report = ht_chain_build (message);
    guint fields = 0;
    for (guint i = 0; i < message->headers->len; i++) {
        const HtHeader *header = g_ptr_array_index (message->headers, i);
        const char *field;
        fields += ht_chain_is_hop_field (header->name, &field);
    }
    if (report->hops->len != fields)
        abort ();

    g_autoptr (GString) json = g_string_new (NULL);
    ht_render_json (json, report);
    if (!g_utf8_validate (json->str, json->len, NULL))
        abort ();
    g_autoptr (JsonParser) parser = json_parser_new ();
    if (!json_parser_load_from_data (parser, json->str, json->len, NULL))
        abort ();

    g_autoptr (GString) text = g_string_new (NULL);
    HtRenderOptions render = {.color = FALSE};
    ht_render_text (text, report, &render);
    if (!g_utf8_validate (text->str, text->len, NULL))
        abort ();
    for (gsize i = 0; i < text->len; i++) {
        guchar c = (guchar) text->str[i];
        if ((c < 0x20 && c != '\n') || c == 0x7f)
            abort ();
    }

    /* The documentation formats: valid UTF-8, no control character but newlines, and in
     * the diagrams every line one statement whose quotes are all ours (two per Mermaid
     * line; an even number of unescaped ones per DOT line). */
    HtRoute route = {.name = (gchar *) "fuzz",
                     .path = ht_route_parse_path ("internet > exo", NULL)};
    report->route = ht_route_verify (&route, report);
    g_ptr_array_unref (route.path);
    g_autoptr (GString) doc = g_string_new (NULL);
    for (int format = 0; format < 3; format++) {
        g_string_truncate (doc, 0);
        if (format == 0)
            ht_render_markdown (doc, report);
        else if (format == 1)
            ht_render_mermaid (doc, report);
        else
            ht_render_dot (doc, report);
        if (!g_utf8_validate (doc->str, doc->len, NULL))
            abort ();
        guint quotes = 0;
        for (gsize i = 0; i < doc->len; i++) {
            guchar c = (guchar) doc->str[i];
            if ((c < 0x20 && c != '\n') || c == 0x7f)
                abort ();
            if (format == 2 && c == '\\') {
                i++;
                continue;
            }
            if (c == '"')
                quotes++;
            if (c == '\n') {
                if ((format == 1 && quotes != 0 && quotes != 2) || (format == 2 && quotes % 2))
                    abort ();
                quotes = 0;
            }
        }
    }
    return 0;
}
