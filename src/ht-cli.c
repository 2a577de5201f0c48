/* ht-cli: GOptionContext for hoptrace. */
#include "config.h"

#include "ht-cli.h"

#include <string.h>
#include <unistd.h>

G_DEFINE_QUARK (ht - cli - error - quark, ht_cli_error)

void
ht_options_clear (HtOptions *options)
{
    g_clear_pointer (&options->files, g_strfreev);
    g_clear_pointer (&options->config, g_free);
    g_clear_pointer (&options->expect, g_free);
}

gboolean
ht_cli_parse (int argc, char **argv, HtOptions *options, GError **error)
{
    g_autofree gchar *format = NULL;
    g_autofree gchar *color = NULL;
    g_autofree gchar *config = NULL;
    g_autofree gchar *expect = NULL;
    gint jobs = 0;
    gboolean paste = FALSE, version = FALSE, summary = FALSE, progress = FALSE, no_progress = FALSE;
    gchar **files = NULL;
    GOptionEntry entries[] = {
        {"format", 'f', 0, G_OPTION_ARG_STRING, &format,
         "Output format: text (default), json (or jsonl), markdown (or md), mermaid, dot; "
         "with --summary also csv",
         "FORMAT"},
        {"config", 'c', 0, G_OPTION_ARG_FILENAME, &config,
         "Organisation profile (default: $XDG_CONFIG_HOME/hoptrace/config)", "FILE"},
        {"expect", 'e', 0, G_OPTION_ARG_STRING, &expect,
         "Verify that every message followed the profile's ROUTE (exit status 1 if not)", "ROUTE"},
        {"color", 0, 0, G_OPTION_ARG_STRING, &color,
         "Colour text output: auto (default), always, never", "WHEN"},
        {"paste", 0, 0, G_OPTION_ARG_NONE, &paste,
         "Read input as headers pasted from a mail client (blank lines between fields)", NULL},
        {"summary", 's', 0, G_OPTION_ARG_NONE, &summary,
         "Print one TLS readiness report over all messages (formats text, json, csv, markdown)",
         NULL},
        {"progress", 0, 0, G_OPTION_ARG_NONE, &progress,
         "Show a progress line on standard error (default: on a terminal, for long runs)", NULL},
        {"no-progress", 0, 0, G_OPTION_ARG_NONE, &no_progress, "Never show a progress line", NULL},
        {"jobs", 'j', 0, G_OPTION_ARG_INT, &jobs,
         "Worker threads (0 or unset: one per processor, at most 4; 1: none)", "N"},
        {"version", 'V', 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL},
        {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, "[FILE...]"},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    g_autoptr (GOptionContext) context =
        g_option_context_new ("- trace the hops of an email and the TLS of every link");
    g_option_context_set_description (
        context,
        "FILE is an .eml message, a bare header block, headers pasted from Outlook, an mbox,\n"
        "or a directory or Maildir (read recursively);\n"
        "'-' or no FILE reads standard input.\n\n"
        "Exit status: 0 analysed, 1 a requested check failed, 2 usage error,\n"
        "3 an input could not be read or holds no message.\n\n"
        "See hoptrace(1).");
    g_option_context_add_main_entries (context, entries, NULL);

    g_auto (GStrv) args = g_new0 (gchar *, argc + 1);
    for (int i = 0; i < argc; i++)
        args[i] = g_strdup (argv[i]);
    GError *local = NULL;
    if (!g_option_context_parse_strv (context, &args, &local)) {
        g_set_error (error, HT_CLI_ERROR, 0, "%s", local->message);
        g_error_free (local);
        g_strfreev (files);
        return FALSE;
    }

    memset (options, 0, sizeof *options);
    options->format = HT_FORMAT_TEXT;
    if (format && !ht_render_parse_format (format, &options->format)) {
        g_set_error (error, HT_CLI_ERROR, 0,
                     "unknown format '%s' (use text, json, markdown, mermaid or dot; csv with "
                     "--summary)",
                     format);
        g_strfreev (files);
        return FALSE;
    }
    options->color = HT_COLOR_AUTO;
    if (color) {
        if (strcmp (color, "always") == 0)
            options->color = HT_COLOR_ALWAYS;
        else if (strcmp (color, "never") == 0)
            options->color = HT_COLOR_NEVER;
        else if (strcmp (color, "auto") != 0) {
            g_set_error (error, HT_CLI_ERROR, 0,
                         "unknown --color value '%s' (use auto, always or never)", color);
            g_strfreev (files);
            return FALSE;
        }
    }
    if (summary && options->format != HT_FORMAT_TEXT && options->format != HT_FORMAT_JSON &&
        options->format != HT_FORMAT_CSV && options->format != HT_FORMAT_MARKDOWN) {
        g_set_error (error, HT_CLI_ERROR, 0,
                     "--summary writes text, json, csv or markdown, not '%s'", format);
        g_strfreev (files);
        return FALSE;
    }
    if (options->format == HT_FORMAT_CSV && !summary) {
        g_set_error (error, HT_CLI_ERROR, 0, "--format csv goes with --summary");
        g_strfreev (files);
        return FALSE;
    }
    /* A diagram draws one message's route; the summary has no route to draw. */
    if ((options->format == HT_FORMAT_MERMAID || options->format == HT_FORMAT_DOT) && summary) {
        g_set_error (error, HT_CLI_ERROR, 0, "--format %s does not go with --summary", format);
        g_strfreev (files);
        return FALSE;
    }
    if (expect && *expect == '\0') {
        g_set_error (error, HT_CLI_ERROR, 0, "--expect needs a route name");
        g_strfreev (files);
        return FALSE;
    }
    options->config = g_steal_pointer (&config);
    options->expect = g_steal_pointer (&expect);
    if (jobs < 0 || jobs > 64) {
        g_set_error (error, HT_CLI_ERROR, 0, "--jobs takes a number from 1 to 64");
        g_strfreev (files);
        return FALSE;
    }
    options->jobs = jobs > 0 ? jobs : (gint) MIN (g_get_num_processors (), 4);
    options->paste = paste;
    options->summary = summary;
    options->progress = no_progress ? FALSE : (progress || isatty (STDERR_FILENO));
    options->version = version;
    if (files == NULL || files[0] == NULL) {
        g_strfreev (files);
        files = g_new0 (gchar *, 2);
        files[0] = g_strdup ("-");
    }
    options->files = files;
    return TRUE;
}

gboolean
ht_cli_use_color (HtColorMode mode, int fd)
{
    if (mode == HT_COLOR_ALWAYS)
        return TRUE;
    if (mode == HT_COLOR_NEVER)
        return FALSE;
    const char *no_color = g_getenv ("NO_COLOR");
    if (no_color && *no_color)
        return FALSE;
    if (g_strcmp0 (g_getenv ("TERM"), "dumb") == 0)
        return FALSE;
    return isatty (fd);
}
