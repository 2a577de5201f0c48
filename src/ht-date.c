/* The date part of a Received line.
 *
 * RFC 5322 section 3.3 asks for "[day-of-week ","] day month year hh:mm[:ss] zone", and
 * section 4.3 lets readers accept two-digit years and named zones. Producers add more:
 * qmail and IronPort omit the weekday, Gmail appends "(PDT)", t-online writes two-digit
 * years, SendGrid writes fractional seconds or Go's "2023-07-28 19:32:25.9 +0000 UTC m=+…",
 * and a few old MTAs write asctime's "Mon Jan  6 10:00:00 2025". Anything else is refused:
 * a wrong date is worse than none, because delays are computed from it. */
#include "config.h"

#include "ht-received.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const month_names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                          "jul", "aug", "sep", "oct", "nov", "dec"};

static int
month_from_name (const char *word)
{
    if (strlen (word) < 3)
        return 0;
    for (int i = 0; i < 12; i++)
        if (g_ascii_strncasecmp (word, month_names[i], 3) == 0)
            return i + 1;
    return 0;
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

static gboolean
to_utc (int year, int month, int day, int hour, int minute, int second, int offset,
        gint64 *utc)
{
    if (year < 1970 || year > 9999)
        return FALSE;
    GDateTime *dt = g_date_time_new_utc (year, month, day, hour, minute, second);
    if (dt == NULL)
        return FALSE; /* e.g. 30 February */
    *utc = g_date_time_to_unix (dt) - (gint64) offset * 60;
    g_date_time_unref (dt);
    return TRUE;
}

/* Go's time.Time String(): "2023-07-28 19:32:25.928333532 +0000 UTC m=+6810983.8" */
static gboolean
parse_iso_words (char **words, guint n, gint64 *utc, gint *offset)
{
    int year, month, day;
    if (n < 2 || strlen (words[0]) != 10 ||
        sscanf (words[0], "%4d-%2d-%2d", &year, &month, &day) != 3)
        return FALSE;
    int hour, minute, second;
    if (!parse_time (words[1], &hour, &minute, &second))
        return FALSE;
    int zone = 0;
    if (n >= 3 && !parse_zone (words[2], &zone))
        return FALSE;
    /* What may follow: the zone's name, then Go's monotonic clock reading. */
    for (guint i = 3; i < n; i++) {
        int ignored;
        if (!parse_zone (words[i], &ignored) && strncmp (words[i], "m=", 2) != 0)
            return FALSE;
    }
    if (!to_utc (year, month, day, hour, minute, second, zone, utc))
        return FALSE;
    *offset = zone;
    return TRUE;
}

gboolean
ht_received_parse_date (const char *text, gint64 *utc, gint *offset_minutes)
{
    g_return_val_if_fail (utc != NULL && offset_minutes != NULL, FALSE);
    if (text == NULL || strlen (text) > 200)
        return FALSE;

    /* Words split at white space and commas; zone comments such as "(PDT)" were already
     * removed by the caller, but a leftover "(UTC)" word is skipped. */
    g_auto (GStrv) split = g_strsplit_set (text, " \t,", -1);
    char *words[16];
    guint n = 0;
    for (guint k = 0; split[k]; k++) {
        if (split[k][0] == '\0' || split[k][0] == '(')
            continue;
        if (n == G_N_ELEMENTS (words))
            return FALSE; /* more words than any date has */
        words[n++] = split[k];
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

    if (i + 1 < n && month_from_name (words[i]) && all_digits (words[i + 1], 1, 2)) {
        /* asctime: "Jan  6 10:00:00 2025" */
        month = month_from_name (words[i]);
        day = atoi (words[i + 1]);
        i += 2;
        if (i >= n || !parse_time (words[i], &hour, &minute, &second))
            return FALSE;
        i++;
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
    int zone = 0;
    if (i < n && parse_zone (words[i], &zone))
        i++;
    /* After the zone, only a zone name ("+0000 UTC", "-0700 PDT") may follow. */
    for (; i < n; i++) {
        int ignored;
        if (!parse_zone (words[i], &ignored))
            return FALSE;
    }

    if (!to_utc (year, month, day, hour, minute, second, zone, utc))
        return FALSE;
    *offset_minutes = zone;
    return TRUE;
}
