/* ht-exchange-parse: the two field values ht-exchange reads for more than their text:
 * Exchange's end-to-end latency (a .NET TimeSpan) and Authentication-Results (RFC 8601).
 * Pure string parsers, kept apart from the evidence they feed so they can be tested and
 * fuzzed alone. */
#include "config.h"

#include "ht-exchange.h"

#include <string.h>

#include "ht-received.h"

static gboolean
read_number (const char **p, guint64 max_digits, guint64 *value)
{
    const char *start = *p;
    *value = 0;
    while (g_ascii_isdigit (**p) && (guint64) (*p - start) < max_digits)
        *value = *value * 10 + (guint64) (*(*p)++ - '0');
    return *p > start && !g_ascii_isdigit (**p);
}

gboolean
ht_exchange_parse_latency (const char *text, gint64 *microseconds)
{
    g_return_val_if_fail (microseconds != NULL, FALSE);
    if (text == NULL)
        return FALSE;
    const char *p = text;
    while (g_ascii_isspace (*p))
        p++;
    gboolean negative = *p == '-';
    if (negative)
        p++;
    /* Read up to four numbers: "d.hh:mm:ss", "d:hh:mm:ss" (the .NET "g" form) or
     * "hh:mm:ss". */
    guint64 fields[4];
    guint n = 0;
    gboolean dotted_days = FALSE;
    for (;;) {
        if (n == 4 || !read_number (&p, 7, &fields[n]))
            return FALSE;
        n++;
        if (*p == '.' && n == 1 && strchr (p, ':') != NULL) {
            dotted_days = TRUE;
            p++;
            continue;
        }
        if (*p != ':')
            break;
        p++;
    }
    if (n != 3 && n != 4)
        return FALSE;
    guint64 days = 0, hours, minutes, seconds;
    if (n == 4) {
        days = fields[0];
        hours = fields[1];
        minutes = fields[2];
        seconds = fields[3];
    } else if (dotted_days) {
        return FALSE; /* "1.02:03" has a day but no seconds */
    } else {
        hours = fields[0];
        minutes = fields[1];
        seconds = fields[2];
    }
    if ((n == 4 && hours > 23) || minutes > 59 || seconds > 59 || days > 100000)
        return FALSE;
    guint64 fraction_us = 0;
    if (*p == '.') {
        p++;
        guint digits = 0;
        guint64 scale = 100000;
        if (!g_ascii_isdigit (*p))
            return FALSE;
        /* Seven digits (100 ns ticks); only the first six count for microseconds. */
        for (; g_ascii_isdigit (*p); p++, digits++) {
            if (digits < 6) {
                fraction_us += (guint64) (*p - '0') * scale;
                scale /= 10;
            }
        }
    }
    while (g_ascii_isspace (*p))
        p++;
    if (*p != '\0')
        return FALSE;
    gint64 total =
        (gint64) ((((days * 24 + hours) * 60 + minutes) * 60 + seconds) * G_USEC_PER_SEC +
                  fraction_us);
    *microseconds = negative ? -total : total;
    return TRUE;
}

void
ht_auth_results_free (HtAuthResults *results)
{
    if (results == NULL)
        return;
    g_free (results->authserv_id);
    g_free (results->spf);
    g_free (results->dkim);
    g_free (results->dmarc);
    g_free (results->compauth);
    g_free (results->compauth_reason);
    g_free (results->spf_comment);
    g_free (results);
}

/* White space off both ends of TEXT, in place, as g_strstrip does. */
static char *
strip (char *text, char *end)
{
    while (text < end && g_ascii_isspace (*text))
        text++;
    while (end > text && g_ascii_isspace (end[-1]))
        end--;
    *end = '\0';
    return text;
}

/* Reads the part of an Authentication-Results value that starts at P, up to the next
 * top-level ';': the text outside comments into CLEAN and the first comment into COMMENT
 * (each stripped; a buffer as long as the value each), quoted strings and escaped characters
 * kept. Returns where the next part starts, or NULL after the last. One pass with no
 * allocation: every message of a mailbox may carry these fields. */
static const char *
next_part (const char *p, char *clean_buffer, char *comment_buffer, char **clean, char **comment)
{
    char *text = clean_buffer, *note = comment_buffer;
    gboolean have_comment = FALSE, quoted = FALSE;
    guint depth = 0;
    for (;; p++) {
        /* Only these bytes (and the end) change the state: the others are copied in runs. */
        gsize run = strcspn (p, ";\\\"()");
        if (depth == 0) {
            memcpy (text, p, run);
            text += run;
        } else if (!have_comment) {
            memcpy (note, p, run);
            note += run;
        }
        p += run;
        if (*p == '\0' || (*p == ';' && depth == 0 && !quoted)) {
            *clean = strip (clean_buffer, text);
            *comment = strip (comment_buffer, note);
            return *p ? p + 1 : NULL;
        }
        if (*p == '\\' && p[1] != '\0') {
            /* Inside any comment, even one after the first, an escaped character goes to
             * the comment. */
            if (depth)
                *note++ = p[1];
            else
                *text++ = p[1];
            p++;
            continue;
        }
        if (*p == '"' && depth == 0)
            quoted = !quoted;
        if (!quoted && *p == '(') {
            if (depth++ == 0) {
                *text++ = ' ';
                continue;
            }
        } else if (!quoted && *p == ')' && depth > 0) {
            if (--depth == 0) {
                have_comment = TRUE;
                continue;
            }
        }
        if (depth == 0)
            *text++ = *p;
        else if (!have_comment)
            *note++ = *p;
    }
}

/* The word after "NAME=" in TEXT, where NAME starts a word; NULL when absent. */
static gchar *
property (const char *text, const char *name)
{
    gsize n = strlen (name);
    for (const char *p = text; (p = strstr (p, name)) != NULL; p++) {
        if ((p == text || g_ascii_isspace (p[-1])) && p[n] == '=') {
            const char *value = p + n + 1;
            gsize len = strcspn (value, " \t");
            return len ? g_strndup (value, len) : NULL;
        }
    }
    return NULL;
}

HtAuthResults *
ht_exchange_parse_auth_results (const char *value)
{
    HtAuthResults *results = g_new0 (HtAuthResults, 1);
    if (value == NULL)
        return results;
    g_autofree gchar *unfolded = ht_received_unfold (value);
    gsize length = strlen (unfolded);
    /* A part's clean text and its comment are each at most as long as the value. */
    g_autofree gchar *buffers = g_malloc (2 * (length + 1));
    const char *next = unfolded;
    for (guint i = 0; next; i++) {
        char *part, *comment;
        next = next_part (next, buffers, buffers + length + 1, &part, &comment);
        const char *equals = strchr (part, '=');
        gsize word = strcspn (part, " \t=");
        /* RFC 8601 starts with the authserv-id ("mx.google.com;"); Microsoft's own form
         * starts straight with "spf=...". */
        if (i == 0 && (equals == NULL || word < (gsize) (equals - part))) {
            if (word && g_ascii_strncasecmp (part, "none", 4) != 0)
                results->authserv_id = g_strndup (part, word);
            continue;
        }
        if (equals == NULL || word != (gsize) (equals - part))
            continue;
        gsize result_len = strcspn (equals + 1, " \t");
#define IS_METHOD(name) (word == sizeof name - 1 && g_ascii_strncasecmp (part, name, word) == 0)
        gchar **slot = IS_METHOD ("spf")        ? &results->spf
                       : IS_METHOD ("dkim")     ? &results->dkim
                       : IS_METHOD ("dmarc")    ? &results->dmarc
                       : IS_METHOD ("compauth") ? &results->compauth
                                                : NULL;
#undef IS_METHOD
        if (slot == NULL || *slot != NULL || result_len == 0)
            continue;
        *slot = g_ascii_strdown (equals + 1, (gssize) result_len);
        if (slot == &results->compauth)
            results->compauth_reason = property (part, "reason");
        if (slot == &results->spf && *comment)
            results->spf_comment = g_strdup (comment);
    }
    return results;
}
