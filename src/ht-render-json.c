/* ht-render-json: the JSON contract (docs/json-format.md, format_version 1).
 *
 * Field names are fixed; what a line does not say is null, never invented. Strings are
 * always valid UTF-8 with control characters escaped. */
#include "config.h"

#include "ht-render.h"

#include <string.h>
#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

#include "ht-cipher.h"
#include "ht-exchange.h"
#include "ht-route.h"

#define FORMAT_VERSION 1

gboolean
ht_render_parse_format (const char *name, HtFormat *format)
{
    if (g_ascii_strcasecmp (name, "text") == 0)
        *format = HT_FORMAT_TEXT;
    else if (g_ascii_strcasecmp (name, "json") == 0 || g_ascii_strcasecmp (name, "jsonl") == 0)
        *format = HT_FORMAT_JSON;
    else if (g_ascii_strcasecmp (name, "csv") == 0)
        *format = HT_FORMAT_CSV;
    else if (g_ascii_strcasecmp (name, "markdown") == 0 || g_ascii_strcasecmp (name, "md") == 0)
        *format = HT_FORMAT_MARKDOWN;
    else if (g_ascii_strcasecmp (name, "mermaid") == 0)
        *format = HT_FORMAT_MERMAID;
    else if (g_ascii_strcasecmp (name, "dot") == 0 || g_ascii_strcasecmp (name, "graphviz") == 0)
        *format = HT_FORMAT_DOT;
    else
        return FALSE;
    return TRUE;
}

/* Days since 1970-01-01 to a civil date (the proleptic Gregorian calendar), after
 * Howard Hinnant's days_from_civil inverse: cheaper than a GDateTime per hop. */
static void
civil_from_days (gint64 days, gint64 *year, int *month, int *day)
{
    days += 719468;
    gint64 era = (days >= 0 ? days : days - 146096) / 146097;
    gint64 doe = days - era * 146097;
    gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    gint64 mp = (5 * doy + 2) / 153;
    *day = (int) (doy - (153 * mp + 2) / 5 + 1);
    *month = (int) (mp < 10 ? mp + 3 : mp - 9);
    *year = yoe + era * 400 + (*month <= 2);
}

/* Writes "YYYY-MM-DDTHH:MM:SSZ" and a NUL into OUT (21 bytes). */
static void
format_iso_date (gint64 utc, char out[21])
{
    gint64 days = utc >= 0 ? utc / 86400 : -((-utc + 86399) / 86400);
    gint64 seconds = utc - days * 86400;
    gint64 year;
    int month, day;
    civil_from_days (days, &year, &month, &day);
    if (year < 0 || year > 9999)
        year = 0; /* the parsers never produce such dates */
    int fields[6] = {(int) year, month, day, (int) (seconds / 3600), (int) (seconds / 60 % 60),
                     (int) (seconds % 60)};
    static const char separators[6] = {'-', '-', 'T', ':', ':', 'Z'};
    char *p = out;
    for (int i = 0; i < 6; i++) {
        int width = i == 0 ? 4 : 2;
        for (int k = width - 1; k >= 0; k--) {
            p[k] = (char) ('0' + fields[i] % 10);
            fields[i] /= 10;
        }
        p += width;
        *p++ = separators[i];
    }
    *p = '\0';
}

gchar *
ht_render_iso_date (gint64 utc)
{
    char buffer[21];
    format_iso_date (utc, buffer);
    return g_strdup (buffer);
}

/* A streaming writer: json-glib's tree builder cost more than half of the whole run time
 * on a mailbox (a node and a hash table per member), so objects are written directly.
 * Tests and the fuzzer parse every output back with json-glib. */
typedef struct {
    GString *out;
    gboolean first; /* no member written yet in the innermost object or array */
} Writer;

/* The output is written through a cursor into the GString's buffer: a writer first makes
 * room for the most it can write, writes with plain stores and then moves out->len. The
 * terminating NUL is written once, when a public function returns (terminate), not after
 * every piece: the writer appends a few hundred short pieces per hop. */

static G_GNUC_NO_INLINE void
grow (GString *out, gsize extra)
{
    gsize len = out->len;
    g_string_set_size (out, len + extra); /* at least doubles the capacity */
    out->len = len;
}

/* Returns where to write at most EXTRA more bytes; there is room for a NUL after them. */
static inline char *
room (GString *out, gsize extra)
{
    if (G_UNLIKELY (extra >= out->allocated_len - out->len))
        grow (out, extra);
    return out->str + out->len;
}

/* Moves the end of OUT to CURSOR, a pointer returned by room and written up to. */
static inline void
advance (GString *out, const char *cursor)
{
    out->len = cursor - out->str;
}

static inline void
terminate (GString *out)
{
    out->str[out->len] = '\0';
}

static inline void
put (GString *out, const char *text, gsize len)
{
    char *cursor = room (out, len);
    memcpy (cursor, text, len);
    out->len += len;
    terminate (out);
}

static inline void
put_char (GString *out, char c)
{
    char *cursor = room (out, 1);
    *cursor++ = c;
    advance (out, cursor);
    terminate (out);
}

/* 1 for the bytes a JSON string takes as they are: printable ASCII but '"' and '\\' (and
 * DEL). The other bytes are escaped or, from 0x80 on, validated as UTF-8. */
static const guint8 plain_ascii[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* The table's test on the 8 bytes of a 64-bit word at once: the high bit of each byte of
 * the result is set for a byte that is not plain. Each sum stays within its byte (no carry
 * crosses into the next one), so the answer is exact for every byte. */
static inline guint64
special_bytes (guint64 block)
{
    const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
    const guint64 high = ones * 0x80;
    guint64 low7 = block & ~high;
    guint64 quote = low7 ^ (ones * '"');
    guint64 backslash = low7 ^ (ones * '\\');
    /* low7 + 0x60 has its high bit set from 0x20 up (no control), quote + 0x7f and
     * backslash + 0x7f unless they are 0, and low7 + 0x01 only for 0x7f (DEL). */
    guint64 plain = (low7 + ones * 0x60) & (quote + ones * 0x7f) & (backslash + ones * 0x7f);
    return (block | (low7 + ones) | ~plain) & high;
}

/* Copies the plain bytes at the start of SRC (LEN bytes) to DEST and returns how many there
 * are; the byte after them, if any, needs escaping or UTF-8 validation. Almost all header
 * text is plain, so blocks of 16 (SSE2) and 8 bytes are tested and stored at once instead
 * of one table lookup per byte. Reads stay within SRC; DEST must have room for LEN bytes. */
static inline gsize
copy_plain (char *dest, const guchar *src, gsize len)
{
    gsize n = 0;
#if defined(__SSE2__) && defined(__GNUC__)
    /* Seen as a signed byte plus one, every control, DEL and every byte from 0x80 on is
     * below 0x21; quotes and backslashes are compared for. */
    const __m128i one = _mm_set1_epi8 (1);
    const __m128i limit = _mm_set1_epi8 (0x21);
    const __m128i quote = _mm_set1_epi8 ('"');
    const __m128i backslash = _mm_set1_epi8 ('\\');
    for (; n + 16 <= len; n += 16) {
        __m128i block = _mm_loadu_si128 ((const __m128i *) (src + n));
        __m128i special = _mm_or_si128 (
            _mm_cmplt_epi8 (_mm_add_epi8 (block, one), limit),
            _mm_or_si128 (_mm_cmpeq_epi8 (block, quote), _mm_cmpeq_epi8 (block, backslash)));
        /* Stored before the test: bytes past the plain run are overwritten or lie past
         * out->len. */
        _mm_storeu_si128 ((__m128i *) (dest + n), block);
        int mask = _mm_movemask_epi8 (special);
        if (mask != 0)
            return n + __builtin_ctz ((unsigned) mask);
    }
#endif
    for (; n + 8 <= len; n += 8) {
        guint64 block;
        memcpy (&block, src + n, 8);
        if (special_bytes (block) != 0)
            break;
        memcpy (dest + n, &block, 8);
    }
    while (n < len && plain_ascii[src[n]]) {
        dest[n] = (char) src[n];
        n++;
    }
    return n;
}

/* Writes "\uXXXX" for a code point below U+10000. */
static inline char *
put_unicode_escape (char *cursor, gunichar u)
{
    static const char hex[] = "0123456789abcdef";
    cursor[0] = '\\';
    cursor[1] = 'u';
    cursor[2] = hex[(u >> 12) & 0xf];
    cursor[3] = hex[(u >> 8) & 0xf];
    cursor[4] = hex[(u >> 4) & 0xf];
    cursor[5] = hex[u & 0xf];
    return cursor + 6;
}

/* Writes the byte or character at *P, which is not plain, as JSON (6 bytes at most) and
 * moves *P past it. */
static char *
put_special (char *cursor, const guchar **p, const guchar *end)
{
    guchar c = **p;
    if (c < 0x80) {
        switch (c) {
        case '"': memcpy (cursor, "\\\"", 2); cursor += 2; break;
        case '\\': memcpy (cursor, "\\\\", 2); cursor += 2; break;
        case '\n': memcpy (cursor, "\\n", 2); cursor += 2; break;
        case '\r': memcpy (cursor, "\\r", 2); cursor += 2; break;
        case '\t': memcpy (cursor, "\\t", 2); cursor += 2; break;
        default: cursor = put_unicode_escape (cursor, c);
        }
        *p += 1;
        return cursor;
    }
    gunichar u = g_utf8_get_char_validated ((const char *) *p, end - *p);
    if (u == (gunichar) -1 || u == (gunichar) -2) {
        memcpy (cursor, "\xEF\xBF\xBD", 3);
        *p += 1;
        return cursor + 3;
    }
    gsize len = g_utf8_skip[c];
    if (u == 0x2028 || u == 0x2029 || u <= 0x9f) {
        cursor = put_unicode_escape (cursor, u);
    } else {
        memcpy (cursor, *p, len);
        cursor += len;
    }
    *p += len;
    return cursor;
}

/* JSON string: valid UTF-8 (invalid bytes become U+FFFD), with quotes, backslashes and
 * control characters escaped (RFC 8259 section 7), and U+2028/U+2029 escaped too so the
 * output is also safe to embed in JavaScript. VALUE holds LEN bytes and no NUL. */
static void
append_json_string (GString *out, const char *value, gsize len)
{
    const guchar *p = (const guchar *) value;
    const guchar *end = p + len;
    /* Room for the common case, the text as it is in quotes; an escape makes its own. */
    char *cursor = room (out, len + 2);
    *cursor++ = '"';
    for (;;) {
        gsize plain = copy_plain (cursor, p, end - p);
        p += plain;
        cursor += plain;
        if (p == end)
            break;
        /* Up to 6 bytes for this one, the rest at most as long as it is, and the quote. */
        advance (out, cursor);
        cursor = room (out, 6 + (end - p) + 1);
        cursor = put_special (cursor, &p, end);
    }
    *cursor++ = '"';
    advance (out, cursor);
}

void
ht_render_json_string (GString *out, const char *value)
{
    append_json_string (out, value, strlen (value));
    terminate (out);
}

/* NAME is one of this file's literals: it needs no escaping. */
static inline void
member (Writer *w, const char *name)
{
    if (!w->first)
        put_char (w->out, ',');
    w->first = FALSE;
    put_char (w->out, '"');
    put (w->out, name, strlen (name));
    put (w->out, "\":", 2);
}

static void
begin (Writer *w, char bracket)
{
    put_char (w->out, bracket);
    w->first = TRUE;
}

static void
end (Writer *w, char bracket)
{
    put_char (w->out, bracket);
    w->first = FALSE;
}

static void
add_string (Writer *w, const char *name, const char *value)
{
    member (w, name);
    if (value == NULL)
        put (w->out, "null", 4);
    else
        ht_render_json_string (w->out, value);
}

static void
add_null (Writer *w, const char *name)
{
    member (w, name);
    put (w->out, "null", 4);
}

static void
add_bool (Writer *w, const char *name, gboolean value)
{
    member (w, name);
    if (value)
        put (w->out, "true", 4);
    else
        put (w->out, "false", 5);
}

static void
add_int (Writer *w, const char *name, gint64 value)
{
    member (w, name);
    char digits[24];
    int n = 0;
    guint64 magnitude = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;
    do {
        digits[n++] = (char) ('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude);
    char text[24];
    int len = 0;
    if (value < 0)
        text[len++] = '-';
    while (n > 0)
        text[len++] = digits[--n];
    put (w->out, text, len);
}

static void
add_int_or_null (Writer *w, const char *name, gboolean present, gint64 value)
{
    if (present)
        add_int (w, name, value);
    else
        add_null (w, name);
}

static void
add_date (Writer *w, const char *name, gboolean present, gint64 utc)
{
    if (!present) {
        add_null (w, name);
        return;
    }
    char iso[21];
    format_iso_date (utc, iso);
    member (w, name);
    put_char (w->out, '"');
    put (w->out, iso, 20);
    put_char (w->out, '"');
}

static void
add_tls (Writer *w, const HtTls *tls)
{
    member (w, "tls");
    begin (w, '{');
    if (tls->used == HT_TLS_USED_UNKNOWN)
        add_null (w, "used");
    else
        add_bool (w, "used", tls->used == HT_TLS_USED_YES);
    add_string (w, "version", ht_tls_version_name (tls->version));
    add_bool (w, "version_inferred", tls->version_inferred);
    add_string (w, "cipher", tls->cipher);
    add_string (w, "cipher_iana", tls->cipher ? ht_cipher_iana_name (tls->cipher) : NULL);
    add_int_or_null (w, "bits", tls->bits >= 0, tls->bits);
    add_string (w, "client_certificate", tls->client_certificate);
    add_string (w, "evidence", tls->evidence);
    end (w, '}');
}

static void
add_hop (Writer *w, const HtHop *hop)
{
    const HtReceived *r = hop->received;
    begin (w, '{');
    add_int (w, "index", hop->index);
    add_string (w, "field", hop->field);
    if (r->has_from) {
        member (w, "from");
        begin (w, '{');
        add_string (w, "helo", r->from_helo);
        add_string (w, "rdns", r->from_rdns);
        add_string (w, "ip", r->from_ip);
        add_string (w, "role", hop->from_role);
        end (w, '}');
    } else {
        add_null (w, "from");
    }
    if (r->has_by) {
        member (w, "by");
        begin (w, '{');
        add_string (w, "host", r->by_host);
        add_string (w, "ip", r->by_ip);
        add_string (w, "role", hop->by_role);
        end (w, '}');
    } else {
        add_null (w, "by");
    }
    add_string (w, "with", r->with);
    add_string (w, "id", r->id);
    add_string (w, "for", r->for_addr);
    add_string (w, "via", r->via);
    add_date (w, "date", r->date_valid, r->date_utc);
    add_int_or_null (w, "delay_seconds", hop->has_delay, hop->delay_seconds);
    add_tls (w, hop->tls);
    if (hop->server.product) {
        member (w, "server");
        begin (w, '{');
        add_string (w, "product", hop->server.product);
        add_string (w, "build", hop->server.build);
        end (w, '}');
    } else {
        add_null (w, "server");
    }
    add_bool (w, "gap", hop->gap);
    add_string (w, "gap_reason", hop->gap_reason);
    add_string (w, "raw", r->raw);
    end (w, '}');
}

static void
add_string_array (Writer *w, const char *name, const GPtrArray *values)
{
    member (w, name);
    begin (w, '[');
    for (guint i = 0; i < values->len; i++) {
        if (i > 0)
            g_string_append_c (w->out, ',');
        ht_render_json_string (w->out, g_ptr_array_index (values, i));
    }
    end (w, ']');
}

/* The --expect verdict (ht-route.h); null without --expect. */
static void
add_route (Writer *w, const HtRouteVerdict *verdict)
{
    if (verdict == NULL) {
        add_null (w, "route");
        return;
    }
    member (w, "route");
    begin (w, '{');
    add_string (w, "name", verdict->name);
    add_string_array (w, "expected", verdict->expected);
    add_string_array (w, "observed", verdict->observed);
    add_bool (w, "match", verdict->match);
    add_int_or_null (w, "diverges_at", verdict->diverges_at > 0, verdict->diverges_at);
    add_string (w, "divergence", verdict->divergence);
    end (w, '}');
}

/* The Exchange evidence (ht-exchange.h); null when the message has none of its fields. */
static void
add_exchange (Writer *w, const HtExchange *exchange, const HtReport *report)
{
    if (exchange == NULL) {
        add_null (w, "exchange");
        return;
    }
    member (w, "exchange");
    begin (w, '{');
    member (w, "items");
    begin (w, '[');
    for (guint i = 0; i < exchange->items->len; i++) {
        const HtExchangeItem *item = g_ptr_array_index (exchange->items, i);
        if (i > 0)
            g_string_append_c (w->out, ',');
        begin (w, '{');
        add_string (w, "header", item->header);
        add_string (w, "value", item->value);
        add_int_or_null (w, "hop", item->hop > 0, item->hop);
        add_string (w, "explanation", item->explanation);
        end (w, '}');
    }
    end (w, ']');
    member (w, "authentication_results");
    begin (w, '[');
    for (guint i = 0; i < exchange->auth_results->len; i++) {
        const HtAuthResults *results = g_ptr_array_index (exchange->auth_results, i);
        if (i > 0)
            g_string_append_c (w->out, ',');
        begin (w, '{');
        add_string (w, "authserv_id", results->authserv_id);
        add_int_or_null (w, "hop", results->hop > 0, results->hop);
        add_string (w, "spf", results->spf);
        add_string (w, "dkim", results->dkim);
        add_string (w, "dmarc", results->dmarc);
        add_string (w, "compauth", results->compauth);
        add_string (w, "compauth_reason", results->compauth_reason);
        end (w, '}');
    }
    end (w, ']');
    if (exchange->latency_text) {
        member (w, "end_to_end_latency");
        begin (w, '{');
        add_string (w, "value", exchange->latency_text);
        /* Rounded to the millisecond: Exchange writes 100 ns ticks, no clock is that good. */
        add_int_or_null (w, "milliseconds", exchange->has_latency,
                         (exchange->latency_us + (exchange->latency_us < 0 ? -500 : 500)) / 1000);
        add_int_or_null (w, "received_span_seconds", report->has_transit,
                         report->transit_seconds);
        end (w, '}');
    } else {
        add_null (w, "end_to_end_latency");
    }
    end (w, '}');
}

void
ht_render_json (GString *out, const HtReport *report)
{
    Writer writer = {.out = out, .first = TRUE};
    Writer *w = &writer;
    begin (w, '{');
    add_int (w, "format_version", FORMAT_VERSION);
    add_string (w, "source", report->source);
    add_int (w, "message_index", report->message_index);
    add_string (w, "message_id", report->message_id);
    add_string (w, "subject", report->subject);
    add_date (w, "date", report->has_date, report->date);
    add_int_or_null (w, "transit_seconds", report->has_transit, report->transit_seconds);

    member (w, "hops");
    begin (w, '[');
    for (guint i = 0; i < report->hops->len; i++) {
        if (i > 0)
            g_string_append_c (out, ',');
        add_hop (w, g_ptr_array_index (report->hops, i));
    }
    end (w, ']');

    member (w, "findings");
    begin (w, '[');
    for (guint i = 0; i < report->findings->len; i++) {
        const HtFinding *finding = g_ptr_array_index (report->findings, i);
        if (i > 0)
            g_string_append_c (out, ',');
        begin (w, '{');
        add_string (w, "severity", ht_severity_name (finding->severity));
        add_int_or_null (w, "hop", finding->hop > 0, finding->hop);
        add_string (w, "code", finding->code);
        add_string (w, "text", finding->text);
        end (w, '}');
    }
    end (w, ']');
    add_route (w, report->route);
    add_exchange (w, report->exchange, report);
    end (w, '}');
    g_string_append_c (out, '\n');
}
