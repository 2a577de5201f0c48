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
#include "ht-render.h"

enum {
    EXIT_ANALYSED = 0,
    EXIT_CHECK_FAILED = 1,
    EXIT_USAGE = 2,
    EXIT_INPUT = 3,
};

static void
write_out (GString *text)
{
    if (text->len)
        fwrite (text->str, 1, text->len, stdout);
    g_string_truncate (text, 0);
}

/* Runs one source; returns FALSE when it could not be read or held no message. */
static gboolean
run_source (const char *path, const HtOptions *options, const HtRenderOptions *render,
            guint *reports_written)
{
    HtInputOptions input_options = {.force_paste = options->paste};
    g_autoptr (GError) error = NULL;
    g_autoptr (HtInput) input = ht_input_open (path, &input_options, &error);
    if (input == NULL) {
        g_printerr ("hoptrace: %s: %s\n", path, error->message);
        return FALSE;
    }
    g_autoptr (GString) out = g_string_new (NULL);
    gboolean all_read = TRUE;
    for (;;) {
        g_autoptr (HtMessage) message = ht_input_next (input, &error);
        if (message == NULL) {
            if (error == NULL)
                break;
            /* Report this file and go on with the directory's other files. */
            fflush (stdout);
            g_printerr ("hoptrace: %s: %s\n", ht_input_current_path (input), error->message);
            g_clear_error (&error);
            all_read = FALSE;
            if (!ht_input_has_more (input))
                break;
            continue;
        }
        g_autoptr (HtReport) report = ht_chain_build (message);
        if (options->format == HT_FORMAT_JSON) {
            ht_render_json (out, report);
        } else {
            if (*reports_written > 0)
                g_string_append (out, "\n");
            ht_render_text (out, report, render);
        }
        (*reports_written)++;
        write_out (out);
    }
    return all_read;
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

    g_mime_init ();
    HtRenderOptions render = {.color = ht_cli_use_color (options.color, STDOUT_FILENO)};
    int status = EXIT_ANALYSED;
    guint reports_written = 0;
    for (guint i = 0; options.files[i]; i++) {
        const char *path = options.files[i];
        if (strcmp (path, "-") == 0 && isatty (STDIN_FILENO))
            g_printerr ("hoptrace: reading headers from standard input; paste them, then press "
                        "Ctrl-D\n");
        if (!run_source (path, &options, &render, &reports_written))
            status = EXIT_INPUT;
    }
    fflush (stdout);
    ht_options_clear (&options);
    g_mime_shutdown ();
    return status;
}
