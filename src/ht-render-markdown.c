/* ht-render-markdown: one message as Markdown (CommonMark with GitHub tables), ready to paste
 * into a wiki page or a change record: a summary, the hop table, the gaps, the findings,
 * the route verdict and the Exchange evidence.
 *
 * Header text is attacker-controlled: every piece goes through ht_render_markdown_escape,
 * which shows control characters escaped and puts a backslash before each character that
 * could start Markdown or HTML ("|" would end a table cell, "<" open a tag, "[" a link). */
#include "config.h"

#include "ht-render.h"

#include <string.h>

#include "ht-escape.h"
#include "ht-exchange.h"
#include "ht-route.h"

/* What each byte is to append_backslashed: copied (C); copied after a backslash (B), as
 * CommonMark lets a backslash escape any ASCII punctuation and these are the ones that mean
 * something in running text or in a table cell; or not printable ASCII (S): the end, a
 * control character, DEL or a byte of a non-ASCII character. */
enum { COPY, BACKSLASH, STOP };
#define C COPY
#define B BACKSLASH
#define S STOP
static const guint8 byte_class[256] = {
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, /* 0x00 */
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, /* 0x10 */
    C, B, C, B, C, C, B, C, C, C, B, C, C, C, C, C, /* 0x20 " !"#$%&'()*+,-./" */
    C, C, C, C, C, C, C, C, C, C, C, C, B, C, B, C, /* 0x30 "0123456789:;<=>?" */
    C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, /* 0x40 "@ABCDEFGHIJKLMNO" */
    C, C, C, C, C, C, C, C, C, C, C, B, B, B, C, B, /* 0x50 "PQRSTUVWXYZ[\]^_" */
    B, C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, /* 0x60 "`abcdefghijklmno" */
    C, C, C, C, C, C, C, C, C, C, C, C, B, C, B, S, /* 0x70 "pqrstuvwxyz{|}~" */
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, /* 0x80 */
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, /* 0x90 */
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, /* 0xa0 */
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, /* 0xb0 */
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, /* 0xc0 */
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, /* 0xd0 */
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, /* 0xe0 */
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, /* 0xf0 */
};
#undef C
#undef B
#undef S

/* Appends TEXT with a backslash before each BACKSLASH byte, the runs between them copied
 * whole, up to its end or, with PRINTABLE_ONLY, the first STOP byte. Returns where it
 * stopped. */
static const char *
append_backslashed (GString *out, const char *text, gboolean printable_only)
{
    const char *run = text, *p = text;
    for (;; p++) {
        guint8 what = byte_class[(guchar) *p];
        if (what == COPY)
            continue;
        if (what == STOP && (printable_only || *p == '\0'))
            break;
        if (what == BACKSLASH) {
            g_string_append_len (out, run, p - run);
            g_string_append_c (out, '\\');
            run = p;
        }
    }
    g_string_append_len (out, run, p - run);
    return p;
}

/* ht_render_markdown_escape, appended to OUT. */
static void
append_markdown_escaped (GString *out, const char *text)
{
    ht_escape_append (out, text, append_backslashed);
}

gchar *
ht_render_markdown_escape (const char *text)
{
    if (text == NULL)
        return NULL;
    GString *out = g_string_sized_new (strlen (text) + 8);
    append_markdown_escaped (out, text);
    return g_string_free (out, FALSE);
}

static void
append_escaped (GString *out, const char *text)
{
    append_markdown_escaped (out, text ? text : "-");
}

static void
append_from (GString *out, const HtReceived *r)
{
    if (!r->has_from) {
        g_string_append (out, "-");
        return;
    }
    gboolean any = FALSE;
    if (r->from_helo) {
        append_escaped (out, r->from_helo);
        any = TRUE;
    }
    if (r->from_rdns && g_strcmp0 (r->from_rdns, r->from_helo) != 0) {
        g_string_append (out, any ? " (" : "(");
        append_escaped (out, r->from_rdns);
        g_string_append (out, ")");
        any = TRUE;
    }
    g_autofree gchar *helo_ip = ht_received_ip_from_literal (r->from_helo);
    if (r->from_ip && g_strcmp0 (r->from_ip, helo_ip) != 0) {
        g_string_append (out, any ? " \\[" : "\\[");
        append_escaped (out, r->from_ip);
        g_string_append (out, "\\]");
        any = TRUE;
    }
    if (!any && r->from_word) {
        /* Exim's "from sender ... with local": a local user, not a server. */
        append_escaped (out, r->from_word);
        g_string_append (out, " (local user)");
        any = TRUE;
    }
    if (!any)
        g_string_append (out, "?");
}

static void
append_by (GString *out, const HtReceived *r)
{
    if (!r->has_by) {
        g_string_append (out, "-");
        return;
    }
    append_escaped (out, r->by_host ? r->by_host : "?");
    if (r->by_ip && g_strcmp0 (r->by_ip, r->by_host) != 0) {
        g_string_append (out, " \\[");
        append_escaped (out, r->by_ip);
        g_string_append (out, "\\]");
    }
}

/* A bold word and what follows it, without printf: the hop table writes one for every hop of
 * a mailbox. */
static void
append_strong (GString *out, const char *word, const char *after)
{
    g_string_append (out, "**");
    g_string_append (out, word);
    g_string_append (out, "**");
    g_string_append (out, after);
}

static void
append_tls (GString *out, const HtHop *hop)
{
    const HtTls *tls = hop->tls;
    const char *version = ht_tls_version_name (tls->version);
    if (version)
        append_strong (out, version, tls->version_inferred ? " (inferred)" : "");
    else if (tls->version == HT_TLS_VERSION_AMBIGUOUS)
        g_string_append (out, "TLS, version ambiguous");
    else if (tls->used == HT_TLS_USED_YES)
        g_string_append (out, "TLS, version not recorded");
    else if (tls->used == HT_TLS_USED_NO)
        g_string_append (out, "**none**");
    else
        g_string_append (out, hop->gap ? "not stated" : "-");
    if (tls->cipher) {
        g_string_append_c (out, ' ');
        append_escaped (out, tls->cipher);
    }
}

static void
append_delay (GString *out, gboolean present, gint64 seconds)
{
    if (!present) {
        g_string_append (out, "-");
        return;
    }
    ht_render_append_duration (out, seconds);
}

static void
append_roles (GString *out, const GPtrArray *roles)
{
    for (guint i = 0; i < roles->len; i++) {
        g_string_append (out, i ? " \\> " : "");
        append_escaped (out, g_ptr_array_index (roles, i));
    }
    if (roles->len == 0)
        g_string_append (out, "-");
}

static void
append_summary (GString *out, const HtReport *report)
{
    g_string_append (out, "## ");
    append_escaped (out, report->subject ? report->subject : "(no subject)");
    g_string_append (out, "\n\n- **Source:** ");
    append_escaped (out, report->source);
    if (report->message_index > 0)
        g_string_append_printf (out, " (message %u)", report->message_index + 1);
    g_string_append (out, "\n- **Message-ID:** ");
    append_escaped (out, report->message_id);
    g_string_append (out, "\n- **Date:** ");
    g_autofree gchar *date = report->has_date ? ht_render_iso_date (report->date) : NULL;
    append_escaped (out, date);
    g_string_append_printf (out, "\n- **Hops:** %u", report->hops->len);
    if (report->has_transit) {
        g_string_append (out, ", transit ");
        append_delay (out, TRUE, report->transit_seconds);
    }
    g_autoptr (HtRouteObserved) observed = ht_route_observe (report);
    g_autoptr (GPtrArray) roles = g_ptr_array_new ();
    for (guint i = 0; i < observed->roles->len; i++)
        g_ptr_array_add (roles, (gpointer) g_array_index (observed->roles, HtRouteRole, i).role);
    g_string_append (out, "\n- **Route:** ");
    append_roles (out, roles);
    g_string_append (out, "\n");
}

static void
append_hops (GString *out, const HtReport *report)
{
    if (report->hops->len == 0)
        return;
    g_string_append (out, "\n### Hops\n\n"
                          "| # | From | By | Roles | Server | Protocol | TLS | Delay |\n"
                          "|---:|---|---|---|---|---|---|---|\n");
    for (guint i = 0; i < report->hops->len; i++) {
        const HtHop *hop = g_ptr_array_index (report->hops, i);
        const HtReceived *r = hop->received;
        g_string_append (out, "| ");
        ht_render_append_uint (out, hop->index);
        g_string_append (out, strcmp (hop->field, "X-Received") == 0 ? "x | " : " | ");
        if (ht_received_is_unparsed (r))
            g_string_append (out, "(unparsed, see findings)");
        else
            append_from (out, r);
        g_string_append (out, " | ");
        append_by (out, r);
        g_string_append (out, " | ");
        append_escaped (out, hop->from_role);
        g_string_append (out, " \\> ");
        append_escaped (out, hop->by_role);
        g_string_append (out, " | ");
        append_escaped (out, hop->server.product);
        g_string_append (out, " | ");
        append_escaped (out, r->with);
        g_string_append (out, " | ");
        append_tls (out, hop);
        g_string_append (out, " | ");
        append_delay (out, hop->has_delay, hop->delay_seconds);
        g_string_append (out, " |\n");
    }
    g_string_append (out, "\n*x = X-Received; the TLS column is the link into the By server.*\n");
}

static void
append_gaps_and_findings (GString *out, const HtReport *report)
{
    gboolean any_gap = FALSE;
    for (guint i = 0; i < report->hops->len; i++) {
        const HtHop *hop = g_ptr_array_index (report->hops, i);
        if (!hop->gap)
            continue;
        if (!any_gap)
            g_string_append (out, "\n### Gaps (TLS version not recorded)\n\n");
        any_gap = TRUE;
        g_string_append_printf (out, "- **Hop %u:** ", hop->index);
        append_escaped (out, hop->gap_reason);
        g_string_append (out, "\n");
    }
    if (report->findings->len == 0)
        return;
    g_string_append (out, "\n### Findings\n\n");
    for (guint i = 0; i < report->findings->len; i++) {
        const HtFinding *finding = g_ptr_array_index (report->findings, i);
        g_string_append_printf (out, "- %s", ht_severity_name (finding->severity));
        if (finding->hop)
            g_string_append_printf (out, ", hop %u", finding->hop);
        /* Finding codes are this program's own words, safe in a code span. */
        g_string_append_printf (out, " `%s`: ", finding->code);
        append_escaped (out, finding->text);
        g_string_append (out, "\n");
    }
}

static void
append_route (GString *out, const HtRouteVerdict *verdict)
{
    g_string_append (out, "\n### Route check: ");
    append_escaped (out, verdict->name);
    g_string_append (out, "\n\n- **Expected:** ");
    append_roles (out, verdict->expected);
    g_string_append (out, "\n- **Observed:** ");
    append_roles (out, verdict->observed);
    g_string_append (out, "\n- **Verdict:** ");
    if (verdict->match) {
        g_string_append (out, "matches\n");
        return;
    }
    g_string_append (out, "**does not match**, ");
    append_escaped (out, verdict->divergence);
    g_string_append (out, "\n");
}

static void
append_exchange (GString *out, const HtExchange *exchange)
{
    g_string_append (out, "\n### Exchange evidence\n\n"
                          "| Field | Value | Hop | Meaning |\n"
                          "|---|---|---:|---|\n");
    for (guint i = 0; i < exchange->items->len; i++) {
        const HtExchangeItem *item = g_ptr_array_index (exchange->items, i);
        g_string_append (out, "| ");
        append_escaped (out, item->header);
        g_string_append (out, " | ");
        append_escaped (out, item->value);
        if (item->hop)
            g_string_append_printf (out, " | %u | ", item->hop);
        else
            g_string_append (out, " | - | ");
        append_escaped (out, item->explanation);
        g_string_append (out, " |\n");
    }
}

void
ht_render_markdown (GString *out, const HtReport *report)
{
    append_summary (out, report);
    append_hops (out, report);
    append_gaps_and_findings (out, report);
    if (report->route)
        append_route (out, report->route);
    if (report->exchange)
        append_exchange (out, report->exchange);
}
