/* The date part of a Received line.
 *
 * RFC 5322 section 3.3 asks for "[day-of-week ","] day month year hh:mm[:ss] zone", and
 * section 4.3 lets readers accept two-digit years and named zones. Producers add more:
 * qmail and IronPort omit the weekday, Gmail appends "(PDT)", t-online writes two-digit
 * years, SendGrid writes fractional seconds or Go's "2023-07-28 19:32:25.9 +0000 UTC m=+…",
 * a few old MTAs write asctime's "Mon Jan  6 10:00:00 2025", and Jetsend date(1)'s form
 * with the zone before the year, "Fri Sep 14 14:36:56 EDT 2018". Anything else is refused:
 * a wrong date is worse than none, because delays are computed from it. */
#include "config.h"

#include "ht-received.h"

#include <stdlib.h>
#include <string.h>

#include "ht-header-decode.h"

static const char *const month_names[] = {"january",   "february", "march",    "april",
                                          "may",       "june",     "july",     "august",
                                          "september", "october",  "november", "december"};

/* "Aug" as RFC 5322 writes it, the full English name, or the common "Sept"; "Junk" is no
 * month, though it starts like June. */
static int
month_from_name (const char *word)
{
    /* The first three letters, lower-cased, pick the month; the rest must then match. */
    char abbreviation[3];
    for (int k = 0; k < 3; k++) {
        if (!g_ascii_isalpha (word[k]))
            return 0;
        abbreviation[k] = word[k] | 0x20; /* a letter, lower-cased */
    }
    for (int i = 0; i < 12; i++) {
        if (memcmp (abbreviation, month_names[i], 3) != 0)
            continue;
        if (word[3] == '\0' || g_ascii_strcasecmp (word, month_names[i]) == 0)
            return i + 1;
        return i == 8 && g_ascii_strcasecmp (word, "sept") == 0 ? 9 : 0;
    }
    return 0;
}

static gboolean
has_alnum (const char *s)
{
    for (; *s; s++)
        if (g_ascii_isalnum (*s))
            return TRUE;
    return FALSE;
}

static gboolean
all_digits (const char *s, gsize min, gsize max)
{
    gsize n = 0;
    for (; s[n]; n++)
        if (!g_ascii_isdigit (s[n]))
            return FALSE;
    return n >= min && n <= max;
}

static const struct {
    const char *name;
    int minutes;
} zone_names[] = {
    {"UT", 0},        {"UTC", 0},       {"GMT", 0},       {"Z", 0},
    {"EST", -5 * 60}, {"EDT", -4 * 60}, {"CST", -6 * 60}, {"CDT", -5 * 60},
    {"MST", -7 * 60}, {"MDT", -6 * 60}, {"PST", -8 * 60}, {"PDT", -7 * 60},
};

/* "+0200", "-0000", "+02:00", or a zone name from RFC 5322 section 4.3. */
static gboolean
parse_zone (const char *word, int *minutes)
{
    if ((word[0] == '+' || word[0] == '-') && strlen (word) >= 5) {
        char digits[4];
        int n = 0;
        for (const char *p = word + 1; *p; p++) {
            if (g_ascii_isdigit (*p) && n < 4)
                digits[n++] = *p;
            else if (*p != ':' || n != 2)
                return FALSE;
        }
        if (n != 4)
            return FALSE;
        int hours = (digits[0] - '0') * 10 + (digits[1] - '0');
        int mins = (digits[2] - '0') * 10 + (digits[3] - '0');
        if (hours > 23 || mins > 59)
            return FALSE;
        *minutes = (hours * 60 + mins) * (word[0] == '-' ? -1 : 1);
        return TRUE;
    }
    for (gsize i = 0; i < G_N_ELEMENTS (zone_names); i++) {
        if (g_ascii_strcasecmp (word, zone_names[i].name) == 0) {
            *minutes = zone_names[i].minutes;
            return TRUE;
        }
    }
    return FALSE;
}

/* After a numeric zone, the zone's abbreviation may follow as a word: Go writes "+0200 CEST"
 * or, for a zone without one, "-0300 -03". The number is what counts; the name is only
 * checked for shape (capitals, as the zone database writes them), so that an abbreviation
 * missing from zone_names does not lose the date while "+0200 junk" still does. */
static gboolean
is_zone_abbreviation (const char *word)
{
    int ignored;
    if (parse_zone (word, &ignored))
        return TRUE;
    gsize len = strlen (word);
    if ((word[0] == '+' || word[0] == '-') && (len == 3 || len == 5))
        return all_digits (word + 1, len - 1, len - 1);
    if (len < 2 || len > 5)
        return FALSE;
    for (const char *p = word; *p; p++)
        if (!g_ascii_isupper (*p))
            return FALSE;
    return TRUE;
}

/* "hh:mm", "hh:mm:ss", "hh:mm:ss.fraction" */
static gboolean
parse_time (const char *word, int *hour, int *minute, int *second)
{
    int fields[3] = {0, 0, 0};
    int n = 0;
    const char *p = word;
    while (n < 3) {
        if (!g_ascii_isdigit (p[0]))
            return FALSE;
        int value = 0, digits = 0;
        while (g_ascii_isdigit (*p) && digits < 3) {
            value = value * 10 + (*p - '0');
            p++;
            digits++;
        }
        if (digits > 2)
            return FALSE;
        fields[n++] = value;
        if (*p != ':')
            break;
        p++;
    }
    if (n < 2)
        return FALSE;
    if (*p == '.') { /* fractional seconds are dropped */
        p++;
        while (g_ascii_isdigit (*p))
            p++;
    }
    if (*p != '\0')
        return FALSE;
    if (fields[0] > 23 || fields[1] > 59 || fields[2] > 60)
        return FALSE;
    *hour = fields[0];
    *minute = fields[1];
    *second = fields[2] == 60 ? 59 : fields[2]; /* a leap second is not worth a failure */
    return TRUE;
}

static int
days_in_month (int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
        return 29;
    return days[month - 1];
}

static gboolean
to_utc (int year, int month, int day, int hour, int minute, int second, int offset, gint64 *utc)
{
    if (year < 1970 || year > 9999 || month < 1 || month > 12 || day < 1 ||
        day > days_in_month (year, month) || hour > 23 || minute > 59 || second > 59)
        return FALSE; /* e.g. 30 February */
    gint64 when = ht_header_decode_days_from_civil (year, month, day) * 86400 + hour * 3600 +
                  minute * 60 + second - (gint64) offset * 60;
    /* The zone may push the instant out of 1970-01-01 .. 9999-12-31 UTC, where no renderer
     * can show it: "1 Jan 1970 00:30 +0100". */
    if (when < 0 || when > G_GINT64_CONSTANT (253402300799))
        return FALSE;
    *utc = when;
    return TRUE;
}

/* Go's time.Time String(): "2023-07-28 19:32:25.928333532 +0000 UTC m=+6810983.8" */
static gboolean
parse_iso_words (char **words, guint n, gint64 *utc, gint *offset)
{
    const char *d = words[0];
    if (n < 2 || strlen (d) != 10 || d[4] != '-' || d[7] != '-')
        return FALSE;
    for (int k = 0; k < 10; k++)
        if (k != 4 && k != 7 && !g_ascii_isdigit (d[k]))
            return FALSE; /* sscanf alone would take "2023-07-2x" for the 2nd */
    int year = atoi (d), month = atoi (d + 5), day = atoi (d + 8);
    int hour, minute, second;
    if (!parse_time (words[1], &hour, &minute, &second))
        return FALSE;
    int zone = 0;
    if (n >= 3 && !parse_zone (words[2], &zone))
        return FALSE;
    /* What may follow: the zone's name, then Go's monotonic clock reading. */
    for (guint i = 3; i < n; i++) {
        if (!is_zone_abbreviation (words[i]) && strncmp (words[i], "m=", 2) != 0)
            return FALSE;
    }
    if (!to_utc (year, month, day, hour, minute, second, zone, utc))
        return FALSE;
    *offset = zone;
    return TRUE;
}

/* TRUE when P starts with N ASCII digits; their value in *VALUE. */
static gboolean
digits_at (const char *p, int n, int *value)
{
    int v = 0;
    for (int k = 0; k < n; k++) {
        if (!g_ascii_isdigit (p[k]))
            return FALSE;
        v = v * 10 + (p[k] - '0');
    }
    *value = v;
    return TRUE;
}

/* The form nearly every Received line is dated in, "Mon, 6 Jan 2025 00:03:05 +0000" (the
 * weekday optional), read in one pass without splitting words. Returns FALSE for anything
 * else, which the general reader below then tries: this accepts a subset of what it accepts,
 * with the same results. */
static gboolean
parse_common_form (const char *p, gint64 *utc, gint *offset)
{
    static const char weekdays[] = "monsunwedthufrisattue";
    if (g_ascii_isalpha (p[0])) {
        if (!g_ascii_isalpha (p[1]) || !g_ascii_isalpha (p[2]) || p[3] != ',' || p[4] != ' ')
            return FALSE;
        char day_name[4] = {p[0] | 0x20, p[1] | 0x20, p[2] | 0x20, '\0'};
        const char *found = strstr (weekdays, day_name);
        if (found == NULL || (found - weekdays) % 3 != 0)
            return FALSE;
        p += 5;
    }
    int day, year, hour, minute, second, zone_hours, zone_minutes;
    if (!g_ascii_isdigit (p[0]))
        return FALSE;
    int day_digits = g_ascii_isdigit (p[1]) ? 2 : 1;
    if (!digits_at (p, day_digits, &day) || p[day_digits] != ' ')
        return FALSE;
    p += day_digits + 1;
    if (!g_ascii_isalpha (p[0]) || !g_ascii_isalpha (p[1]) || !g_ascii_isalpha (p[2]) ||
        p[3] != ' ')
        return FALSE;
    char month_name[4] = {p[0], p[1], p[2], '\0'};
    int month = month_from_name (month_name);
    p += 4;
    if (month == 0 || !digits_at (p, 4, &year) || p[4] != ' ')
        return FALSE;
    p += 5;
    if (!digits_at (p, 2, &hour) || p[2] != ':' || !digits_at (p + 3, 2, &minute) || p[5] != ':' ||
        !digits_at (p + 6, 2, &second) || p[8] != ' ')
        return FALSE;
    p += 9;
    if ((p[0] != '+' && p[0] != '-') || !digits_at (p + 1, 2, &zone_hours) ||
        !digits_at (p + 3, 2, &zone_minutes) || p[5] != '\0')
        return FALSE;
    if (zone_hours > 23 || zone_minutes > 59 || second > 60)
        return FALSE;
    int zone = (zone_hours * 60 + zone_minutes) * (p[0] == '-' ? -1 : 1);
    if (second == 60)
        second = 59; /* as parse_time does */
    if (!to_utc (year, month, day, hour, minute, second, zone, utc))
        return FALSE;
    *offset = zone;
    return TRUE;
}

gboolean
ht_received_parse_date (const char *text, gint64 *utc, gint *offset_minutes)
{
    g_return_val_if_fail (utc != NULL && offset_minutes != NULL, FALSE);
    if (text == NULL)
        return FALSE;
    if (parse_common_form (text, utc, offset_minutes))
        return TRUE;
    if (strlen (text) > 200)
        return FALSE;

    /* Words split at white space and commas; zone comments such as "(PDT)" were already
     * removed by the caller, but a leftover comment is skipped, even one of several words
     * such as "(Coordinated Universal Time)". */
    char buffer[201];
    g_strlcpy (buffer, text, sizeof buffer);
    char *words[16];
    guint n = 0;
    gboolean in_comment = FALSE;
    for (char *p = buffer; *p;) {
        /* Split in place at white space and commas. */
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (*p == '\0')
            break;
        char *word = p;
        while (*p && *p != ' ' && *p != '\t' && *p != ',')
            p++;
        if (*p)
            *p++ = '\0';
        if (word[0] == '(')
            in_comment = TRUE;
        if (in_comment) {
            in_comment = !g_str_has_suffix (word, ")");
            continue;
        }
        /* Stray punctuation before the date, as in "with LMTPA;_ Tue, 21 Jul 2009 ...", is
         * no part of it: a word without a letter or digit is skipped until the date begins. */
        if (n == 0 && !has_alnum (word))
            continue;
        if (n == G_N_ELEMENTS (words))
            return FALSE; /* more words than any date has */
        words[n++] = word;
    }
    if (n < 2)
        return FALSE;

    if (g_ascii_isdigit (words[0][0]) && strchr (words[0], '-'))
        return parse_iso_words (words, n, utc, offset_minutes);

    guint i = 0;
    /* An optional weekday: letters that are not a month name ("Mon" is not one). */
    if (g_ascii_isalpha (words[0][0]) && month_from_name (words[0]) == 0)
        i++;

    int day, month, year;
    int hour, minute, second;
    int zone = 0;
    gboolean zone_read = FALSE;

    if (i + 1 < n && month_from_name (words[i]) && all_digits (words[i + 1], 1, 2)) {
        /* asctime: "Jan  6 10:00:00 2025"; date(1) in the C locale puts the zone before the
         * year: "Fri Sep 14 14:36:56 EDT 2018" (a zone name RFC 5322 defines, or a number). */
        month = month_from_name (words[i]);
        day = atoi (words[i + 1]);
        i += 2;
        if (i >= n || !parse_time (words[i], &hour, &minute, &second))
            return FALSE;
        i++;
        if (i + 1 < n && !all_digits (words[i], 4, 4) && parse_zone (words[i], &zone)) {
            zone_read = TRUE;
            i++;
        }
        if (i >= n || !all_digits (words[i], 4, 4))
            return FALSE;
        year = atoi (words[i++]);
    } else {
        if (i >= n || !all_digits (words[i], 1, 2))
            return FALSE;
        day = atoi (words[i++]);
        if (i >= n || !month_from_name (words[i]))
            return FALSE;
        month = month_from_name (words[i++]);
        if (i >= n || !all_digits (words[i], 2, 4))
            return FALSE;
        year = atoi (words[i]);
        gsize len = strlen (words[i]);
        /* RFC 5322 section 4.3: 00-49 is 2000-2049, 50-99 is 1950-1999, three digits add 1900. */
        if (len == 2)
            year += year < 50 ? 2000 : 1900;
        else if (len == 3)
            year += 1900;
        i++;
        if (i >= n || !parse_time (words[i], &hour, &minute, &second))
            return FALSE;
        i++;
    }

    /* No zone at all: RFC 5322 section 4.3 reads that as "-0000", UTC with no information
     * about the local zone. */
    gboolean numeric_zone = !zone_read && i < n && (words[i][0] == '+' || words[i][0] == '-');
    if (!zone_read && i < n && parse_zone (words[i], &zone))
        i++;
    else
        numeric_zone = FALSE;
    /* After the zone, only a zone name ("+0000 UTC", "-0700 PDT") may follow; after a
     * numeric zone any abbreviation will do, the number having said it all. A lone name
     * must be one of RFC 5322's: "IST" alone could be India, Israel or Ireland. */
    for (; i < n; i++) {
        int ignored;
        if (!(numeric_zone ? is_zone_abbreviation (words[i]) : parse_zone (words[i], &ignored)))
            return FALSE;
    }

    if (!to_utc (year, month, day, hour, minute, second, zone, utc))
        return FALSE;
    *offset_minutes = zone;
    return TRUE;
}
