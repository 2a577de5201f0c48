/* ht-cli: the command line. */
#pragma once

#include <glib.h>

#include "ht-render.h"

G_BEGIN_DECLS

#define HT_CLI_ERROR (ht_cli_error_quark ())
GQuark ht_cli_error_quark (void);

typedef enum {
    HT_COLOR_AUTO,
    HT_COLOR_ALWAYS,
    HT_COLOR_NEVER,
} HtColorMode;

typedef struct {
    HtFormat format;
    HtColorMode color;
    gboolean paste;
    gboolean summary;  /* --summary: one readiness report over all messages */
    gboolean progress; /* --progress: a progress line on standard error */
    gint jobs;         /* --jobs: worker threads; 1 runs everything on one thread */
    gboolean version;
    gchar *config; /* --config FILE: the organisation profile, or NULL for the default */
    gchar *expect; /* --expect ROUTE: a route of the profile to verify, or NULL */
    gchar **files; /* NULL-terminated; never empty after parsing ("-" for stdin) */
} HtOptions;

void ht_options_clear (HtOptions *options);

/* Parses ARGV. Returns FALSE with HT_CLI_ERROR set on a usage error. */
gboolean ht_cli_parse (int argc, char **argv, HtOptions *options, GError **error);

/* Colour for text output: --color, NO_COLOR (https://no-color.org), TERM=dumb, a tty. */
gboolean ht_cli_use_color (HtColorMode mode, int fd);

G_END_DECLS
