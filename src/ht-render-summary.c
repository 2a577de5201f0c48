/* ht-render-summary: the readiness report in text, JSON, CSV and Markdown.
 *
 * Besides the table of links, two lists answer the questions the report exists for:
 * which links still run below TLS 1.2, and which links used TLS without recording the
 * version, so that their servers' protocol logs must be checked. */
#include "config.h"

#include "ht-summary.h"

#include <string.h>

#include "ht-escape.h"
#include "ht-render.h"

static const char *const column_titles[HT_SUMMARY_N_STATES] = {
    "TLS1.3",    "TLS1.2",       "TLS1.1",    "TLS1.0",     "SSL",
    "ambiguous", "not recorded", "plaintext", "not stated",
};

/* Hops below TLS 1.2, plaintext included: "is anything still reaching us below TLS 1.2?"
 * is answered yes by a link with no TLS at all. */
static guint64
below_1_2 (const HtSummaryLink *link)
{
    return link->counts[HT_SUMMARY_TLS1_1] + link->counts[HT_SUMMARY_TLS1_0] +
           link->counts[HT_SUMMARY_SSL] + link->counts[HT_SUMMARY_PLAINTEXT];
}

/* Hops whose version only the servers' protocol logs can tell: not recorded, or the
 * ambiguous "TLSv1/SSLv3". */
static guint64
protocol_log_gaps (const HtSummaryLink *link)
{
    return link->counts[HT_SUMMARY_NOT_RECORDED] + link->counts[HT_SUMMARY_AMBIGUOUS];
}

static gchar *
date_or_dash (gboolean present, gint64 utc)
{
    return present ? ht_render_iso_date (utc) : g_strdup ("-");
}

/* ---- Text ---------------------------------------------------------------------------------- */

void
ht_summary_render_text (GString *out, HtSummary *summary)
{
    GPtrArray *links = ht_summary_links (summary);
    g_string_append_printf (out, "TLS readiness: %" G_GUINT64_FORMAT " message%s, %u link%s\n",
                            ht_summary_messages (summary),
                            ht_summary_messages (summary) == 1 ? "" : "s", links->len,
                            links->len == 1 ? "" : "s");
    ht_summary_describe_route (summary, out);
    if (links->len == 0)
        return;

    g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
    glong width = strlen ("Link (sending -> receiving server)");
    for (guint i = 0; i < links->len; i++) {
        const HtSummaryLink *link = g_ptr_array_index (links, i);
        g_autofree gchar *from = ht_escape_terminal (link->from);
        g_autofree gchar *to = ht_escape_terminal (link->to);
        gchar *name = link->product ? g_strdup_printf ("%s -> %s (%s)", from, to, link->product)
                                    : g_strdup_printf ("%s -> %s", from, to);
        width = MAX (width, g_utf8_strlen (name, -1));
        g_ptr_array_add (names, name);
    }
    g_string_append_printf (out, "\n%-*s  %6s", (int) width, "Link (sending -> receiving server)",
                            "Hops");
    for (int s = 0; s < HT_SUMMARY_N_STATES; s++)
        g_string_append_printf (
            out, "  %*s", (int) strlen (column_titles[s]) < 6 ? 6 : (int) strlen (column_titles[s]),
            column_titles[s]);
    g_string_append (out, "  First seen            Last seen\n");
    for (guint i = 0; i < links->len; i++) {
        const HtSummaryLink *link = g_ptr_array_index (links, i);
        const char *name = g_ptr_array_index (names, i);
        g_string_append (out, name);
        for (glong k = g_utf8_strlen (name, -1); k < width; k++)
            g_string_append_c (out, ' ');
        g_string_append_printf (out, "  %6" G_GUINT64_FORMAT, link->hops);
        for (int s = 0; s < HT_SUMMARY_N_STATES; s++) {
            int w = strlen (column_titles[s]) < 6 ? 6 : (int) strlen (column_titles[s]);
            g_string_append_printf (out, "  %*" G_GUINT64_FORMAT, w, link->counts[s]);
        }
        g_autofree gchar *first = date_or_dash (link->has_dates, link->first_seen);
        g_autofree gchar *last = date_or_dash (link->has_dates, link->last_seen);
        g_string_append_printf (out, "  %-20s  %s\n", first, last);
    }

    gboolean any = FALSE;
    for (guint i = 0; i < links->len; i++) {
        const HtSummaryLink *link = g_ptr_array_index (links, i);
        guint64 below = below_1_2 (link);
        if (below == 0)
            continue;
        if (!any)
            g_string_append (out, "\nBelow TLS 1.2 (or no TLS at all):\n");
        any = TRUE;
        g_string_append_printf (out,
                                "  %s: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                                " hops (TLS1.1 %" G_GUINT64_FORMAT ", TLS1.0 %" G_GUINT64_FORMAT
                                ", SSL %" G_GUINT64_FORMAT ", plaintext %" G_GUINT64_FORMAT ")\n",
                                (const char *) g_ptr_array_index (names, i), below, link->hops,
                                link->counts[HT_SUMMARY_TLS1_1], link->counts[HT_SUMMARY_TLS1_0],
                                link->counts[HT_SUMMARY_SSL], link->counts[HT_SUMMARY_PLAINTEXT]);
    }
    if (!any)
        g_string_append (out, "\nBelow TLS 1.2 (or no TLS at all): none recorded\n");

    any = FALSE;
    for (guint i = 0; i < links->len; i++) {
        const HtSummaryLink *link = g_ptr_array_index (links, i);
        guint64 gaps = protocol_log_gaps (link);
        if (gaps == 0)
            continue;
        if (!any)
            g_string_append (out, "\nGaps to check in protocol logs:\n");
        any = TRUE;
        g_string_append_printf (out, "  %s: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " hops\n",
                                (const char *) g_ptr_array_index (names, i), gaps, link->hops);
        if (link->gap_reason) {
            g_autofree gchar *reason = ht_escape_terminal (link->gap_reason);
            g_string_append_printf (out, "    %s\n", reason);
        }
    }
}

/* ---- JSON ---------------------------------------------------------------------------------- */

static void
json_link (GString *out, const HtSummaryLink *link)
{
    g_string_append (out, "{\"from\":");
    ht_render_json_string (out, link->from);
    g_string_append (out, ",\"to\":");
    ht_render_json_string (out, link->to);
    g_string_append (out, ",\"product\":");
    if (link->product)
        ht_render_json_string (out, link->product);
    else
        g_string_append (out, "null");
    g_string_append_printf (out, ",\"hops\":%" G_GUINT64_FORMAT ",\"counts\":{", link->hops);
    for (int s = 0; s < HT_SUMMARY_N_STATES; s++)
        g_string_append_printf (out, "%s\"%s\":%" G_GUINT64_FORMAT, s ? "," : "",
                                ht_summary_state_name (s), link->counts[s]);
    g_string_append (out, "},\"first_seen\":");
    g_autofree gchar *first = link->has_dates ? ht_render_iso_date (link->first_seen) : NULL;
    g_autofree gchar *last = link->has_dates ? ht_render_iso_date (link->last_seen) : NULL;
    if (first)
        ht_render_json_string (out, first);
    else
        g_string_append (out, "null");
    g_string_append (out, ",\"last_seen\":");
    if (last)
        ht_render_json_string (out, last);
    else
        g_string_append (out, "null");
    g_string_append (out, ",\"gap_reason\":");
    if (link->gap_reason)
        ht_render_json_string (out, link->gap_reason);
    else
        g_string_append (out, "null");
    g_string_append_c (out, '}');
}

void
ht_summary_render_json (GString *out, HtSummary *summary)
{
    GPtrArray *links = ht_summary_links (summary);
    g_string_append_printf (out,
                            "{\"format_version\":1,\"summary\":true,\"messages\":%" G_GUINT64_FORMAT
                            ",\"links\":[",
                            ht_summary_messages (summary));
    for (guint i = 0; i < links->len; i++) {
        if (i)
            g_string_append_c (out, ',');
        json_link (out, g_ptr_array_index (links, i));
    }
    g_string_append (out, "],\"route\":");
    ht_summary_route_json (summary, out);
    g_string_append (out, ",\"below_tls1_2\":[");
    gboolean first = TRUE;
    for (guint i = 0; i < links->len; i++) {
        const HtSummaryLink *link = g_ptr_array_index (links, i);
        if (below_1_2 (link) == 0)
            continue;
        g_string_append (out, first ? "{\"from\":" : ",{\"from\":");
        first = FALSE;
        ht_render_json_string (out, link->from);
        g_string_append (out, ",\"to\":");
        ht_render_json_string (out, link->to);
        g_string_append_printf (out, ",\"hops\":%" G_GUINT64_FORMAT "}", below_1_2 (link));
    }
    g_string_append (out, "],\"gaps\":[");
    first = TRUE;
    for (guint i = 0; i < links->len; i++) {
        const HtSummaryLink *link = g_ptr_array_index (links, i);
        guint64 gaps = protocol_log_gaps (link);
        if (gaps == 0)
            continue;
        g_string_append (out, first ? "{\"from\":" : ",{\"from\":");
        first = FALSE;
        ht_render_json_string (out, link->from);
        g_string_append (out, ",\"to\":");
        ht_render_json_string (out, link->to);
        g_string_append_printf (out, ",\"hops\":%" G_GUINT64_FORMAT "}", gaps);
    }
    g_string_append (out, "]}\n");
}

/* ---- CSV ----------------------------------------------------------------------------------- */

/* RFC 4180 quoting, and a leading apostrophe for cells a spreadsheet would run as a formula
 * (OWASP "CSV injection": = + - @ tab and carriage return). Control characters are dropped. */
static void
csv_cell (GString *out, const char *value)
{
    if (value == NULL)
        return;
    g_autofree gchar *valid = ht_escape_utf8 (value, NULL);
    gboolean formula = strchr ("=+-@\t\r", valid[0]) != NULL && valid[0] != '\0';
    g_string_append_c (out, '"');
    if (formula)
        g_string_append_c (out, '\'');
    for (const char *p = valid; *p; p++) {
        if (*p == '"')
            g_string_append (out, "\"\"");
        else if ((guchar) *p < 0x20 || *p == 0x7f)
            g_string_append_c (out, ' ');
        else
            g_string_append_c (out, *p);
    }
    g_string_append_c (out, '"');
}

void
ht_summary_render_csv (GString *out, HtSummary *summary)
{
    GPtrArray *links = ht_summary_links (summary);
    g_string_append (out, "from,to,product,hops");
    for (int s = 0; s < HT_SUMMARY_N_STATES; s++)
        g_string_append_printf (out, ",%s", ht_summary_state_name (s));
    g_string_append (out, ",first_seen,last_seen\r\n");
    for (guint i = 0; i < links->len; i++) {
        const HtSummaryLink *link = g_ptr_array_index (links, i);
        csv_cell (out, link->from);
        g_string_append_c (out, ',');
        csv_cell (out, link->to);
        g_string_append_c (out, ',');
        csv_cell (out, link->product);
        g_string_append_printf (out, ",%" G_GUINT64_FORMAT, link->hops);
        for (int s = 0; s < HT_SUMMARY_N_STATES; s++)
            g_string_append_printf (out, ",%" G_GUINT64_FORMAT, link->counts[s]);
        g_autofree gchar *first = link->has_dates ? ht_render_iso_date (link->first_seen) : NULL;
        g_autofree gchar *last = link->has_dates ? ht_render_iso_date (link->last_seen) : NULL;
        g_string_append_printf (out, ",%s,%s\r\n", first ? first : "", last ? last : "");
    }
}

/* ---- Markdown ------------------------------------------------------------------------------ */

/* Escapes what a Markdown table cell would otherwise interpret; newlines become spaces. */
static void
md_cell (GString *out, const char *value)
{
    if (value == NULL) {
        g_string_append (out, "-");
        return;
    }
    g_autofree gchar *safe = ht_escape_terminal (value);
    for (const char *p = safe; *p; p++) {
        if (strchr ("\\`*_{}[]<>()#+-!|~", *p))
            g_string_append_c (out, '\\');
        g_string_append_c (out, *p);
    }
}

void
ht_summary_render_markdown (GString *out, HtSummary *summary)
{
    GPtrArray *links = ht_summary_links (summary);
    g_string_append_printf (out,
                            "## TLS readiness\n\n%" G_GUINT64_FORMAT " messages, %u links.\n\n",
                            ht_summary_messages (summary), links->len);
    ht_summary_describe_route (summary, out);
    g_string_append (out, "| Sending server | Receiving server | Product | Hops");
    for (int s = 0; s < HT_SUMMARY_N_STATES; s++)
        g_string_append_printf (out, " | %s", column_titles[s]);
    g_string_append (out, " | First seen | Last seen |\n|---|---|---|---:");
    for (int s = 0; s < HT_SUMMARY_N_STATES; s++)
        g_string_append (out, "|---:");
    g_string_append (out, "|---|---|\n");
    for (guint i = 0; i < links->len; i++) {
        const HtSummaryLink *link = g_ptr_array_index (links, i);
        g_string_append (out, "| ");
        md_cell (out, link->from);
        g_string_append (out, " | ");
        md_cell (out, link->to);
        g_string_append (out, " | ");
        md_cell (out, link->product);
        g_string_append_printf (out, " | %" G_GUINT64_FORMAT, link->hops);
        for (int s = 0; s < HT_SUMMARY_N_STATES; s++)
            g_string_append_printf (out, " | %" G_GUINT64_FORMAT, link->counts[s]);
        g_autofree gchar *first = date_or_dash (link->has_dates, link->first_seen);
        g_autofree gchar *last = date_or_dash (link->has_dates, link->last_seen);
        g_string_append_printf (out, " | %s | %s |\n", first, last);
    }
    gboolean any = FALSE;
    for (guint i = 0; i < links->len; i++) {
        const HtSummaryLink *link = g_ptr_array_index (links, i);
        if (below_1_2 (link) == 0)
            continue;
        if (!any)
            g_string_append (out, "\n### Below TLS 1.2 (or no TLS at all)\n\n");
        any = TRUE;
        g_string_append (out, "- ");
        md_cell (out, link->from);
        g_string_append (out, " → ");
        md_cell (out, link->to);
        g_string_append_printf (out, ": %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " hops\n",
                                below_1_2 (link), link->hops);
    }
    any = FALSE;
    for (guint i = 0; i < links->len; i++) {
        const HtSummaryLink *link = g_ptr_array_index (links, i);
        guint64 gaps = protocol_log_gaps (link);
        if (gaps == 0)
            continue;
        if (!any)
            g_string_append (out, "\n### Gaps to check in protocol logs\n\n");
        any = TRUE;
        g_string_append (out, "- ");
        md_cell (out, link->from);
        g_string_append (out, " → ");
        md_cell (out, link->to);
        g_string_append_printf (out, ": %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " hops", gaps,
                                link->hops);
        if (link->gap_reason) {
            g_string_append (out, ". ");
            md_cell (out, link->gap_reason);
        }
        g_string_append_c (out, '\n');
    }
}
