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

/* "00" to "99", so that each two-digit field is one copy. */
static const char digit_pairs[] = "00010203040506070809101112131415161718192021222324"
                                  "25262728293031323334353637383940414243444546474849"
                                  "50515253545556575859606162636465666768697071727374"
                                  "75767778798081828384858687888990919293949596979899";

static inline char *
put_two_digits (char *cursor, int value)
{
    memcpy (cursor, digit_pairs + 2 * value, 2);
    return cursor + 2;
}

/* The calendar part of an ISO date, "YYYY-MM-DD", of the day it was last made for: the hops
 * of a message are mostly dated the same day, and the calendar arithmetic costs more than
 * the rest of the date. */
typedef struct {
    gint64 days; /* since 1970-01-01 */
    char text[10];
} IsoDay;

/* Writes "YYYY-MM-DDTHH:MM:SSZ" (20 bytes, no NUL) and returns the end. LAST is the day
 * made by the previous call, updated; NULL: none kept. */
static char *
put_iso_date (char *cursor, gint64 utc, IsoDay *last)
{
    gint64 days = utc >= 0 ? utc / 86400 : -((-utc + 86399) / 86400);
    int seconds = (int) (utc - days * 86400);
    IsoDay made;
    if (last == NULL || last->days != days) {
        gint64 year;
        int month, day;
        civil_from_days (days, &year, &month, &day);
        if (year < 0 || year > 9999)
            year = 0; /* the parsers never produce such dates */
        made.days = days;
        put_two_digits (made.text, (int) year / 100);
        put_two_digits (made.text + 2, (int) year % 100);
        made.text[4] = '-';
        put_two_digits (made.text + 5, month);
        made.text[7] = '-';
        put_two_digits (made.text + 8, day);
        if (last != NULL)
            *last = made;
    }
    memcpy (cursor, last != NULL ? last->text : made.text, 10);
    cursor += 10;
    *cursor++ = 'T';
    cursor = put_two_digits (cursor, seconds / 3600);
    *cursor++ = ':';
    cursor = put_two_digits (cursor, seconds / 60 % 60);
    *cursor++ = ':';
    cursor = put_two_digits (cursor, seconds % 60);
    *cursor++ = 'Z';
    return cursor;
}

gchar *
ht_render_iso_date (gint64 utc)
{
    char buffer[21];
    *put_iso_date (buffer, utc, NULL) = '\0';
    return g_strdup (buffer);
}

/* A streaming writer: json-glib's tree builder cost more than half of the whole run time
 * on a mailbox (a node and a hash table per member), so objects are written directly.
 * Tests and the fuzzer parse every output back with json-glib. */
typedef struct {
    GString *out;
    gboolean first; /* no member written yet in the innermost object or array */
    IsoDay last_day;
} Writer;

/* The output is written through a cursor into the GString's buffer: a writer first makes
 * room for the most it can write, writes with plain stores and then moves out->len. The
 * terminating NUL is written once, when a public function returns (terminate), not after
 * every piece: the writer appends a few hundred short pieces per hop. */

static G_GNUC_NO_INLINE void
grow (GString *out, gsize extra)
{
    gsize len = out->len;
    g_string_set_size (out, len + extra); /* to the next power of two */
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
}

static inline void
put_char (GString *out, char c)
{
    char *cursor = room (out, 1);
    *cursor++ = c;
    advance (out, cursor);
}

/* 1 for the bytes a JSON string takes as they are: printable ASCII but '"' and '\\' (and
 * DEL). The other bytes are escaped or, from 0x80 on, validated as UTF-8. */
static const guint8 plain_ascii[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* Copies the plain bytes of SRC from N on to DEST, one at a time, up to LEN; returns where
 * they end. */
static inline gsize
copy_plain_bytes (char *dest, const guchar *src, gsize n, gsize len)
{
    while (n < len && plain_ascii[src[n]]) {
        dest[n] = (char) src[n];
        n++;
    }
    return n;
}

/* copy_plain (DEST, SRC, LEN) copies the plain bytes at the start of SRC (LEN bytes) to DEST
 * and returns how many there are; the byte after them, if any, needs escaping or UTF-8
 * validation. Almost all header text is plain, so blocks of 16 (SSE2) or 8 bytes are tested
 * and stored at once instead of one table lookup per byte. A text that is not a whole
 * number of blocks ends with a block that overlaps the one before: its first bytes are
 * plain and already copied, so testing and storing them again changes nothing. Reads stay
 * within SRC; DEST must have room for LEN bytes. */
#if defined(__SSE2__) && defined(__GNUC__)

/* Bit i is set when byte i of BLOCK is not plain. Seen as a signed byte plus one, every
 * control, DEL and every byte from 0x80 on is below 0x21; quotes and backslashes are
 * compared for. */
static inline unsigned
special_mask (__m128i block)
{
    __m128i low = _mm_cmplt_epi8 (_mm_add_epi8 (block, _mm_set1_epi8 (1)), _mm_set1_epi8 (0x21));
    __m128i quote = _mm_cmpeq_epi8 (block, _mm_set1_epi8 ('"'));
    __m128i backslash = _mm_cmpeq_epi8 (block, _mm_set1_epi8 ('\\'));
    return (unsigned) _mm_movemask_epi8 (_mm_or_si128 (low, _mm_or_si128 (quote, backslash)));
}

static inline gsize
copy_plain (char *dest, const guchar *src, gsize len)
{
    if (len >= 16) {
        gsize n = 0;
        for (;;) {
            __m128i block = _mm_loadu_si128 ((const __m128i *) (src + n));
            /* Stored before the test: what follows the plain bytes is overwritten later. */
            _mm_storeu_si128 ((__m128i *) (dest + n), block);
            unsigned mask = special_mask (block);
            if (mask != 0)
                return n + __builtin_ctz (mask);
            if (n + 16 == len)
                return len;
            n = MIN (n + 16, len - 16);
        }
    }
    if (len >= 8) {
        /* One block of the first and the last 8 bytes; bit 8 + i stands for byte
         * len - 8 + i. The bits of the bytes they share are the same in both halves. */
        guint64 first, last;
        memcpy (&first, src, 8);
        memcpy (&last, src + len - 8, 8);
        memcpy (dest, &first, 8);
        memcpy (dest + len - 8, &last, 8);
        unsigned mask = special_mask (_mm_set_epi64x ((gint64) last, (gint64) first));
        if (mask == 0)
            return len;
        unsigned i = __builtin_ctz (mask);
        return i < 8 ? i : len - 16 + i;
    }
    return copy_plain_bytes (dest, src, 0, len);
}

#else

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

static inline gsize
copy_plain (char *dest, const guchar *src, gsize len)
{
    gsize n = 0;
    if (len >= 8) {
        for (;;) {
            guint64 block;
            memcpy (&block, src + n, 8);
            if (special_bytes (block) != 0)
                break; /* copy_plain_bytes finds the byte within this block */
            memcpy (dest + n, &block, 8);
            if (n + 8 == len)
                return len;
            n = MIN (n + 8, len - 8);
        }
    }
    return copy_plain_bytes (dest, src, n, len);
}

#endif

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
        case '"':
            memcpy (cursor, "\\\"", 2);
            cursor += 2;
            break;
        case '\\':
            memcpy (cursor, "\\\\", 2);
            cursor += 2;
            break;
        case '\n':
            memcpy (cursor, "\\n", 2);
            cursor += 2;
            break;
        case '\r':
            memcpy (cursor, "\\r", 2);
            cursor += 2;
            break;
        case '\t':
            memcpy (cursor, "\\t", 2);
            cursor += 2;
            break;
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

/* The rest of a JSON string from its first byte that is not plain, at P: each such byte or
 * character is written by put_special, the plain runs between them by copy_plain. */
static G_GNUC_NO_INLINE char *
append_json_string_rest (GString *out, char *cursor, const guchar *p, const guchar *end)
{
    while (p < end) {
        /* Up to 6 bytes for this one, the rest at most as long as it is, and the quote. */
        advance (out, cursor);
        cursor = room (out, 6 + (end - p) + 1);
        cursor = put_special (cursor, &p, end);
        gsize plain = copy_plain (cursor, p, end - p);
        p += plain;
        cursor += plain;
    }
    return cursor;
}

/* JSON string: valid UTF-8 (invalid bytes become U+FFFD), with quotes, backslashes and
 * control characters escaped (RFC 8259 section 7), and U+2028/U+2029 escaped too so the
 * output is also safe to embed in JavaScript. VALUE holds LEN bytes and no NUL. */
static void
append_json_string (GString *out, const char *value, gsize len)
{
    /* Room for the common case, the text as it is in quotes; an escape makes its own. */
    char *cursor = room (out, len + 2);
    *cursor++ = '"';
    gsize plain = copy_plain (cursor, (const guchar *) value, len);
    cursor += plain;
    if (G_UNLIKELY (plain < len))
        cursor = append_json_string_rest (out, cursor, (const guchar *) value + plain,
                                          (const guchar *) value + len);
    *cursor++ = '"';
    advance (out, cursor);
}

void
ht_render_json_string (GString *out, const char *value)
{
    append_json_string (out, value, strlen (value));
    terminate (out);
}

/* A member name as the writer takes it: KEY ("name") stands for the literal "\"name\":" and
 * its length, both known at compile time. Names are this file's literals: they need no
 * escaping. */
#define KEY(name) "\"" name "\":", sizeof ("\"" name "\":") - 1

/* Writes the member name (after a comma unless it is the first) and returns the cursor
 * after it, with room for VALUE_ROOM more bytes. */
static inline char *
member (Writer *w, const char *key, gsize key_len, gsize value_room)
{
    char *cursor = room (w->out, 1 + key_len + value_room);
    *cursor = ',';
    cursor += !w->first;
    w->first = FALSE;
    memcpy (cursor, key, key_len);
    return cursor + key_len;
}

/* A member name whose value the caller writes next: an object, an array or a string. */
static inline void
add_key (Writer *w, const char *key, gsize key_len)
{
    advance (w->out, member (w, key, key_len, 0));
}

static inline void
begin (Writer *w, char bracket)
{
    put_char (w->out, bracket);
    w->first = TRUE;
}

static inline void
end (Writer *w, char bracket)
{
    put_char (w->out, bracket);
    w->first = FALSE;
}

/* Between the elements of an array of strings or objects. */
static inline void
next_element (Writer *w, guint i)
{
    if (i > 0)
        put_char (w->out, ',');
}

static inline void
add_null (Writer *w, const char *key, gsize key_len)
{
    char *cursor = member (w, key, key_len, 4);
    memcpy (cursor, "null", 4);
    advance (w->out, cursor + 4);
}

static inline void
add_string (Writer *w, const char *key, gsize key_len, const char *value)
{
    if (value == NULL) {
        add_null (w, key, key_len);
        return;
    }
    add_key (w, key, key_len);
    append_json_string (w->out, value, strlen (value));
}

static inline void
add_bool (Writer *w, const char *key, gsize key_len, gboolean value)
{
    char *cursor = member (w, key, key_len, 5);
    if (value) {
        memcpy (cursor, "true", 4);
        cursor += 4;
    } else {
        memcpy (cursor, "false", 5);
        cursor += 5;
    }
    advance (w->out, cursor);
}

/* Writes VALUE in decimal and returns the end; 20 bytes at most. */
static char *
put_int (char *cursor, gint64 value)
{
    guint64 magnitude = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;
    if (value < 0)
        *cursor++ = '-';
    int digits = 1;
    for (guint64 rest = magnitude / 10; rest > 0; rest /= 10)
        digits++;
    for (int i = digits - 1; i >= 0; i--) {
        cursor[i] = (char) ('0' + magnitude % 10);
        magnitude /= 10;
    }
    return cursor + digits;
}

static inline void
add_int (Writer *w, const char *key, gsize key_len, gint64 value)
{
    char *cursor = member (w, key, key_len, 20);
    advance (w->out, put_int (cursor, value));
}

static inline void
add_int_or_null (Writer *w, const char *key, gsize key_len, gboolean present, gint64 value)
{
    if (present)
        add_int (w, key, key_len, value);
    else
        add_null (w, key, key_len);
}

static inline void
add_date (Writer *w, const char *key, gsize key_len, gboolean present, gint64 utc)
{
    if (!present) {
        add_null (w, key, key_len);
        return;
    }
    char *cursor = member (w, key, key_len, 22);
    *cursor++ = '"';
    cursor = put_iso_date (cursor, utc, &w->last_day);
    *cursor++ = '"';
    advance (w->out, cursor);
}

static void
add_tls (Writer *w, const HtTls *tls)
{
    add_key (w, KEY ("tls"));
    begin (w, '{');
    if (tls->used == HT_TLS_USED_UNKNOWN)
        add_null (w, KEY ("used"));
    else
        add_bool (w, KEY ("used"), tls->used == HT_TLS_USED_YES);
    add_string (w, KEY ("version"), ht_tls_version_name (tls->version));
    add_bool (w, KEY ("version_inferred"), tls->version_inferred);
    add_string (w, KEY ("cipher"), tls->cipher);
    add_string (w, KEY ("cipher_iana"), tls->cipher ? ht_cipher_iana_name (tls->cipher) : NULL);
    add_int_or_null (w, KEY ("bits"), tls->bits >= 0, tls->bits);
    add_string (w, KEY ("client_certificate"), tls->client_certificate);
    add_string (w, KEY ("evidence"), tls->evidence);
    end (w, '}');
}

static void
add_hop (Writer *w, const HtHop *hop)
{
    const HtReceived *r = hop->received;
    begin (w, '{');
    add_int (w, KEY ("index"), hop->index);
    add_string (w, KEY ("field"), hop->field);
    if (r->has_from) {
        add_key (w, KEY ("from"));
        begin (w, '{');
        add_string (w, KEY ("helo"), r->from_helo);
        add_string (w, KEY ("rdns"), r->from_rdns);
        add_string (w, KEY ("ip"), r->from_ip);
        add_string (w, KEY ("role"), hop->from_role);
        end (w, '}');
    } else {
        add_null (w, KEY ("from"));
    }
    if (r->has_by) {
        add_key (w, KEY ("by"));
        begin (w, '{');
        add_string (w, KEY ("host"), r->by_host);
        add_string (w, KEY ("ip"), r->by_ip);
        add_string (w, KEY ("role"), hop->by_role);
        end (w, '}');
    } else {
        add_null (w, KEY ("by"));
    }
    add_string (w, KEY ("with"), r->with);
    add_string (w, KEY ("id"), r->id);
    add_string (w, KEY ("for"), r->for_addr);
    add_string (w, KEY ("via"), r->via);
    add_date (w, KEY ("date"), r->date_valid, r->date_utc);
    add_int_or_null (w, KEY ("delay_seconds"), hop->has_delay, hop->delay_seconds);
    add_tls (w, hop->tls);
    if (hop->server.product) {
        add_key (w, KEY ("server"));
        begin (w, '{');
        add_string (w, KEY ("product"), hop->server.product);
        add_string (w, KEY ("build"), hop->server.build);
        end (w, '}');
    } else {
        add_null (w, KEY ("server"));
    }
    add_bool (w, KEY ("gap"), hop->gap);
    add_string (w, KEY ("gap_reason"), hop->gap_reason);
    add_string (w, KEY ("raw"), r->raw);
    end (w, '}');
}

static void
add_string_array (Writer *w, const char *key, gsize key_len, const GPtrArray *values)
{
    add_key (w, key, key_len);
    begin (w, '[');
    for (guint i = 0; i < values->len; i++) {
        next_element (w, i);
        const char *value = g_ptr_array_index (values, i);
        append_json_string (w->out, value, strlen (value));
    }
    end (w, ']');
}

/* The --expect verdict (ht-route.h); null without --expect. */
static void
add_route (Writer *w, const HtRouteVerdict *verdict)
{
    if (verdict == NULL) {
        add_null (w, KEY ("route"));
        return;
    }
    add_key (w, KEY ("route"));
    begin (w, '{');
    add_string (w, KEY ("name"), verdict->name);
    add_string_array (w, KEY ("expected"), verdict->expected);
    add_string_array (w, KEY ("observed"), verdict->observed);
    add_bool (w, KEY ("match"), verdict->match);
    add_int_or_null (w, KEY ("diverges_at"), verdict->diverges_at > 0, verdict->diverges_at);
    add_string (w, KEY ("divergence"), verdict->divergence);
    end (w, '}');
}

/* The Exchange evidence (ht-exchange.h); null when the message has none of its fields. */
static void
add_exchange (Writer *w, const HtExchange *exchange, const HtReport *report)
{
    if (exchange == NULL) {
        add_null (w, KEY ("exchange"));
        return;
    }
    add_key (w, KEY ("exchange"));
    begin (w, '{');
    add_key (w, KEY ("items"));
    begin (w, '[');
    for (guint i = 0; i < exchange->items->len; i++) {
        const HtExchangeItem *item = g_ptr_array_index (exchange->items, i);
        next_element (w, i);
        begin (w, '{');
        add_string (w, KEY ("header"), item->header);
        add_string (w, KEY ("value"), item->value);
        add_int_or_null (w, KEY ("hop"), item->hop > 0, item->hop);
        add_string (w, KEY ("explanation"), item->explanation);
        end (w, '}');
    }
    end (w, ']');
    add_key (w, KEY ("authentication_results"));
    begin (w, '[');
    for (guint i = 0; i < exchange->auth_results->len; i++) {
        const HtAuthResults *results = g_ptr_array_index (exchange->auth_results, i);
        next_element (w, i);
        begin (w, '{');
        add_string (w, KEY ("authserv_id"), results->authserv_id);
        add_int_or_null (w, KEY ("hop"), results->hop > 0, results->hop);
        add_string (w, KEY ("spf"), results->spf);
        add_string (w, KEY ("dkim"), results->dkim);
        add_string (w, KEY ("dmarc"), results->dmarc);
        add_string (w, KEY ("compauth"), results->compauth);
        add_string (w, KEY ("compauth_reason"), results->compauth_reason);
        end (w, '}');
    }
    end (w, ']');
    if (exchange->latency_text) {
        add_key (w, KEY ("end_to_end_latency"));
        begin (w, '{');
        add_string (w, KEY ("value"), exchange->latency_text);
        /* Rounded to the millisecond: Exchange writes 100 ns ticks, no clock is that good. */
        add_int_or_null (w, KEY ("milliseconds"), exchange->has_latency,
                         (exchange->latency_us + (exchange->latency_us < 0 ? -500 : 500)) / 1000);
        add_int_or_null (w, KEY ("received_span_seconds"), report->has_transit,
                         report->transit_seconds);
        end (w, '}');
    } else {
        add_null (w, KEY ("end_to_end_latency"));
    }
    end (w, '}');
}

void
ht_render_json (GString *out, const HtReport *report)
{
    Writer writer = {.out = out, .first = TRUE, .last_day = {.days = G_MININT64 /* none */}};
    Writer *w = &writer;
    begin (w, '{');
    add_int (w, KEY ("format_version"), FORMAT_VERSION);
    add_string (w, KEY ("source"), report->source);
    add_int (w, KEY ("message_index"), report->message_index);
    add_string (w, KEY ("message_id"), report->message_id);
    add_string (w, KEY ("subject"), report->subject);
    add_date (w, KEY ("date"), report->has_date, report->date);
    add_int_or_null (w, KEY ("transit_seconds"), report->has_transit, report->transit_seconds);

    add_key (w, KEY ("hops"));
    begin (w, '[');
    for (guint i = 0; i < report->hops->len; i++) {
        next_element (w, i);
        add_hop (w, g_ptr_array_index (report->hops, i));
    }
    end (w, ']');

    add_key (w, KEY ("findings"));
    begin (w, '[');
    for (guint i = 0; i < report->findings->len; i++) {
        const HtFinding *finding = g_ptr_array_index (report->findings, i);
        next_element (w, i);
        begin (w, '{');
        add_string (w, KEY ("severity"), ht_severity_name (finding->severity));
        add_int_or_null (w, KEY ("hop"), finding->hop > 0, finding->hop);
        add_string (w, KEY ("code"), finding->code);
        add_string (w, KEY ("text"), finding->text);
        end (w, '}');
    }
    end (w, ']');
    add_route (w, report->route);
    add_exchange (w, report->exchange, report);
    end (w, '}');
    put_char (out, '\n');
    terminate (out);
}
