/* corpus-sweep: the TLS verdicts of the real-world corpus, counted and checked.
 *
 * Every message in ../shared/corpus/real/ (not part of the repository; HT_CORPUS_DIR or the
 * first argument names another folder) is traced as the program does it, its JSON output is
 * read back, and each hop is counted by its TLS state:
 *   version known               tls.version is set (stated, or inferred from a TLS 1.3 suite)
 *   used, version not recorded  tls.used is true, tls.version null
 *   plaintext                   tls.used is false
 *   not stated                  tls.used is null
 * A hop whose raw text mentions TLS, SSL, cipher, encrypted, secured or STARTTLS (as a word,
 * any case; "TLSv1.2" and "SSLv3" count) but got tls.used null is either a parser miss or a
 * line that mentions TLS without saying anything about this link. Each such hop must be
 * listed in tests/corpus-sweep-explained.txt ("file hop reason", one per line) or the sweep
 * fails.
 *
 * Exit status as automake reads it: 0 pass, 1 fail, 77 skipped (no corpus), 99 error. */
#include "config.h"

#include <gmime/gmime.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "ht-chain.h"
#include "ht-render.h"

enum { STATE_VERSION, STATE_USED, STATE_PLAIN, STATE_NOT_STATED, N_STATES };

static const char *const state_names[N_STATES] = {
    "version known",
    "used, version not recorded",
    "plaintext",
    "not stated",
};

static gchar *
corpus_dir (int argc, char **argv)
{
    if (argc > 1)
        return g_strdup (argv[1]);
    const char *env = g_getenv ("HT_CORPUS_DIR");
    if (env && *env)
        return g_strdup (env);
    return g_strdup (HT_TOP_SRCDIR "/../shared/corpus/real");
}

/* tests/corpus-sweep-explained.txt -> "file hop" -> reason. */
static GHashTable *
read_explained (GError **error)
{
    g_autofree gchar *text = NULL;
    if (!g_file_get_contents (HT_TOP_SRCDIR "/tests/corpus-sweep-explained.txt", &text, NULL,
                              error))
        return NULL;
    GHashTable *explained = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
    for (guint i = 0; lines[i]; i++) {
        g_strstrip (lines[i]);
        if (lines[i][0] == '\0' || lines[i][0] == '#')
            continue;
        g_auto (GStrv) parts = g_strsplit_set (lines[i], " \t", 3);
        if (parts[0] == NULL || parts[1] == NULL || parts[2] == NULL ||
            g_ascii_strtoull (parts[1], NULL, 10) == 0) {
            g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                         "corpus-sweep-explained.txt line %u: expected \"file hop reason\"", i + 1);
            g_hash_table_unref (explained);
            return NULL;
        }
        g_hash_table_insert (explained, g_strdup_printf ("%s %s", parts[0], parts[1]),
                             g_strdup (g_strstrip (parts[2])));
    }
    return explained;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
    return strcmp (*(const char *const *) a, *(const char *const *) b);
}

int
main (int argc, char **argv)
{
    g_autofree gchar *dir_path = corpus_dir (argc, argv);
    g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
    if (dir == NULL) {
        printf ("corpus %s absent: skipped\n", dir_path);
        return 77;
    }
    g_autoptr (GError) error = NULL;
    g_autoptr (GHashTable) explained = read_explained (&error);
    if (explained == NULL) {
        fprintf (stderr, "corpus-sweep: %s\n", error->message);
        return 99;
    }
    g_autoptr (GRegex) mentions_tls =
        g_regex_new ("(?<![a-z])(tls|ssl|cipher|encrypted|secured)(?![a-uw-z])|starttls",
                     G_REGEX_CASELESS, 0, NULL);

    /* Sorted, so that the output is the same on every file system. */
    g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
    const char *name;
    while ((name = g_dir_read_name (dir)) != NULL)
        if (g_str_has_suffix (name, ".eml"))
            g_ptr_array_add (names, g_strdup (name));
    g_ptr_array_sort (names, compare_names);

    g_mime_init ();
    guint counts[N_STATES] = {0};
    guint hops = 0, unexplained = 0;
    g_autoptr (GString) listing = g_string_new (NULL);
    g_autoptr (GHashTable) used_explanations =
        g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    for (guint f = 0; f < names->len; f++) {
        name = g_ptr_array_index (names, f);
        g_autofree gchar *path = g_build_filename (dir_path, name, NULL);
        g_autofree gchar *data = NULL;
        gsize len = 0;
        g_autoptr (HtMessage) message = NULL;
        if (!g_file_get_contents (path, &data, &len, &error) ||
            !(message = ht_input_parse_bytes (name, data, len, NULL, &error))) {
            fprintf (stderr, "corpus-sweep: %s: %s\n", name, error->message);
            return 99;
        }
        g_autoptr (HtReport) report = ht_chain_build (message);
        g_autoptr (GString) json = g_string_new (NULL);
        ht_render_json (json, report);
        g_autoptr (JsonParser) parser = json_parser_new ();
        if (!json_parser_load_from_data (parser, json->str, json->len, &error)) {
            fprintf (stderr, "corpus-sweep: %s: invalid JSON: %s\n", name, error->message);
            return 99;
        }
        JsonObject *root = json_node_get_object (json_parser_get_root (parser));
        JsonArray *hop_array = json_object_get_array_member (root, "hops");
        for (guint i = 0; i < json_array_get_length (hop_array); i++) {
            JsonObject *hop = json_array_get_object_element (hop_array, i);
            JsonObject *tls = json_object_get_object_member (hop, "tls");
            JsonNode *used = json_object_get_member (tls, "used");
            gboolean used_null = JSON_NODE_HOLDS_NULL (used);
            int state = STATE_NOT_STATED;
            if (!JSON_NODE_HOLDS_NULL (json_object_get_member (tls, "version")))
                state = STATE_VERSION;
            else if (!used_null)
                state = json_node_get_boolean (used) ? STATE_USED : STATE_PLAIN;
            counts[state]++;
            hops++;
            const char *raw = json_object_get_string_member (hop, "raw");
            if (!used_null || !g_regex_match (mentions_tls, raw, 0, NULL))
                continue;
            gint64 index = json_object_get_int_member (hop, "index");
            g_autofree gchar *key = g_strdup_printf ("%s %" G_GINT64_FORMAT, name, index);
            const char *reason = g_hash_table_lookup (explained, key);
            if (reason) {
                g_hash_table_add (used_explanations, g_strdup (key));
                g_string_append_printf (listing, "  explained  %s: %s\n    %s\n", key, reason, raw);
            } else {
                unexplained++;
                g_string_append_printf (listing, "  UNEXPLAINED  %s\n    %s\n", key, raw);
            }
        }
    }
    g_mime_shutdown ();

    printf ("%u messages, %u hops in %s\n", names->len, hops, dir_path);
    for (int s = 0; s < N_STATES; s++)
        printf ("  %-28s %4u\n", state_names[s], counts[s]);
    printf ("hops that mention TLS in their text but got tls.used null: %u unexplained, %u "
            "explained\n%s",
            unexplained, g_hash_table_size (used_explanations), listing->str);
    /* An explanation whose hop no longer qualifies is stale: say so, it is no failure. */
    GHashTableIter iter;
    gpointer key;
    g_hash_table_iter_init (&iter, explained);
    while (g_hash_table_iter_next (&iter, &key, NULL))
        if (!g_hash_table_contains (used_explanations, key))
            printf ("  stale explanation (no such hop any more): %s\n", (const char *) key);
    return unexplained == 0 && hops > 0 ? 0 : 1;
}
