/* ht-ascii: comparisons of ASCII text that ignore case, for the hot paths.
 *
 * g_ascii_strcasecmp and g_ascii_tolower are calls into GLib for every string or byte; these
 * are inlined where they are used. Only the 26 letters fold: every other byte, UTF-8 ones
 * included, compares as it is. */
#pragma once

#include <glib.h>

static inline char
ht_ascii_lower (char c)
{
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
}

/* TRUE when A and B are the same byte or the same letter in the other case. Equal bytes, and
 * bytes that differ in more than the case bit, are told apart without folding either. */
static inline gboolean
ht_ascii_same (char a, char b)
{
    return a == b || ((a ^ b) == 0x20 && (guchar) ((a | 0x20) - 'a') < 26);
}

/* TRUE when the LENGTH bytes at A and B are equal but for case. */
static inline gboolean
ht_ascii_equal (const char *a, const char *b, gsize length)
{
    for (gsize i = 0; i < length; i++)
        if (!ht_ascii_same (a[i], b[i]))
            return FALSE;
    return TRUE;
}

/* TRUE when the strings A and B are equal but for case. */
static inline gboolean
ht_ascii_is (const char *a, const char *b)
{
    for (; *b; a++, b++)
        if (!ht_ascii_same (*a, *b))
            return FALSE;
    return *a == '\0';
}

/* TRUE when TEXT starts with PREFIX but for case. */
static inline gboolean
ht_ascii_starts (const char *text, const char *prefix)
{
    for (; *prefix; text++, prefix++)
        if (!ht_ascii_same (*text, *prefix))
            return FALSE;
    return TRUE;
}
