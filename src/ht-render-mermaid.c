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

gchar *
ht_render_mermaid_escape (const char *text)
{
    if (text == NULL)
        return NULL;
    g_autofree gchar *safe = ht_escape_terminal (text);
    GString *out = g_string_sized_new (strlen (safe));
    for (const char *p = safe; *p; p = g_utf8_next_char (p)) {
        gunichar c = g_utf8_get_char (p);
        /* Letters, digits and the punctuation of host names and addresses stay as they are;
         * everything else is an entity code. Non-ASCII too: Mermaid's lexer has its own
         * idea of line separators (U+2028). */
        if (g_ascii_isalnum (c) || (c < 0x80 && strchr (" .-_:/,=+*@!?'$^~\\", (int)c) && c))
            g_string_append_unichar (out, c);
        else if (c == '"')
            g_string_append (out, "#quot;");
        else
            g_string_append_printf (out, "#%u;", c);
    }
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
    g_autofree gchar *escaped = ht_render_mermaid_escape (text);
    g_string_append (out, escaped);
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
        g_string_append_printf (out, "    n%u[\"", step->node + 1);
        gboolean first = TRUE;
        append_label_part (out, step->name, &first);
        append_label_part (out, step->role, &first);
        append_label_part (out, step->product, &first);
        g_string_append (out, "\"]\n");
    }
    for (guint i = 1; i < route->steps->len; i++) {
        const HtRouteStep *from = &g_array_index (route->steps, HtRouteStep, i - 1);
        const HtRouteStep *to = &g_array_index (route->steps, HtRouteStep, i);
        /* A dotted arrow is a link no Received line records. */
        g_autofree gchar *label =
            ht_render_mermaid_escape (to->link ? ht_render_link_label (to->link) : "?");
        g_string_append_printf (out, "    n%u %s|\"%s\"| n%u\n", from->node + 1,
                                to->link ? "-->" : "-.->", label, to->node + 1);
    }
}
