/* ht-header-decode: the Subject and Date values of a message header, decoded as GMime
 * decodes them.
 *
 * A mailbox of tens of thousands of messages has a Subject and a Date in each, nearly all in
 * a few common forms: printable US-ASCII or UTF-8 encoded words (RFC 2047) for the Subject,
 * "Tue, 14 Jan 2025 10:00:00 +0000" for the Date. Those are read here directly; every other
 * form goes to GMime, so that the result is always the one GMime gives. See
 * ht-header-decode.h. */
#include "config.h"

#include "ht-header-decode.h"

#include <string.h>

#include <gmime/gmime.h>

static inline gboolean
is_fold_space (guchar c)
{
    return c <= ' ' && (c == ' ' || c == '\t' || c == '\r' || c == '\n');
}

gsize
ht_header_decode_unfold (char *out, const char *value, gsize len, gboolean *plain)
{
    gsize n = 0;
    const guchar *p = (const guchar *) value, *end = p + len;
    for (;;) {
        while (p < end && is_fold_space (*p))
            p++;
        if (p == end)
            break;
        if (n > 0)
            out[n++] = ' ';
        while (p < end && !is_fold_space (*p))
            out[n++] = *p++;
    }
    out[n] = '\0';
    if (plain) {
        *plain = TRUE;
        for (gsize i = 0; i < n && *plain; i++)
            *plain = (guchar) out[i] >= ' ' && (guchar) out[i] < 127 &&
                     (out[i] != '=' || out[i + 1] != '?');
    }
    return n;
}

static gint
hex_value (guchar c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static gint
base64_value (guchar c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* Decodes one encoded word (RFC 2047 section 2) in the form most mailers write,
 * "=?UTF-8?Q?caf=C3=A9?=" or "=?UTF-8?B?Y2Fmw6k=?=", to OUT. Returns the bytes written, or
 * -1 for every other form and for what GMime might read its own way: a malformed escape,
 * base64 not in whole quartets, a payload that is not UTF-8 on its own or holds control
 * characters. Sets PADDED when base64 padding ends the word. */
static gssize
decode_utf8_word (char *out, const char *word, gsize len, gboolean *padded)
{
    if (len < 13 || memcmp (word, "=?", 2) != 0 || (word[2] | 0x20) != 'u' ||
        (word[3] | 0x20) != 't' || (word[4] | 0x20) != 'f' || memcmp (word + 5, "-8?", 3) != 0 ||
        word[9] != '?' || memcmp (word + len - 2, "?=", 2) != 0)
        return -1;
    const guchar *p = (const guchar *) word + 10, *end = (const guchar *) word + len - 2;
    guchar *o = (guchar *) out;
    *padded = FALSE;
    if (word[8] == 'Q' || word[8] == 'q') {
        for (; p < end; p++) {
            guchar c = *p;
            if (c == '=') {
                gint high = end - p < 3 ? -1 : hex_value (p[1]);
                gint low = high < 0 ? -1 : hex_value (p[2]);
                if (low < 0)
                    return -1;
                c = high << 4 | low;
                p += 2;
            } else if (c == '_') {
                c = ' ';
            } else if (c == '?') {
                return -1;
            }
            *o++ = c;
        }
    } else if (word[8] == 'B' || word[8] == 'b') {
        if ((end - p) % 4 != 0)
            return -1;
        for (; p < end; p += 4) {
            /* "=" pads only the last quartet: "xx==" or "xxx=". */
            gboolean last = p + 4 == end;
            gint pad = last && p[3] == '=' ? (p[2] == '=' ? 2 : 1) : 0;
            gint a = base64_value (p[0]), b = base64_value (p[1]);
            gint c = pad == 2 ? 0 : base64_value (p[2]), d = pad ? 0 : base64_value (p[3]);
            if (a < 0 || b < 0 || c < 0 || d < 0)
                return -1;
            guint32 bits = (guint32) a << 18 | (guint32) b << 12 | (guint32) c << 6 | (guint32) d;
            *o++ = bits >> 16;
            if (pad < 2)
                *o++ = bits >> 8;
            if (pad < 1)
                *o++ = bits;
            *padded = pad > 0;
        }
    } else {
        return -1;
    }
    /* GMime drops C0 and C1 control characters (U+0080 to U+009F are C2 80 to C2 9F). */
    gsize n = o - (guchar *) out;
    for (gsize i = 0; i < n; i++) {
        guchar c = out[i];
        if (c < 32 || c == 127 || (c == 0xC2 && i + 1 < n && (guchar) out[i + 1] < 0xA0))
            return -1;
    }
    return g_utf8_validate (out, n, NULL) ? (gssize) n : -1;
}

/* Decodes an unfolded Subject made of printable US-ASCII words and the encoded words
 * decode_utf8_word reads, to OUT (which has room for LEN + 1 bytes), as GMime decodes it:
 * the space between two encoded words goes (RFC 2047 section 6.2). Returns FALSE for
 * every other Subject, which GMime then decodes. */
static gboolean
decode_common_subject (char *out, const char *text, gsize len)
{
    gsize n = 0;
    gboolean previous_encoded = FALSE, padded = FALSE;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *space = memchr (p, ' ', end - p);
        const char *word_end = space ? space : end;
        gsize word_len = word_end - p;
        gboolean encoded = word_len >= 2 && p[0] == '=' && p[1] == '?';
        if (encoded) {
            /* GMime decodes the payloads of a run of encoded words as one, and base64
             * padding inside such a run makes it lose text. */
            if (previous_encoded && padded)
                return FALSE;
            if (previous_encoded)
                n--; /* the space after the previous encoded word */
            gssize decoded = decode_utf8_word (out + n, p, word_len, &padded);
            if (decoded < 0)
                return FALSE;
            n += decoded;
        } else {
            for (gsize i = 0; i < word_len; i++)
                if ((guchar) p[i] <= 32 || (guchar) p[i] >= 127 ||
                    (p[i] == '=' && i + 1 < word_len && p[i + 1] == '?'))
                    return FALSE;
            memcpy (out + n, p, word_len);
            n += word_len;
        }
        previous_encoded = encoded;
        if (space)
            out[n++] = ' ';
        p = word_end + 1;
    }
    out[n] = '\0';
    return TRUE;
}

/* BUFFER holds the unfolded value in its first half and what that decodes to in its second. */
const char *
ht_header_decode_subject (char *buffer, const char *value, gsize len, gchar **decoded)
{
    char *unfolded = buffer, *out = buffer + len + 1;
    gboolean plain;
    gsize unfolded_len = ht_header_decode_unfold (unfolded, value, len, &plain);
    if (plain)
        return unfolded;
    if (decode_common_subject (out, unfolded, unfolded_len))
        return out;
    *decoded = g_mime_utils_header_decode_text (NULL, unfolded);
    return *decoded;
}

static const char *const month_names = "JanFebMarAprMayJunJulAugSepOctNovDec";
static const char *const day_names = "SunMonTueWedThuFriSat";

static gboolean
read_digits (const char **p, guint count, gint *value)
{
    gint n = 0;
    for (guint i = 0; i < count; i++) {
        if (!g_ascii_isdigit ((*p)[i]))
            return FALSE;
        n = n * 10 + ((*p)[i] - '0');
    }
    *p += count;
    *value = n;
    return TRUE;
}

gint64
ht_header_decode_days_from_civil (gint64 year, int month, int day)
{
    year -= month <= 2;
    gint64 era = (year >= 0 ? year : year - 399) / 400;
    gint64 year_of_era = year - era * 400;
    gint64 day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    gint64 day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

/* The Date form nearly every mailer writes (RFC 5322 section 3.3), "Tue, 14 Jan 2025
 * 10:00:00 +0000", seconds optional, anything after the zone ignored, read without GMime's
 * token lists, time zone objects and GDateTime. Returns FALSE for every other form and for
 * values GMime might treat in its own way (a year before 1970, a second 60, a day the
 * month does not have, a zone beyond +-23:59); the caller then asks GMime, so that the
 * result is always GMime's. */
static gboolean
parse_common_date (const char *p, gint64 *date)
{
    while (*p == ' ')
        p++;
    for (const char *day = day_names; *day; day += 3) {
        if (strncmp (p, day, 3) == 0 && (p[3] == ',' || p[3] == ' ')) {
            p += p[3] == ',' ? 4 : 3;
            while (*p == ' ')
                p++;
            break;
        }
    }
    gint mday, month = 0, year, hour, minute, second = 0, zone_hours, zone_minutes;
    if (!read_digits (&p, g_ascii_isdigit (p[0]) && g_ascii_isdigit (p[1]) ? 2 : 1, &mday) ||
        *p++ != ' ')
        return FALSE;
    for (gint i = 0; i < 12 && month == 0; i++)
        if (strncmp (p, month_names + 3 * i, 3) == 0)
            month = i + 1;
    if (month == 0 || p[3] != ' ')
        return FALSE;
    p += 4;
    if (!read_digits (&p, 4, &year) || *p++ != ' ' || !read_digits (&p, 2, &hour) || *p++ != ':' ||
        !read_digits (&p, 2, &minute))
        return FALSE;
    if (*p == ':' && (++p, !read_digits (&p, 2, &second)))
        return FALSE;
    if (*p++ != ' ')
        return FALSE;
    while (*p == ' ')
        p++;
    gint sign = *p == '+' ? 1 : *p == '-' ? -1 : 0;
    if (sign == 0 || (++p, !read_digits (&p, 2, &zone_hours)) ||
        !read_digits (&p, 2, &zone_minutes))
        return FALSE;
    /* GMime cuts tokens at these characters; "+0000(UTC)" would be one token to it. */
    if (*p != '\0' && strchr ("-/,\t\r\n ", *p) == NULL)
        return FALSE;

    static const guint8 month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    gboolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (year < 1970 || year > 9000 || mday < 1 || mday > month_days[month - 1] ||
        (month == 2 && mday == 29 && !leap) || hour > 23 || minute > 59 || second > 59 ||
        zone_hours > 23 || zone_minutes > 59)
        return FALSE;
    *date = ht_header_decode_days_from_civil (year, month, mday) * 86400 + hour * 3600 +
            minute * 60 + second - sign * (zone_hours * 3600 + zone_minutes * 60);
    return TRUE;
}

gboolean
ht_header_decode_date (const char *value, gint64 *date)
{
    if (parse_common_date (value, date))
        return TRUE;
    g_autoptr (GDateTime) parsed = g_mime_utils_header_decode_date (value);
    if (parsed == NULL)
        return FALSE;
    *date = g_date_time_to_unix (parsed);
    return TRUE;
}
