/* hoptrace: trace the path an email took and the TLS protection of every link.
 *
 * main sets up the locale and GMime, runs each input through the pipeline
 * (input -> received -> tls -> chain -> render) and maps errors to exit statuses:
 * 0 analysed, 1 a requested check failed, 2 usage error, 3 an input could not be read
 * or holds no message. Only main prints errors, once each: "hoptrace: FILE: message". */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gmime/gmime.h>

#include "ht-chain.h"
#include "ht-cli.h"
#include "ht-input.h"
#include "ht-profile.h"
#include "ht-render.h"
#include "ht-route.h"
#include "ht-summary.h"

enum {
    EXIT_ANALYSED = 0,
    EXIT_CHECK_FAILED = 1,
    EXIT_USAGE = 2,
    EXIT_INPUT = 3,
};

typedef struct {
    const HtOptions *options;
    HtRenderOptions render;
    GString *out;
    HtSummary *summary; /* with --summary */
    const HtProfile *profile; /* the organisation's roles and routes */
    const HtRoute *expect;    /* with --expect */
    gboolean route_failed;    /* a message did not follow the expected route */
    guint64 messages;
    gint64 started;       /* monotonic microseconds */
    gint64 last_progress; /* when the progress line was last drawn, 0 if never */
} Run;

static void
write_out (GString *text)
{
    if (text->len)
        fwrite (text->str, 1, text->len, stdout);
    g_string_truncate (text, 0);
}

/* A progress line on standard error, redrawn at most four times a second, and only once a
 * run has lasted a second: short runs stay quiet. */
static void
show_progress (Run *run, const char *path, gboolean final)
{
    if (!run->options->progress)
        return;
    gint64 now = g_get_monotonic_time ();
    if (final) {
        if (run->last_progress)
            fputs ("\r\033[K", stderr);
        return;
    }
    if (now - run->started < G_USEC_PER_SEC || now - run->last_progress < G_USEC_PER_SEC / 4)
        return;
    run->last_progress = now;
    double seconds = (now - run->started) / (double) G_USEC_PER_SEC;
    g_autofree gchar *name = g_path_get_basename (path);
    fprintf (stderr, "\r\033[Khoptrace: %" G_GUINT64_FORMAT " messages (%.0f/s), %.40s",
             run->messages, run->messages / seconds, name);
    fflush (stderr);
}

static void
emit (Run *run, const HtReport *report)
{
    if (run->summary) {
        ht_summary_add (run->summary, report);
        return;
    }
    switch (run->options->format) {
    case HT_FORMAT_JSON: ht_render_json (run->out, report); break;
    case HT_FORMAT_MARKDOWN:
    case HT_FORMAT_MERMAID:
    case HT_FORMAT_DOT:
        /* One document (or diagram) per message, a blank line between them. */
        if (run->messages > 0)
            g_string_append (run->out, "\n");
        if (run->options->format == HT_FORMAT_MARKDOWN)
            ht_render_markdown (run->out, report);
        else if (run->options->format == HT_FORMAT_MERMAID)
            ht_render_mermaid (run->out, report);
        else
            ht_render_dot (run->out, report);
        break;
    case HT_FORMAT_TEXT:
    default:
        if (run->messages > 0)
            g_string_append (run->out, "\n");
        ht_render_text (run->out, report, &run->render);
        break;
    }
    write_out (run->out);
}

/* Runs one source; returns FALSE when it, or a file below it, could not be read or held no
 * message. */
static gboolean
run_source (Run *run, const char *path)
{
    HtInputOptions input_options = {.force_paste = run->options->paste};
    g_autoptr (GError) error = NULL;
    g_autoptr (HtInput) input = ht_input_open (path, &input_options, &error);
    if (input == NULL) {
        g_printerr ("hoptrace: %s: %s\n", path, error->message);
        return FALSE;
    }
    gboolean all_read = TRUE;
    for (;;) {
        g_autoptr (HtMessage) message = ht_input_next (input, &error);
        if (message == NULL) {
            if (error == NULL)
                break;
            /* Report this file and go on with the directory's other files. */
            fflush (stdout);
            show_progress (run, path, TRUE);
            g_printerr ("hoptrace: %s: %s\n", ht_input_current_path (input), error->message);
            g_clear_error (&error);
            all_read = FALSE;
            if (!ht_input_has_more (input))
                break;
            continue;
        }
        g_autoptr (HtReport) report = ht_chain_build (message);
        if (ht_profile_get_path (run->profile))
            ht_profile_assign_roles (run->profile, report);
        if (run->expect) {
            report->route = ht_route_verify (run->expect, report);
            run->route_failed |= !report->route->match;
        }
        emit (run, report);
        run->messages++;
        show_progress (run, ht_input_current_path (input), FALSE);
    }
    return all_read;
}

static void
render_summary (Run *run)
{
    switch (run->options->format) {
    case HT_FORMAT_JSON: ht_summary_render_json (run->out, run->summary); break;
    case HT_FORMAT_CSV: ht_summary_render_csv (run->out, run->summary); break;
    case HT_FORMAT_MARKDOWN: ht_summary_render_markdown (run->out, run->summary); break;
    case HT_FORMAT_TEXT:
    default: ht_summary_render_text (run->out, run->summary); break;
    }
    write_out (run->out);
}

int
main (int argc, char **argv)
{
    setlocale (LC_ALL, "");
    g_set_prgname ("hoptrace");

    HtOptions options;
    g_autoptr (GError) error = NULL;
    if (!ht_cli_parse (argc, argv, &options, &error)) {
        g_printerr ("hoptrace: %s\nTry 'hoptrace --help'.\n", error->message);
        return EXIT_USAGE;
    }
    if (options.version) {
        printf ("hoptrace %s\n", PACKAGE_VERSION);
        ht_options_clear (&options);
        return EXIT_ANALYSED;
    }

    /* The organisation profile: --config FILE, else the default file when there is one. A
     * broken profile or an unknown --expect route is a usage error: verdicts from a
     * half-read profile would be wrong. */
    g_autoptr (HtProfile) profile = options.config ? ht_profile_load_file (options.config, &error)
                                                   : ht_profile_load_default (&error);
    const HtRoute *expect = NULL;
    if (profile && options.expect)
        expect = ht_profile_get_route (profile, options.expect, &error);
    if (profile == NULL || (options.expect && expect == NULL)) {
        g_printerr ("hoptrace: %s\n", error->message);
        ht_options_clear (&options);
        return EXIT_USAGE;
    }

    g_mime_init ();
    g_autoptr (GString) out = g_string_new (NULL);
    g_autoptr (HtSummary) summary = options.summary ? ht_summary_new () : NULL;
    Run run = {
        .options = &options,
        .render = {.color = ht_cli_use_color (options.color, STDOUT_FILENO)},
        .out = out,
        .summary = summary,
        .started = g_get_monotonic_time (),
        .profile = profile,
        .expect = expect,
    };
    int status = EXIT_ANALYSED;
    for (guint i = 0; options.files[i]; i++) {
        const char *path = options.files[i];
        if (strcmp (path, "-") == 0 && isatty (STDIN_FILENO))
            g_printerr ("hoptrace: reading headers from standard input; paste them, then press "
                        "Ctrl-D\n");
        if (!run_source (&run, path))
            status = EXIT_INPUT;
    }
    show_progress (&run, "", TRUE);
    if (summary)
        render_summary (&run);
    /* An input that could not be read (3) outweighs a failed check (1). */
    if (status == EXIT_ANALYSED && run.route_failed)
        status = EXIT_CHECK_FAILED;
    fflush (stdout);
    ht_options_clear (&options);
    g_mime_shutdown ();
    return status;
}
