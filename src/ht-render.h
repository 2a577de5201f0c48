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
    HT_FORMAT_MERMAID, /* not with --summary */
    HT_FORMAT_DOT,     /* not with --summary */
} HtFormat;

typedef struct {
    gboolean color; /* ANSI colours in text output */
    int width;      /* the terminal's width: a wider hop table is laid out in blocks; 0: any */
} HtRenderOptions;

/* Parses a --format value. */
gboolean ht_render_parse_format (const char *name, HtFormat *format);

void ht_render_text (GString *out, const HtReport *report, const HtRenderOptions *options);

/* One JSON object on one line (JSON Lines), following docs/json-format.md. */
void ht_render_json (GString *out, const HtReport *report);

/* VALUE in decimal, without printf: the hop tables and the diagrams write numbers for every
 * hop of a mailbox. */
void ht_render_append_uint (GString *out, guint value);

/* "3 s", "-9 min 58 s", "6260 h 55 min": a delay or transit time for people. */
void ht_render_append_duration (GString *out, gint64 seconds);

/* Appends VALUE as a JSON string: quoted, escaped, valid UTF-8 (invalid bytes become
 * U+FFFD). */
void ht_render_json_string (GString *out, const char *value);

/* "2025-01-14T09:12:03Z" (transfer full) */
gchar *ht_render_iso_date (gint64 utc);

/* Markdown to paste into a wiki or a change record: summary, hop table, gaps, findings,
 * the route verdict and the Exchange evidence. */
void ht_render_markdown (GString *out, const HtReport *report);

/* A Mermaid "flowchart LR" of the servers of the observed route (ht-route.h): one node per
 * server labelled name / role / product, one edge per link labelled with its TLS. */
void ht_render_mermaid (GString *out, const HtReport *report);

/* The same graph as ht_render_mermaid, for Graphviz. */
void ht_render_dot (GString *out, const HtReport *report);

/* Header text made inert for each syntax (transfer full); exposed for tests. Control
 * characters and invalid UTF-8 are first shown escaped as in the text output. */
gchar *ht_render_markdown_escape (const char *text);
gchar *ht_render_mermaid_escape (const char *text);
gchar *ht_render_dot_escape (const char *text);

/* The edge label of a link in the diagrams: "TLS1.2", "TLS ?" (TLS without a recorded
 * version), "plain", or "?" (the line does not say). (transfer none) */
const char *ht_render_link_label (const HtHop *hop);

G_END_DECLS
