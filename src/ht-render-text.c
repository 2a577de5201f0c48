/* ht-render-text: the default view, for a person at a terminal.
 *
 * A summary, then a table oldest hop first, then one line per gap saying why the version
 * is missing and where to find it, then the findings. Every piece of header text goes
 * through ht_escape_terminal: a header can hold escape sequences. */
#include "config.h"

#include "ht-render.h"

#include <string.h>

#include "ht-cipher.h"
#include "ht-escape.h"
#include "ht-exchange.h"
#include "ht-route.h"

#define PROTOCOL_MAX 28

enum {
    COL_INDEX,
    COL_FROM,
    COL_BY,
    COL_ROLES,
    COL_SERVER,
    COL_PROTOCOL,
    COL_TLS,
    COL_DELAY,
    N_COLS
};

static const char *const headings[N_COLS] = {"#",      "From",     "By",  "Roles",
                                              "Server", "Protocol", "TLS", "Delay"};

typedef enum { TONE_PLAIN, TONE_GOOD, TONE_GAP, TONE_BAD, TONE_DIM } Tone;

static const char *
tone_start (Tone tone)
{
    switch (tone) {
    case TONE_GOOD: return "\033[32m";
    case TONE_GAP: return "\033[33m";
    case TONE_BAD: return "\033[31m";
    case TONE_DIM: return "\033[2m";
    case TONE_PLAIN:
    default: return "";
    }
}

typedef struct {
    gchar *cells[N_COLS]; /* escaped, valid UTF-8 */
    Tone tls_tone;
} Row;

/* The length of the run of printable ASCII (space to '~') at the start of TEXT. */
static gsize
printable_ascii_run (const char *text)
{
    gsize n = 0;
    while ((guchar) (text[n] - 0x20) < 0x5f)
        n++;
    return n;
}

/* Header text through ht_escape_terminal. That passes printable ASCII through unchanged, one
 * character at a time and into a new string, so a run of it is appended here directly and
 * only the rest, if any (rare in real headers), is escaped. */
static void
append_escaped (GString *s, const char *text)
{
    g_return_if_fail (text != NULL);
    gsize plain = printable_ascii_run (text);
    g_string_append_len (s, text, plain);
    if (text[plain] != '\0') {
        g_autofree gchar *safe = ht_escape_terminal (text + plain);
        g_string_append (s, safe);
    }
}

static gchar *
describe_from (const HtReceived *r)
{
    if (!r->has_from)
        return g_strdup ("-");
    GString *s = g_string_new (NULL);
    if (r->from_helo)
        append_escaped (s, r->from_helo);
    if (r->from_rdns && g_strcmp0 (r->from_rdns, r->from_helo) != 0) {
        g_string_append (s, s->len ? " (" : "(");
        append_escaped (s, r->from_rdns);
        g_string_append_c (s, ')');
    }
    g_autofree gchar *helo_ip = ht_received_ip_from_literal (r->from_helo);
    if (r->from_ip && g_strcmp0 (r->from_ip, helo_ip) != 0) {
        g_string_append (s, s->len ? " [" : "[");
        append_escaped (s, r->from_ip);
        g_string_append_c (s, ']');
    }
    if (s->len == 0 && r->from_word) {
        /* Exim's "from sender ... with local": a local user, not a server. */
        append_escaped (s, r->from_word);
        g_string_append (s, " (local user)");
    }
    if (s->len == 0)
        g_string_append (s, "?");
    return g_string_free (s, FALSE);
}

static gchar *
describe_by (const HtReceived *r)
{
    if (!r->has_by)
        return g_strdup ("-");
    GString *s = g_string_new (NULL);
    append_escaped (s, r->by_host ? r->by_host : "?");
    if (r->by_ip && g_strcmp0 (r->by_ip, r->by_host) != 0) {
        g_string_append (s, " [");
        append_escaped (s, r->by_ip);
        g_string_append_c (s, ']');
    }
    return g_string_free (s, FALSE);
}

static gchar *
describe_tls (const HtHop *hop, Tone *tone)
{
    const HtTls *tls = hop->tls;
    const char *version = ht_tls_version_name (tls->version);
    GString *s = g_string_new (NULL);
    if (version) {
        g_string_append (s, version);
        if (tls->version_inferred)
            g_string_append (s, " (inferred)");
        *tone = tls->version >= HT_TLS_VERSION_1_2 ? TONE_GOOD : TONE_BAD;
    } else if (tls->version == HT_TLS_VERSION_AMBIGUOUS) {
        g_string_append (s, "TLS, version ambiguous");
        *tone = TONE_GAP;
    } else if (tls->used == HT_TLS_USED_YES) {
        g_string_append (s, "TLS, version not recorded");
        *tone = TONE_GAP;
    } else if (tls->used == HT_TLS_USED_NO) {
        g_string_append (s, "none");
        *tone = TONE_BAD;
    } else {
        g_string_append (s, hop->gap ? "not stated" : "-");
        *tone = hop->gap ? TONE_GAP : TONE_DIM;
    }
    if (tls->cipher) {
        g_string_append_c (s, ' ');
        append_escaped (s, tls->cipher);
    }
    if (tls->cipher && ht_cipher_weaknesses (tls->cipher) != HT_CIPHER_WEAK_NONE)
        *tone = TONE_BAD;
    return g_string_free (s, FALSE);
}

void
ht_render_append_duration (GString *out, gint64 seconds)
{
    gint64 a = seconds < 0 ? -seconds : seconds;
    const char *sign = seconds < 0 ? "-" : "";
    if (a < 120)
        g_string_append_printf (out, "%s%" G_GINT64_FORMAT " s", sign, a);
    else if (a < 7200)
        g_string_append_printf (out, "%s%" G_GINT64_FORMAT " min %" G_GINT64_FORMAT " s", sign,
                                a / 60, a % 60);
    else
        g_string_append_printf (out, "%s%" G_GINT64_FORMAT " h %" G_GINT64_FORMAT " min", sign,
                                a / 3600, (a % 3600) / 60);
}

static gchar *
describe_delay (const HtHop *hop)
{
    if (!hop->has_delay)
        return g_strdup ("-");
    GString *s = g_string_new (NULL);
    ht_render_append_duration (s, hop->delay_seconds);
    return g_string_free (s, FALSE);
}

static gchar *
describe_protocol (const HtReceived *r)
{
    if (r->with == NULL)
        return g_strdup ("-");
    g_autofree gchar *safe = ht_escape_terminal (r->with);
    if (g_utf8_strlen (safe, -1) <= PROTOCOL_MAX)
        return g_steal_pointer (&safe);
    /* The whole with clause is in the JSON output and in the raw line. */
    g_autofree gchar *cut = g_utf8_substring (safe, 0, PROTOCOL_MAX - 3);
    return g_strconcat (cut, "...", NULL);
}

static void
pad (GString *out, const char *cell, glong width)
{
    glong len = g_utf8_strlen (cell, -1);
    for (glong i = len; i < width; i++)
        g_string_append_c (out, ' ');
}

static void
append_cell (GString *out, const char *cell, glong width, Tone tone, gboolean color, gboolean last)
{
    if (color && tone != TONE_PLAIN)
        g_string_append_printf (out, "%s%s\033[0m", tone_start (tone), cell);
    else
        g_string_append (out, cell);
    if (!last) {
        pad (out, cell, width);
        g_string_append (out, "  ");
    }
}


/* "internet > edge": the roles of the from and by servers (ht-profile). */
static gchar *
describe_roles (const HtHop *hop)
{
    if (hop->from_role == NULL && hop->by_role == NULL)
        return g_strdup ("-");
    return g_strdup_printf ("%s > %s", hop->from_role ? hop->from_role : "-",
                            hop->by_role ? hop->by_role : "-");
}

static void
append_roles (GString *out, const GPtrArray *roles)
{
    for (guint i = 0; i < roles->len; i++) {
        g_string_append (out, i ? " > " : "");
        append_escaped (out, g_ptr_array_index (roles, i));
    }
    if (roles->len == 0)
        g_string_append (out, "-");
}

/* The observed route (ht-route.h) in the summary, so that it can be checked by eye even
 * without --expect. */
static void
append_route_line (GString *out, const HtReport *report)
{
    g_autoptr (HtRouteObserved) observed = ht_route_observe (report);
    if (observed->roles->len == 0)
        return;
    g_autofree gchar *roles = ht_route_roles_to_string (observed);
    g_string_append (out, "\nRoute:       ");
    append_escaped (out, roles);
}

static void
append_route_check (GString *out, const HtRouteVerdict *verdict, gboolean color)
{
    g_string_append (out, "\nRoute check: ");
    append_escaped (out, verdict->name);
    g_string_append (out, "\n  expected:  ");
    append_roles (out, verdict->expected);
    g_string_append (out, "\n  observed:  ");
    append_roles (out, verdict->observed);
    g_string_append (out, "\n  verdict:   ");
    if (verdict->match) {
        append_cell (out, "matches", 0, TONE_GOOD, color, TRUE);
    } else {
        append_cell (out, "DOES NOT MATCH", 0, TONE_BAD, color, TRUE);
        g_string_append (out, ", ");
        append_escaped (out, verdict->divergence);
    }
    g_string_append_c (out, '\n');
}

/* Each Exchange field with its value, the hop it names, and what it means. */
static void
append_exchange (GString *out, const HtExchange *exchange)
{
    g_string_append (out, "\nExchange evidence:\n");
    for (guint i = 0; i < exchange->items->len; i++) {
        const HtExchangeItem *item = g_ptr_array_index (exchange->items, i);
        g_string_append (out, "  ");
        append_escaped (out, item->header);
        g_string_append (out, ": ");
        append_escaped (out, item->value);
        if (item->hop)
            g_string_append_printf (out, " (hop %u)", item->hop);
        g_string_append (out, "\n      ");
        append_escaped (out, item->explanation);
        g_string_append_c (out, '\n');
    }
}

static void
append_table (GString *out, Row *rows, guint n, const glong *widths, gboolean color)
{
    for (int c = 0; c < N_COLS; c++)
        append_cell (out, headings[c], widths[c], TONE_PLAIN, FALSE, c == N_COLS - 1);
    g_string_append_c (out, '\n');
    for (guint i = 0; i < n; i++) {
        for (int c = 0; c < N_COLS; c++) {
            Tone tone = c == COL_TLS ? rows[i].tls_tone : TONE_PLAIN;
            append_cell (out, rows[i].cells[c], widths[c], tone, color, c == N_COLS - 1);
        }
        g_string_append_c (out, '\n');
    }
}

/* A terminal narrower than the table gets one block per hop instead, three short lines:
 *    3  mail-wr1-f41.google.com [198.51.100.41]
 *       -> EDGE01.example.com [192.0.2.10]   (internet > internet, Exchange 2010)
 *       Microsoft SMTP Server   TLS, version not recorded   +3 s */
static void
append_blocks (GString *out, Row *rows, guint n, gboolean color)
{
    for (guint i = 0; i < n; i++) {
        gchar **cells = rows[i].cells;
        g_string_append_printf (out, "%3s  %s\n", cells[COL_INDEX], cells[COL_FROM]);
        g_string_append_printf (out, "     -> %s   (%s, %s)\n", cells[COL_BY], cells[COL_ROLES],
                                cells[COL_SERVER]);
        g_string_append_printf (out, "     %s   ", cells[COL_PROTOCOL]);
        append_cell (out, cells[COL_TLS], 0, rows[i].tls_tone, color, TRUE);
        g_string_append_printf (out, "   delay %s\n", cells[COL_DELAY]);
    }
}

/* Cipher suites written in another spelling (OpenSSL, GnuTLS, Schannel's curve suffix) with
 * their IANA names, once each, with the hops that used them: the table keeps the spelling
 * the server wrote, this line lets a reader compare hops written by different MTAs. */
static void
append_iana_names (GString *out, const HtReport *report)
{
    g_autoptr (GPtrArray) seen = g_ptr_array_new ();
    for (guint i = 0; i < report->hops->len; i++) {
        const HtHop *hop = g_ptr_array_index (report->hops, i);
        const char *cipher = hop->tls->cipher;
        const char *iana = cipher ? ht_cipher_iana_name (cipher) : NULL;
        if (iana == NULL || strcmp (iana, cipher) == 0)
            continue;
        gboolean known = FALSE;
        for (guint k = 0; k < seen->len && !known; k++)
            known = strcmp (g_ptr_array_index (seen, k), cipher) == 0;
        if (known)
            continue;
        g_ptr_array_add (seen, (gpointer) cipher);
        if (seen->len == 1)
            g_string_append (out, "\nCipher suites by their IANA names:\n");
        g_string_append (out, "  ");
        append_escaped (out, cipher);
        g_string_append_printf (out, " = %s (hop", iana);
        const char *separator = " ";
        for (guint k = i; k < report->hops->len; k++) {
            const HtHop *other = g_ptr_array_index (report->hops, k);
            if (g_strcmp0 (other->tls->cipher, cipher) == 0) {
                g_string_append_printf (out, "%s%u", separator, other->index);
                separator = ", ";
            }
        }
        g_string_append (out, ")\n");
    }
}

void
ht_render_text (GString *out, const HtReport *report, const HtRenderOptions *options)
{
    gboolean color = options && options->color;

    if (report->message_index > 0 || g_strcmp0 (report->source, "-") != 0) {
        g_string_append (out, "Source:      ");
        append_escaped (out, report->source);
        if (report->message_index > 0)
            g_string_append_printf (out, " (message %u)", report->message_index + 1);
        g_string_append_c (out, '\n');
    }
    g_string_append (out, "Subject:     ");
    append_escaped (out, report->subject ? report->subject : "-");
    g_string_append (out, "\nMessage-ID:  ");
    append_escaped (out, report->message_id ? report->message_id : "-");
    g_string_append (out, "\nDate:        ");
    if (report->has_date) {
        g_autofree gchar *iso = ht_render_iso_date (report->date);
        g_string_append (out, iso);
    } else {
        g_string_append (out, "-");
    }
    g_string_append_printf (out, "\nHops:        %u", report->hops->len);
    if (report->has_transit) {
        g_string_append (out, ", transit ");
        ht_render_append_duration (out, report->transit_seconds);
    }
    append_route_line (out, report);
    g_string_append (out, "\n");

    if (report->hops->len > 0) {
        guint n = report->hops->len;
        Row *rows = g_new0 (Row, n);
        glong widths[N_COLS];
        for (int c = 0; c < N_COLS; c++)
            widths[c] = strlen (headings[c]);
        for (guint i = 0; i < n; i++) {
            const HtHop *hop = g_ptr_array_index (report->hops, i);
            Row *row = &rows[i];
            row->cells[COL_INDEX] = g_strdup_printf ("%u%s", hop->index,
                                                     strcmp (hop->field, "X-Received") == 0 ? "x" : "");
            row->cells[COL_FROM] = describe_from (hop->received);
            row->cells[COL_BY] = describe_by (hop->received);
            row->cells[COL_ROLES] = describe_roles (hop);
            row->cells[COL_SERVER] = g_strdup (hop->server.product ? hop->server.product : "-");
            row->cells[COL_PROTOCOL] = describe_protocol (hop->received);
            row->cells[COL_TLS] = describe_tls (hop, &row->tls_tone);
            row->cells[COL_DELAY] = describe_delay (hop);
            if (ht_received_is_unparsed (hop->received)) {
                g_free (row->cells[COL_FROM]);
                row->cells[COL_FROM] = g_strdup ("(unparsed, see findings)");
            }
            for (int c = 0; c < N_COLS; c++)
                widths[c] = MAX (widths[c], g_utf8_strlen (row->cells[c], -1));
        }
        glong table_width = 0;
        for (int c = 0; c < N_COLS; c++)
            table_width += widths[c] + (c < N_COLS - 1 ? 2 : 0);
        g_string_append_c (out, '\n');
        gboolean blocks = options && options->width > 0 && table_width > options->width;
        if (blocks)
            append_blocks (out, rows, n, color);
        else
            append_table (out, rows, n, widths, color);
        gboolean any_x = FALSE;
        for (guint i = 0; i < n; i++)
            any_x |= strcmp (((const HtHop *) g_ptr_array_index (report->hops, i))->field,
                             "X-Received") == 0;
        if (any_x)
            g_string_append (out, blocks ? "(x = X-Received)\n"
                                         : "(x = X-Received; the TLS column is the link into the By "
                                           "server)\n");
        else if (!blocks)
            g_string_append (out, "(the TLS column is the link into the By server)\n");
        for (guint i = 0; i < n; i++)
            for (int c = 0; c < N_COLS; c++)
                g_free (rows[i].cells[c]);
        g_free (rows);
        append_iana_names (out, report);
    }

    gboolean any_gap = FALSE;
    for (guint i = 0; i < report->hops->len; i++) {
        const HtHop *hop = g_ptr_array_index (report->hops, i);
        if (!hop->gap)
            continue;
        if (!any_gap)
            g_string_append (out, "\nGaps (TLS version not recorded):\n");
        any_gap = TRUE;
        g_string_append_printf (out, "  hop %u: ", hop->index);
        append_escaped (out, hop->gap_reason);
        g_string_append_c (out, '\n');
    }

    if (report->findings->len > 0) {
        g_string_append (out, "\nFindings:\n");
        for (guint i = 0; i < report->findings->len; i++) {
            const HtFinding *finding = g_ptr_array_index (report->findings, i);
            Tone tone = finding->severity == HT_SEVERITY_INFO ? TONE_PLAIN : TONE_BAD;
            if (finding->severity == HT_SEVERITY_WARNING)
                tone = TONE_GAP;
            g_string_append (out, "  ");
            append_cell (out, ht_severity_name (finding->severity), 7, tone, color, FALSE);
            /* Message-wide findings get the same column, so that the codes line up. */
            if (finding->hop)
                g_string_append_printf (out, "hop %-4u ", finding->hop);
            else
                g_string_append (out, "         ");
            g_string_append_printf (out, "%s: ", finding->code);
            append_escaped (out, finding->text);
            g_string_append_c (out, '\n');
            if (strcmp (finding->code, "received-unparsed") == 0 && finding->hop > 0 &&
                finding->hop <= report->hops->len) {
                const HtHop *hop = g_ptr_array_index (report->hops, finding->hop - 1);
                g_string_append (out, "           raw: ");
                append_escaped (out, hop->received->raw);
                g_string_append_c (out, '\n');
            }
        }
    }
    if (report->route)
        append_route_check (out, report->route, color);
    if (report->exchange)
        append_exchange (out, report->exchange);
}
