/* Hostile input: attacker-written headers must never crash hoptrace, lose a hop, take more
 * than linear time, or put a control character into a report. Fixtures testdata/hostile-*
 * plus inputs generated here (a 1 MB Received value of each dangerous character, 100 000
 * Received fields). Each case runs under alarm(): a quadratic path fails instead of hanging. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <gmime/gmime.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "ht-chain.h"
#include "ht-render.h"
#include "ht-summary.h"

static guint
count_fields (const HtMessage *message)
{
    guint n = 0;
    for (guint i = 0; i < message->headers->len; i++) {
        const HtHeader *header = g_ptr_array_index (message->headers, i);
        const char *field;
        n += ht_chain_is_hop_field (header->name, &field);
    }
    return n;
}

/* Every output format of one message, checked for what users rely on. */
static void
check_outputs (const char *name, const HtReport *report)
{
    g_autoptr (GString) json = g_string_new (NULL);
    ht_render_json (json, report);
    if (!g_utf8_validate (json->str, json->len, NULL))
        fail_msg ("%s: JSON is not UTF-8", name);
    g_autoptr (JsonParser) parser = json_parser_new ();
    g_autoptr (GError) error = NULL;
    if (!json_parser_load_from_data (parser, json->str, json->len, &error))
        fail_msg ("%s: invalid JSON: %s", name, error->message);
    JsonObject *root = json_node_get_object (json_parser_get_root (parser));
    if (json_array_get_length (json_object_get_array_member (root, "hops")) != report->hops->len)
        fail_msg ("%s: JSON lost hops", name);

    g_autoptr (GString) text = g_string_new (NULL);
    HtRenderOptions options = {.color = FALSE};
    ht_render_text (text, report, &options);
    if (!g_utf8_validate (text->str, text->len, NULL))
        fail_msg ("%s: text is not UTF-8", name);
    for (gsize i = 0; i < text->len; i++) {
        guchar c = (guchar) text->str[i];
        if ((c < 0x20 && c != '\n') || c == 0x7f)
            fail_msg ("%s: control byte 0x%02x in text output", name, c);
    }
    /* U+0080..U+009F (C1) and direction overrides must be escaped too. */
    if (strstr (text->str, "\xc2\x9b") || strstr (text->str, "\xe2\x80\xae"))
        fail_msg ("%s: C1 or bidi control in text output", name);

    /* The documentation formats: valid UTF-8, no control byte but newlines. Their syntax
     * escaping is tested per format in test-render-doc. */
    static const struct {
        const char *format;
        void (*render) (GString *, const HtReport *);
    } docs[] = {
        {"markdown", ht_render_markdown},
        {"mermaid", ht_render_mermaid},
        {"dot", ht_render_dot},
    };
    for (gsize k = 0; k < G_N_ELEMENTS (docs); k++) {
        g_autoptr (GString) out = g_string_new (NULL);
        docs[k].render (out, report);
        if (!g_utf8_validate (out->str, out->len, NULL))
            fail_msg ("%s: %s output is not UTF-8", name, docs[k].format);
        for (gsize i = 0; i < out->len; i++) {
            guchar c = (guchar) out->str[i];
            if ((c < 0x20 && c != '\n') || c == 0x7f)
                fail_msg ("%s: control byte 0x%02x in %s output", name, c, docs[k].format);
        }
    }

    /* The readiness report over this one message, in each of its formats. */
    g_autoptr (HtSummary) summary = ht_summary_new ();
    ht_summary_add (summary, report);
    g_autoptr (GString) csv = g_string_new (NULL);
    ht_summary_render_csv (csv, summary);
    ht_summary_render_text (csv, summary);
    ht_summary_render_markdown (csv, summary);
    ht_summary_render_json (csv, summary);
    if (!g_utf8_validate (csv->str, csv->len, NULL))
        fail_msg ("%s: summary output is not UTF-8", name);
    for (gsize i = 0; i < csv->len; i++) {
        guchar c = (guchar) csv->str[i];
        if ((c < 0x20 && c != '\n' && c != '\r') || c == 0x7f)
            fail_msg ("%s: control byte 0x%02x in summary output", name, c);
    }
}

static void
run_case (const char *name, const char *data, gsize len)
{
    alarm (60);
    g_autoptr (GError) error = NULL;
    g_autoptr (HtMessage) message = ht_input_parse_bytes (name, data, len, NULL, &error);
    if (message == NULL)
        fail_msg ("%s: %s", name, error->message);
    g_autoptr (HtReport) report = ht_chain_build (message);
    if (report->hops->len != count_fields (message))
        fail_msg ("%s: %u hops for %u fields", name, report->hops->len, count_fields (message));
    check_outputs (name, report);
    alarm (0);
}

static void
test_fixtures (void **state)
{
    (void) state;
    g_autofree gchar *dir_path = g_build_filename (HT_TOP_SRCDIR, "testdata", NULL);
    g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
    assert_non_null (dir);
    guint files = 0;
    const char *name;
    while ((name = g_dir_read_name (dir)) != NULL) {
        if (!g_str_has_prefix (name, "hostile-"))
            continue;
        g_autofree gchar *path = g_build_filename (dir_path, name, NULL);
        g_autofree gchar *data = NULL;
        gsize len;
        assert_true (g_file_get_contents (path, &data, &len, NULL));
        run_case (name, data, len);
        files++;
    }
    assert_true (files >= 5);
}

/* A single Received value of about 1 MB made of one dangerous piece repeated. */
static void
test_one_megabyte_values (void **state)
{
    (void) state;
    static const char *const pieces[] = {
        "[",      "<",     "\"",    "(",      ")",   ";",      "\\",       "from ",
        "by ",    "with ", "tls ",  "id ",    "(x ", "[IPv6:", "version=", "cipher=",
        "using ", "TLS: ", "Mon, ", "1 Jan ", "a:",  " ",      "\xff",     "\x1b[2J",
    };
    for (gsize i = 0; i < G_N_ELEMENTS (pieces); i++) {
        g_autoptr (GString) message = g_string_new ("Received: from a.example.com ");
        while (message->len < 1024 * 1024)
            g_string_append (message, pieces[i]);
        g_string_append (message, " by b.example.com; Tue, 14 Jan 2025 10:00:00 +0000\n\n");
        g_autofree gchar *name = g_strdup_printf ("1 MB of '%s'", pieces[i]);
        run_case (name, message->str, message->len);
    }
}

static void
test_hundred_thousand_fields (void **state)
{
    (void) state;
    g_autoptr (GString) message = g_string_new (NULL);
    for (guint i = 0; i < 100000; i++)
        g_string_append_printf (message,
                                "Received: from h%u.example.com (h%u.example.com [192.0.2.%u]) by "
                                "h%u.example.com with ESMTPS id %u; Tue, 14 Jan 2025 10:%02u:%02u "
                                "+0000\n",
                                i + 1, i + 1, i % 250 + 1, i, i, (i / 60) % 60, i % 60);
    g_string_append (message, "Subject: many hops\n\nbody\n");
    run_case ("100000 Received fields", message->str, message->len);
}

int
main (void)
{
    g_mime_init ();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_fixtures),
        cmocka_unit_test (test_one_megabyte_values),
        cmocka_unit_test (test_hundred_thousand_fields),
    };
    int failed = cmocka_run_group_tests (tests, NULL, NULL);
    g_mime_shutdown ();
    return failed;
}
