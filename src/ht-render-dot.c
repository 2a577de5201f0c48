/* ht-render-dot: the route as a Graphviz digraph (the graph of ht-render-mermaid.c):
 *
 *     digraph hoptrace {
 *         rankdir=LR;
 *         n1 [label="EDGE01.example.com\nedge\nExchange 2010"];
 *         n1 -> n2 [label="TLS ?"];
 *     }
 *
 * Node ids are generated; every header-derived text is a double-quoted DOT string in which
 * a backslash and a double quote are escaped, so nothing can end the string. Backslashes
 * are doubled, which also keeps Graphviz from reading "\N" or "\G" in a host name as its
 * own escapes. Line breaks in header text were already shown as "\x0a" by
 * ht_escape_terminal; the only "\n" in a label is ours. */
#include "config.h"

#include "ht-render.h"

#include <string.h>

#include "ht-escape.h"
#include "ht-route.h"

/* Appends TEXT with a backslash before each backslash and double quote, the runs between
 * them copied whole, up to its end or, with PRINTABLE_ONLY, the first byte that is not
 * printable ASCII. Returns where it stopped. */
static const char *
append_backslashed (GString *out, const char *text, gboolean printable_only)
{
    const char *run = text, *p = text;
    for (; *p; p++) {
        if (printable_only && (guchar) (*p - 0x20) >= 0x5f) /* not space to '~' */
            break;
        if (*p == '\\' || *p == '"') {
            g_string_append_len (out, run, p - run);
            g_string_append_c (out, '\\');
            run = p;
        }
    }
    g_string_append_len (out, run, p - run);
    return p;
}

/* ht_render_dot_escape, appended to OUT. */
static void
append_escaped (GString *out, const char *text)
{
    ht_escape_append (out, text, append_backslashed);
}

gchar *
ht_render_dot_escape (const char *text)
{
    if (text == NULL)
        return NULL;
    GString *out = g_string_sized_new (strlen (text) + 8);
    append_escaped (out, text);
    return g_string_free (out, FALSE);
}

static void
append_label_part (GString *out, const char *text, gboolean *first)
{
    if (text == NULL || *text == '\0')
        return;
    if (!*first)
        g_string_append (out, "\\n");
    *first = FALSE;
    append_escaped (out, text);
}

void
ht_render_dot (GString *out, const HtReport *report)
{
    g_autoptr (HtRouteObserved) route = ht_route_observe (report);
    g_string_append (out, "digraph hoptrace {\n"
                          "    rankdir=LR;\n"
                          "    node [shape=box, fontname=\"Helvetica\"];\n"
                          "    edge [fontname=\"Helvetica\"];\n");
    if (route->steps->len == 0)
        g_string_append (out, "    n0 [label=\"no Received line names a server\"];\n");
    guint declared = 0;
    for (guint i = 0; i < route->steps->len; i++) {
        const HtRouteStep *step = &g_array_index (route->steps, HtRouteStep, i);
        if (step->node < declared)
            continue;
        declared = step->node + 1;
        g_string_append (out, "    n");
        ht_render_append_uint (out, step->node + 1);
        g_string_append (out, " [label=\"");
        gboolean first = TRUE;
        append_label_part (out, step->name, &first);
        append_label_part (out, step->role, &first);
        append_label_part (out, step->product, &first);
        g_string_append (out, "\"];\n");
    }
    for (guint i = 1; i < route->steps->len; i++) {
        const HtRouteStep *from = &g_array_index (route->steps, HtRouteStep, i - 1);
        const HtRouteStep *to = &g_array_index (route->steps, HtRouteStep, i);
        g_string_append (out, "    n");
        ht_render_append_uint (out, from->node + 1);
        g_string_append (out, " -> n");
        ht_render_append_uint (out, to->node + 1);
        g_string_append (out, " [label=\"");
        append_escaped (out, to->link ? ht_render_link_label (to->link) : "?");
        /* A dashed edge is a link no Received line records. */
        g_string_append (out, to->link ? "\"];\n" : "\", style=dashed];\n");
    }
    g_string_append (out, "}\n");
}
