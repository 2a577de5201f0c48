/* The real-world corpus in ../shared/corpus/real/ (not part of the repository): every
 * message is traced without a crash, its JSON parses, and it has as many hops as it has
 * Received and X-Received fields, counted here independently of the parser. Skipped
 * cleanly when the corpus is absent. HT_CORPUS_DIR overrides the location. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <gmime/gmime.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ht-chain.h"
#include "ht-render.h"

static gchar *
corpus_dir (void)
{
    const char *env = g_getenv ("HT_CORPUS_DIR");
    if (env)
        return g_strdup (env);
    return g_build_filename (HT_TOP_SRCDIR, "..", "shared", "corpus", "real", NULL);
}

/* Counts header fields named Received or X-Received in the header block (up to the first
 * empty line), by looking at line starts only. */
static guint
count_hop_fields (const char *data, gsize len)
{
    guint n = 0;
    const char *p = data, *end = data + len;
    while (p < end) {
        const char *nl = memchr (p, '\n', end - p);
        gsize line_len = (nl ? nl : end) - p;
        if (line_len == 0 || (line_len == 1 && p[0] == '\r'))
            break;
        if ((line_len > 9 && g_ascii_strncasecmp (p, "Received:", 9) == 0) ||
            (line_len > 11 && g_ascii_strncasecmp (p, "X-Received:", 11) == 0))
            n++;
        p = nl ? nl + 1 : end;
    }
    return n;
}

static void
test_corpus (void **state)
{
    (void) state;
    {
        /* skip() leaves the function by longjmp, past any g_autofree: check first, with
         * nothing to free when skipping. */
        gchar *path = corpus_dir ();
        gboolean present = g_file_test (path, G_FILE_TEST_IS_DIR);
        if (!present)
            print_message ("corpus %s absent: skipped\n", path);
        g_free (path);
        if (!present)
            skip ();
    }
    g_autofree gchar *dir_path = corpus_dir ();
    g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
    assert_non_null (dir);
    guint files = 0, hops = 0;
    const char *name;
    while ((name = g_dir_read_name (dir)) != NULL) {
        if (!g_str_has_suffix (name, ".eml"))
            continue;
        g_autofree gchar *path = g_build_filename (dir_path, name, NULL);
        g_autofree gchar *data = NULL;
        gsize len = 0;
        assert_true (g_file_get_contents (path, &data, &len, NULL));
        guint expected = count_hop_fields (data, len);

        g_autoptr (GError) error = NULL;
        g_autoptr (HtMessage) message = ht_input_parse_bytes (name, data, len, NULL, &error);
        if (message == NULL)
            fail_msg ("%s: %s", name, error->message);
        g_autoptr (HtReport) report = ht_chain_build (message);
        if (report->hops->len != expected)
            fail_msg ("%s: %u hops, %u Received/X-Received fields", name, report->hops->len,
                      expected);

        g_autoptr (GString) json = g_string_new (NULL);
        ht_render_json (json, report);
        assert_true (g_utf8_validate (json->str, json->len, NULL));
        g_autoptr (JsonParser) parser = json_parser_new ();
        if (!json_parser_load_from_data (parser, json->str, json->len, &error))
            fail_msg ("%s: invalid JSON: %s", name, error->message);
        JsonObject *root = json_node_get_object (json_parser_get_root (parser));
        assert_int_equal (json_object_get_int_member (root, "format_version"), 1);
        assert_int_equal (json_array_get_length (json_object_get_array_member (root, "hops")),
                          expected);

        g_autoptr (GString) text = g_string_new (NULL);
        HtRenderOptions options = {.color = FALSE};
        ht_render_text (text, report, &options);
        assert_true (g_utf8_validate (text->str, text->len, NULL));
        assert_null (memchr (text->str, '\033', text->len));
        files++;
        hops += expected;
    }
    print_message ("%u corpus messages, %u hops traced\n", files, hops);
    assert_true (files > 0);
}

int
main (void)
{
    g_mime_init ();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_corpus),
    };
    int failed = cmocka_run_group_tests (tests, NULL, NULL);
    g_mime_shutdown ();
    return failed;
}
