/* ht-render: one renderer per output format, each in its own file (ht-render-<fmt>.c).
 * A renderer appends to a GString; only main writes it out. */
#pragma once

#include <glib.h>

#include "ht-chain.h"

G_BEGIN_DECLS

typedef enum {
    HT_FORMAT_TEXT,
    HT_FORMAT_JSON,
    HT_FORMAT_CSV, /* only with --summary */
    HT_FORMAT_MARKDOWN,
} HtFormat;

typedef struct {
    gboolean color; /* ANSI colours in text output */
} HtRenderOptions;

/* Parses a --format value. */
gboolean ht_render_parse_format (const char *name, HtFormat *format);

void ht_render_text (GString *out, const HtReport *report, const HtRenderOptions *options);

/* One JSON object on one line (JSON Lines), following docs/json-format.md. */
void ht_render_json (GString *out, const HtReport *report);

/* Appends VALUE as a JSON string: quoted, escaped, valid UTF-8 (invalid bytes become
 * U+FFFD). */
void ht_render_json_string (GString *out, const char *value);

/* "2025-01-14T09:12:03Z" (transfer full) */
gchar *ht_render_iso_date (gint64 utc);

G_END_DECLS
