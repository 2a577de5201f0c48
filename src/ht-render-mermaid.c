/* ht-render-mermaid: the route as a Mermaid flowchart, for wikis that render Mermaid
 * (GitHub, GitLab, Azure DevOps, Confluence with a plug-in).
 *
 *     flowchart LR
 *         n1["EDGE01.example.com<br/>edge<br/>Exchange 2010"]
 *         n1 -->|"TLS ?"| n2
 *
 * Node ids are generated (n1, n2, ...), never taken from a header. Every label is quoted,
 * and every character that could end the quote, start an entity, open a Markdown string
 * (a backtick) or form an arrow is written as a Mermaid entity code ("#quot;", "#gt;"), so
 * no header text can close a label or add an edge. */
#include "config.h"

#include "ht-render.h"

#include <string.h>

#include "ht-escape.h"
#include "ht-route.h"

const char *
ht_render_link_label (const HtHop *hop)
{
    const char *version = ht_tls_version_name (hop->tls->version);
    if (version)
        return version;
    if (hop->tls->used == HT_TLS_USED_YES)
        return "TLS ?";
    if (hop->tls->used == HT_TLS_USED_NO)
        return "plain";
    return "?";
}

void
ht_render_append_uint (GString *out, guint value)
{
    char digits[16];
    gsize start = sizeof digits;
    do
        digits[--start] = (char) ('0' + value % 10);
    while ((value /= 10) != 0);
    g_string_append_len (out, digits + start, sizeof digits - start);
}

/* Letters, digits and the punctuation of host names and addresses stay as they are;
 * everything else is an entity code. Non-ASCII too: Mermaid's lexer has its own idea of line
 * separators (U+2028). */
static const gboolean kept_punctuation[128] = {
    [' '] = TRUE, ['.'] = TRUE,  ['-'] = TRUE, ['_'] = TRUE, [':'] = TRUE, ['/'] = TRUE,
    [','] = TRUE, ['='] = TRUE,  ['+'] = TRUE, ['*'] = TRUE, ['@'] = TRUE, ['!'] = TRUE,
    ['?'] = TRUE, ['\''] = TRUE, ['$'] = TRUE, ['^'] = TRUE, ['~'] = TRUE, ['\\'] = TRUE,
};

/* Appends TEXT, valid UTF-8, with every character that is not kept as its entity code, up to
 * its end or, with PRINTABLE_ONLY, the first byte that is not printable ASCII. Returns where
 * it stopped. Kept characters are copied as their bytes, a run at a time. */
static const char *
append_entities (GString *out, const char *text, gboolean printable_only)
{
    const char *run = text, *p = text;
    while (*p) {
        guchar byte = (guchar) *p;
        if (byte < 0x80 && (g_ascii_isalnum (byte) || kept_punctuation[byte])) {
            p++;
            continue;
        }
        if (printable_only && (guchar) (byte - 0x20) >= 0x5f) /* not space to '~' */
            break;
        const char *next = g_utf8_next_char (p);
        gunichar c = byte < 0x80 ? byte : g_utf8_get_char (p);
        g_string_append_len (out, run, p - run);
        if (c == '"') {
            g_string_append (out, "#quot;");
        } else {
            g_string_append_c (out, '#');
            ht_render_append_uint (out, c);
            g_string_append_c (out, ';');
        }
        p = run = next;
    }
    g_string_append_len (out, run, p - run);
    return p;
}

/* ht_render_mermaid_escape, appended to OUT. */
static void
append_escaped (GString *out, const char *text)
{
    ht_escape_append (out, text, append_entities);
}

gchar *
ht_render_mermaid_escape (const char *text)
{
    if (text == NULL)
        return NULL;
    GString *out = g_string_sized_new (strlen (text));
    append_escaped (out, text);
    return g_string_free (out, FALSE);
}

static void
append_label_part (GString *out, const char *text, gboolean *first)
{
    if (text == NULL || *text == '\0')
        return;
    if (!*first)
        g_string_append (out, "<br/>");
    *first = FALSE;
    append_escaped (out, text);
}

void
ht_render_mermaid (GString *out, const HtReport *report)
{
    g_autoptr (HtRouteObserved) route = ht_route_observe (report);
    g_string_append (out, "flowchart LR\n");
    if (route->steps->len == 0) {
        g_string_append (out, "    n0[\"no Received line names a server\"]\n");
        return;
    }
    /* One node per distinct server, declared where it first appears. */
    guint declared = 0;
    for (guint i = 0; i < route->steps->len; i++) {
        const HtRouteStep *step = &g_array_index (route->steps, HtRouteStep, i);
        if (step->node < declared)
            continue;
        declared = step->node + 1;
        g_string_append (out, "    n");
        ht_render_append_uint (out, step->node + 1);
        g_string_append (out, "[\"");
        gboolean first = TRUE;
        append_label_part (out, step->name, &first);
        append_label_part (out, step->role, &first);
        append_label_part (out, step->product, &first);
        g_string_append (out, "\"]\n");
    }
    for (guint i = 1; i < route->steps->len; i++) {
        const HtRouteStep *from = &g_array_index (route->steps, HtRouteStep, i - 1);
        const HtRouteStep *to = &g_array_index (route->steps, HtRouteStep, i);
        g_string_append (out, "    n");
        ht_render_append_uint (out, from->node + 1);
        /* A dotted arrow is a link no Received line records. */
        g_string_append (out, to->link ? " -->|\"" : " -.->|\"");
        append_escaped (out, to->link ? ht_render_link_label (to->link) : "?");
        g_string_append (out, "\"| n");
        ht_render_append_uint (out, to->node + 1);
        g_string_append_c (out, '\n');
    }
}
