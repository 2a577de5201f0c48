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

/* A cell of the hop table: escaped, valid UTF-8 text in the table's text buffer (see
 * ht_render_text), NUL-terminated there, with its length and its width in characters. */
typedef struct {
    gsize start;
    gsize len;
    glong width;
} Cell;

typedef struct {
    Cell cells[N_COLS];
    Tone tls_tone;
} Row;

/* g_string_append_len without its general insert machinery: the table is written in a few
 * hundred short pieces per message. */
static inline void
put (GString *out, const char *text, gsize len)
{
    if (G_LIKELY (out->len + len < out->allocated_len)) {
        memcpy (out->str + out->len, text, len);
        out->len += len;
        out->str[out->len] = '\0';
    } else {
        g_string_append_len (out, text, len);
    }
}

/* A string literal, its length known at compile time. */
#define PUT_LITERAL(out, literal) put ((out), "" literal, sizeof (literal) - 1)

static inline void
put_string (GString *out, const char *text)
{
    put (out, text, strlen (text));
}

/* VALUE in decimal, as "%" G_GINT64_FORMAT would write it. */
static void
put_int (GString *out, gint64 value)
{
    char digits[21];
    gsize n = sizeof digits;
    guint64 magnitude = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;
    do {
        digits[--n] = (char) ('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude > 0);
    if (value < 0)
        digits[--n] = '-';
    put (out, digits + n, sizeof digits - n);
}

static void
put_spaces (GString *out, glong count)
{
    static const char spaces[] = "                                ";
    while (count > 0) {
        gsize n = MIN ((gsize) count, sizeof spaces - 1);
        put (out, spaces, n);
        count -= n;
    }
}

#define ONES G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGH_BITS (ONES * 0x80)

/* The high bit of each byte of the result is set for a byte of BLOCK (8 bytes of text) that
 * is not printable ASCII. Each sum stays within its byte, so the answer is exact per byte:
 * low7 + 0x60 reaches 0x80 from 0x20 up (no control), low7 + 0x01 only for 0x7f (DEL). */
static inline guint64
unprintable_bytes (guint64 block)
{
    guint64 low7 = block & ~HIGH_BITS;
    return (block | (low7 + ONES) | ~(low7 + ONES * 0x60)) & HIGH_BITS;
}

/* The length of the run of printable ASCII (space to '~') at the start of TEXT (LEN bytes),
 * tested 8 bytes at a time. */
static inline gsize
printable_ascii_run (const char *text, gsize len)
{
    gsize n = 0;
    for (; n + 8 <= len; n += 8) {
        guint64 block;
        memcpy (&block, text + n, 8);
        if (unprintable_bytes (block) != 0)
            break;
    }
    while (n < len && (guchar) (text[n] - 0x20) < 0x5f)
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
    gsize len = strlen (text);
    gsize plain = printable_ascii_run (text, len);
    put (s, text, plain);
    if (plain < len) {
        g_autofree gchar *safe = ht_escape_terminal (text + plain);
        put_string (s, safe);
    }
}

/* The width of TEXT (LEN bytes, NUL-terminated) in characters: its length when it is ASCII,
 * as it nearly always is. */
static glong
text_width (const char *text, gsize len)
{
    gsize i = 0;
    for (; i + 8 <= len; i += 8) {
        guint64 block;
        memcpy (&block, text + i, 8);
        if ((block & HIGH_BITS) != 0)
            return g_utf8_strlen (text, -1);
    }
    for (; i < len; i++) {
        if ((guchar) text[i] >= 0x80)
            return g_utf8_strlen (text, -1);
    }
    return (glong) len;
}

static void
describe_from (GString *s, const HtReceived *r)
{
    if (!r->has_from) {
        PUT_LITERAL (s, "-");
        return;
    }
    gsize start = s->len;
    if (r->from_helo)
        append_escaped (s, r->from_helo);
    if (r->from_rdns && g_strcmp0 (r->from_rdns, r->from_helo) != 0) {
        if (s->len > start)
            PUT_LITERAL (s, " ");
        PUT_LITERAL (s, "(");
        append_escaped (s, r->from_rdns);
        PUT_LITERAL (s, ")");
    }
    g_autofree gchar *helo_ip = ht_received_ip_from_literal (r->from_helo);
    if (r->from_ip && g_strcmp0 (r->from_ip, helo_ip) != 0) {
        if (s->len > start)
            PUT_LITERAL (s, " ");
        PUT_LITERAL (s, "[");
        append_escaped (s, r->from_ip);
        PUT_LITERAL (s, "]");
    }
    if (s->len == start && r->from_word) {
        /* Exim's "from sender ... with local": a local user, not a server. */
        append_escaped (s, r->from_word);
        PUT_LITERAL (s, " (local user)");
    }
    if (s->len == start)
        PUT_LITERAL (s, "?");
}

static void
describe_by (GString *s, const HtReceived *r)
{
    if (!r->has_by) {
        PUT_LITERAL (s, "-");
        return;
    }
    append_escaped (s, r->by_host ? r->by_host : "?");
    if (r->by_ip && g_strcmp0 (r->by_ip, r->by_host) != 0) {
        PUT_LITERAL (s, " [");
        append_escaped (s, r->by_ip);
        PUT_LITERAL (s, "]");
    }
}

static void
describe_tls (GString *s, const HtHop *hop, Tone *tone)
{
    const HtTls *tls = hop->tls;
    const char *version = ht_tls_version_name (tls->version);
    if (version) {
        put_string (s, version);
        if (tls->version_inferred)
            PUT_LITERAL (s, " (inferred)");
        *tone = tls->version >= HT_TLS_VERSION_1_2 ? TONE_GOOD : TONE_BAD;
    } else if (tls->version == HT_TLS_VERSION_AMBIGUOUS) {
        PUT_LITERAL (s, "TLS, version ambiguous");
        *tone = TONE_GAP;
    } else if (tls->used == HT_TLS_USED_YES) {
        PUT_LITERAL (s, "TLS, version not recorded");
        *tone = TONE_GAP;
    } else if (tls->used == HT_TLS_USED_NO) {
        PUT_LITERAL (s, "none");
        *tone = TONE_BAD;
    } else {
        put_string (s, hop->gap ? "not stated" : "-");
        *tone = hop->gap ? TONE_GAP : TONE_DIM;
    }
    if (tls->cipher) {
        PUT_LITERAL (s, " ");
        append_escaped (s, tls->cipher);
    }
    if (tls->cipher && ht_cipher_weaknesses (tls->cipher) != HT_CIPHER_WEAK_NONE)
        *tone = TONE_BAD;
}

void
ht_render_append_duration (GString *out, gint64 seconds)
{
    gint64 a = seconds < 0 ? -seconds : seconds;
    if (seconds < 0)
        PUT_LITERAL (out, "-");
    if (a < 120) {
        put_int (out, a);
        PUT_LITERAL (out, " s");
    } else if (a < 7200) {
        put_int (out, a / 60);
        PUT_LITERAL (out, " min ");
        put_int (out, a % 60);
        PUT_LITERAL (out, " s");
    } else {
        put_int (out, a / 3600);
        PUT_LITERAL (out, " h ");
        put_int (out, (a % 3600) / 60);
        PUT_LITERAL (out, " min");
    }
}

static void
describe_delay (GString *s, const HtHop *hop)
{
    if (hop->has_delay)
        ht_render_append_duration (s, hop->delay_seconds);
    else
        PUT_LITERAL (s, "-");
}

static void
describe_protocol (GString *s, const HtReceived *r)
{
    if (r->with == NULL) {
        PUT_LITERAL (s, "-");
        return;
    }
    gsize start = s->len;
    append_escaped (s, r->with);
    if (text_width (s->str + start, s->len - start) <= PROTOCOL_MAX)
        return;
    /* The whole with clause is in the JSON output and in the raw line. */
    const char *cut = g_utf8_offset_to_pointer (s->str + start, PROTOCOL_MAX - 3);
    g_string_truncate (s, cut - s->str);
    PUT_LITERAL (s, "...");
}

/* "internet > edge": the roles of the from and by servers (ht-profile). */
static void
describe_roles (GString *s, const HtHop *hop)
{
    if (hop->from_role == NULL && hop->by_role == NULL) {
        PUT_LITERAL (s, "-");
        return;
    }
    put_string (s, hop->from_role ? hop->from_role : "-");
    PUT_LITERAL (s, " > ");
    put_string (s, hop->by_role ? hop->by_role : "-");
}

static gboolean
is_x_received (const HtHop *hop)
{
    return strcmp (hop->field, "X-Received") == 0;
}

/* Appends the text of column COLUMN of HOP's row to S. */
static void
describe_cell (GString *s, const HtHop *hop, int column, Tone *tls_tone)
{
    switch (column) {
    case COL_INDEX:
        put_int (s, hop->index);
        if (is_x_received (hop))
            PUT_LITERAL (s, "x");
        break;
    case COL_FROM:
        if (ht_received_is_unparsed (hop->received))
            PUT_LITERAL (s, "(unparsed, see findings)");
        else
            describe_from (s, hop->received);
        break;
    case COL_BY: describe_by (s, hop->received); break;
    case COL_ROLES: describe_roles (s, hop); break;
    case COL_SERVER: put_string (s, hop->server.product ? hop->server.product : "-"); break;
    case COL_PROTOCOL: describe_protocol (s, hop->received); break;
    case COL_TLS: describe_tls (s, hop, tls_tone); break;
    case COL_DELAY:
    default: describe_delay (s, hop); break;
    }
}

/* Writes TEXT (LEN bytes) in its tone, then PAD spaces. */
static void
append_cell (GString *out, const char *text, gsize len, glong pad, Tone tone, gboolean color)
{
    if (color && tone != TONE_PLAIN) {
        put_string (out, tone_start (tone));
        put (out, text, len);
        PUT_LITERAL (out, "\033[0m");
    } else {
        put (out, text, len);
    }
    put_spaces (out, pad);
}

/* The spaces after a cell WIDTH characters wide in a column COLUMN_WIDTH wide: up to the
 * column's width, then two between columns; none after the last column. */
static glong
cell_pad (glong width, glong column_width, gboolean last)
{
    return last ? 0 : MAX (column_width - width, 0) + 2;
}

/* append_cell for a text outside the table (a heading, a severity, a verdict). */
static void
append_text_cell (GString *out, const char *text, glong column_width, Tone tone, gboolean color,
                  gboolean last)
{
    gsize len = strlen (text);
    glong pad = cell_pad (text_width (text, len), column_width, last);
    append_cell (out, text, len, pad, tone, color);
}

static void
append_roles (GString *out, const GPtrArray *roles)
{
    for (guint i = 0; i < roles->len; i++) {
        put_string (out, i ? " > " : "");
        append_escaped (out, g_ptr_array_index (roles, i));
    }
    if (roles->len == 0)
        PUT_LITERAL (out, "-");
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
    PUT_LITERAL (out, "\nRoute:       ");
    append_escaped (out, roles);
}

static void
append_route_check (GString *out, const HtRouteVerdict *verdict, gboolean color)
{
    PUT_LITERAL (out, "\nRoute check: ");
    append_escaped (out, verdict->name);
    PUT_LITERAL (out, "\n  expected:  ");
    append_roles (out, verdict->expected);
    PUT_LITERAL (out, "\n  observed:  ");
    append_roles (out, verdict->observed);
    PUT_LITERAL (out, "\n  verdict:   ");
    if (verdict->match) {
        append_text_cell (out, "matches", 0, TONE_GOOD, color, TRUE);
    } else {
        append_text_cell (out, "DOES NOT MATCH", 0, TONE_BAD, color, TRUE);
        PUT_LITERAL (out, ", ");
        append_escaped (out, verdict->divergence);
    }
    g_string_append_c (out, '\n');
}

/* Each Exchange field with its value, the hop it names, and what it means. */
static void
append_exchange (GString *out, const HtExchange *exchange)
{
    PUT_LITERAL (out, "\nExchange evidence:\n");
    for (guint i = 0; i < exchange->items->len; i++) {
        const HtExchangeItem *item = g_ptr_array_index (exchange->items, i);
        PUT_LITERAL (out, "  ");
        append_escaped (out, item->header);
        PUT_LITERAL (out, ": ");
        append_escaped (out, item->value);
        if (item->hop) {
            PUT_LITERAL (out, " (hop ");
            put_int (out, item->hop);
            PUT_LITERAL (out, ")");
        }
        PUT_LITERAL (out, "\n      ");
        append_escaped (out, item->explanation);
        g_string_append_c (out, '\n');
    }
}

static void
append_table (GString *out, const Row *rows, guint n, const char *text, const glong *widths,
              gboolean color)
{
    for (int c = 0; c < N_COLS; c++)
        append_text_cell (out, headings[c], widths[c], TONE_PLAIN, FALSE, c == N_COLS - 1);
    PUT_LITERAL (out, "\n");
    for (guint i = 0; i < n; i++) {
        for (int c = 0; c < N_COLS; c++) {
            const Cell *cell = &rows[i].cells[c];
            Tone tone = c == COL_TLS ? rows[i].tls_tone : TONE_PLAIN;
            append_cell (out, text + cell->start, cell->len,
                         cell_pad (cell->width, widths[c], c == N_COLS - 1), tone, color);
        }
        PUT_LITERAL (out, "\n");
    }
}

/* A terminal narrower than the table gets one block per hop instead, three short lines:
 *    3  mail-wr1-f41.google.com [198.51.100.41]
 *       -> EDGE01.example.com [192.0.2.10]   (internet > internet, Exchange 2010)
 *       Microsoft SMTP Server   TLS, version not recorded   +3 s */
static void
append_blocks (GString *out, const Row *rows, guint n, const char *text, gboolean color)
{
    for (guint i = 0; i < n; i++) {
        const char *cells[N_COLS];
        for (int c = 0; c < N_COLS; c++)
            cells[c] = text + rows[i].cells[c].start;
        g_string_append_printf (out, "%3s  %s\n", cells[COL_INDEX], cells[COL_FROM]);
        g_string_append_printf (out, "     -> %s   (%s, %s)\n", cells[COL_BY], cells[COL_ROLES],
                                cells[COL_SERVER]);
        g_string_append_printf (out, "     %s   ", cells[COL_PROTOCOL]);
        append_text_cell (out, cells[COL_TLS], 0, rows[i].tls_tone, color, TRUE);
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
            PUT_LITERAL (out, "\nCipher suites by their IANA names:\n");
        PUT_LITERAL (out, "  ");
        append_escaped (out, cipher);
        PUT_LITERAL (out, " = ");
        put_string (out, iana);
        PUT_LITERAL (out, " (hop");
        const char *separator = " ";
        for (guint k = i; k < report->hops->len; k++) {
            const HtHop *other = g_ptr_array_index (report->hops, k);
            if (g_strcmp0 (other->tls->cipher, cipher) == 0) {
                put_string (out, separator);
                put_int (out, other->index);
                separator = ", ";
            }
        }
        PUT_LITERAL (out, ")\n");
    }
}

void
ht_render_text (GString *out, const HtReport *report, const HtRenderOptions *options)
{
    gboolean color = options && options->color;

    if (report->message_index > 0 || g_strcmp0 (report->source, "-") != 0) {
        PUT_LITERAL (out, "Source:      ");
        append_escaped (out, report->source);
        if (report->message_index > 0) {
            PUT_LITERAL (out, " (message ");
            put_int (out, (guint) (report->message_index + 1));
            PUT_LITERAL (out, ")");
        }
        g_string_append_c (out, '\n');
    }
    PUT_LITERAL (out, "Subject:     ");
    append_escaped (out, report->subject ? report->subject : "-");
    PUT_LITERAL (out, "\nMessage-ID:  ");
    append_escaped (out, report->message_id ? report->message_id : "-");
    PUT_LITERAL (out, "\nDate:        ");
    if (report->has_date) {
        g_autofree gchar *iso = ht_render_iso_date (report->date);
        put_string (out, iso);
    } else {
        PUT_LITERAL (out, "-");
    }
    PUT_LITERAL (out, "\nHops:        ");
    put_int (out, report->hops->len);
    if (report->has_transit) {
        PUT_LITERAL (out, ", transit ");
        ht_render_append_duration (out, report->transit_seconds);
    }
    append_route_line (out, report);
    PUT_LITERAL (out, "\n");

    if (report->hops->len > 0) {
        guint n = report->hops->len;
        /* The text of all cells, one buffer for the table instead of a string per cell. */
        g_autoptr (GString) text = g_string_sized_new (128 * n);
        Row *rows = g_new (Row, n); /* describe_cell sets every field */
        glong widths[N_COLS];
        for (int c = 0; c < N_COLS; c++)
            widths[c] = strlen (headings[c]);
        gboolean any_x = FALSE;
        for (guint i = 0; i < n; i++) {
            const HtHop *hop = g_ptr_array_index (report->hops, i);
            Row *row = &rows[i];
            for (int c = 0; c < N_COLS; c++) {
                Cell *cell = &row->cells[c];
                cell->start = text->len;
                describe_cell (text, hop, c, &row->tls_tone);
                cell->len = text->len - cell->start;
                g_string_append_c (text, '\0');
                cell->width = text_width (text->str + cell->start, cell->len);
                widths[c] = MAX (widths[c], cell->width);
            }
            any_x |= is_x_received (hop);
        }
        glong table_width = 0;
        for (int c = 0; c < N_COLS; c++)
            table_width += widths[c] + (c < N_COLS - 1 ? 2 : 0);
        PUT_LITERAL (out, "\n");
        gboolean blocks = options && options->width > 0 && table_width > options->width;
        if (blocks)
            append_blocks (out, rows, n, text->str, color);
        else
            append_table (out, rows, n, text->str, widths, color);
        if (any_x)
            put_string (out, blocks ? "(x = X-Received)\n"
                                    : "(x = X-Received; the TLS column is the link into the By "
                                      "server)\n");
        else if (!blocks)
            PUT_LITERAL (out, "(the TLS column is the link into the By server)\n");
        g_free (rows);
        append_iana_names (out, report);
    }

    gboolean any_gap = FALSE;
    for (guint i = 0; i < report->hops->len; i++) {
        const HtHop *hop = g_ptr_array_index (report->hops, i);
        if (!hop->gap)
            continue;
        if (!any_gap)
            PUT_LITERAL (out, "\nGaps (TLS version not recorded):\n");
        any_gap = TRUE;
        PUT_LITERAL (out, "  hop ");
        put_int (out, hop->index);
        PUT_LITERAL (out, ": ");
        append_escaped (out, hop->gap_reason);
        g_string_append_c (out, '\n');
    }

    if (report->findings->len > 0) {
        PUT_LITERAL (out, "\nFindings:\n");
        for (guint i = 0; i < report->findings->len; i++) {
            const HtFinding *finding = g_ptr_array_index (report->findings, i);
            Tone tone = finding->severity == HT_SEVERITY_INFO ? TONE_PLAIN : TONE_BAD;
            if (finding->severity == HT_SEVERITY_WARNING)
                tone = TONE_GAP;
            PUT_LITERAL (out, "  ");
            append_text_cell (out, ht_severity_name (finding->severity), 7, tone, color, FALSE);
            /* Message-wide findings get the same column, so that the codes line up. */
            if (finding->hop) {
                /* "hop %-4u " */
                PUT_LITERAL (out, "hop ");
                gsize start = out->len;
                put_int (out, finding->hop);
                put_spaces (out, MAX (4 - (glong) (out->len - start), 0) + 1);
            } else {
                PUT_LITERAL (out, "         ");
            }
            put_string (out, finding->code);
            PUT_LITERAL (out, ": ");
            append_escaped (out, finding->text);
            g_string_append_c (out, '\n');
            if (strcmp (finding->code, "received-unparsed") == 0 && finding->hop > 0 &&
                finding->hop <= report->hops->len) {
                const HtHop *hop = g_ptr_array_index (report->hops, finding->hop - 1);
                PUT_LITERAL (out, "           raw: ");
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
