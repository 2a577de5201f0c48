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
    while (g_ascii_isdigit (**p) && (guint64)(*p - start) < max_digits)
        *value = *value * 10 + (guint64)(*(*p)++ - '0');
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
                fraction_us += (guint64)(*p - '0') * scale;
                scale /= 10;
            }
        }
    }
    while (g_ascii_isspace (*p))
        p++;
    if (*p != '\0')
        return FALSE;
    gint64 total = (gint64)((((days * 24 + hours) * 60 + minutes) * 60 + seconds) * G_USEC_PER_SEC +
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

/* Splits VALUE at top-level ';' into the text outside comments (CLEAN) and the first comment
 * of each part (COMMENTS, "" when none). Quoted strings and escaped characters are kept. */
static void
split_parts (const char *value, GPtrArray *clean, GPtrArray *comments)
{
    GString *text = g_string_new (NULL), *comment = g_string_new (NULL);
    gboolean have_comment = FALSE, quoted = FALSE;
    guint depth = 0;
    for (const char *p = value;; p++) {
        if (*p == '\0' || (*p == ';' && depth == 0 && !quoted)) {
            g_ptr_array_add (clean, g_strstrip (g_string_free (text, FALSE)));
            g_ptr_array_add (comments, g_strstrip (g_string_free (comment, FALSE)));
            if (*p == '\0')
                return;
            text = g_string_new (NULL);
            comment = g_string_new (NULL);
            have_comment = FALSE;
            continue;
        }
        if (*p == '\\' && p[1] != '\0') {
            g_string_append_c (depth ? comment : text, p[1]);
            p++;
            continue;
        }
        if (*p == '"' && depth == 0)
            quoted = !quoted;
        if (!quoted && *p == '(') {
            if (depth++ == 0) {
                g_string_append_c (text, ' ');
                continue;
            }
        } else if (!quoted && *p == ')' && depth > 0) {
            if (--depth == 0) {
                have_comment = TRUE;
                continue;
            }
        }
        if (depth == 0)
            g_string_append_c (text, *p);
        else if (!have_comment)
            g_string_append_c (comment, *p);
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
    g_autoptr (GPtrArray) clean = g_ptr_array_new_with_free_func (g_free);
    g_autoptr (GPtrArray) comments = g_ptr_array_new_with_free_func (g_free);
    split_parts (unfolded, clean, comments);
    for (guint i = 0; i < clean->len; i++) {
        const char *part = g_ptr_array_index (clean, i);
        const char *equals = strchr (part, '=');
        gsize word = strcspn (part, " \t=");
        /* RFC 8601 starts with the authserv-id ("mx.google.com;"); Microsoft's own form
         * starts straight with "spf=...". */
        if (i == 0 && (equals == NULL || word < (gsize)(equals - part))) {
            if (word && g_ascii_strncasecmp (part, "none", 4) != 0)
                results->authserv_id = g_strndup (part, word);
            continue;
        }
        if (equals == NULL || word != (gsize)(equals - part))
            continue;
        gsize result_len = strcspn (equals + 1, " \t");
        g_autofree gchar *method = g_ascii_strdown (part, word);
        g_autofree gchar *result = g_ascii_strdown (equals + 1, result_len);
        gchar **slot = strcmp (method, "spf") == 0        ? &results->spf
                       : strcmp (method, "dkim") == 0     ? &results->dkim
                       : strcmp (method, "dmarc") == 0    ? &results->dmarc
                       : strcmp (method, "compauth") == 0 ? &results->compauth
                                                          : NULL;
        if (slot == NULL || *slot != NULL || result_len == 0)
            continue;
        *slot = g_steal_pointer (&result);
        if (slot == &results->compauth)
            results->compauth_reason = property (part, "reason");
        const char *comment = g_ptr_array_index (comments, i);
        if (slot == &results->spf && *comment)
            results->spf_comment = g_strdup (comment);
    }
    return results;
}
