/* ht-escape: header text is attacker-controlled. A Received line can carry ESC sequences
 * that would recolour, move or retitle an administrator's terminal, or a right-to-left
 * override that makes "moc.elpmaxe" read as "example.com". */
#include "config.h"

#include "ht-escape.h"

#include <string.h>

static gboolean
is_unsafe (gunichar c)
{
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || (c >= 0x200e && c <= 0x200f) ||
           (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0xfeff;
}

/* Space to '~': the bytes shown as they are, nearly all of a real header. */
static inline gboolean
is_printable_ascii (char c)
{
    return (guchar) (c - 0x20) < 0x5f;
}

/* "\x1b" for C below 0x100, else "\u202e": always two or four digits, as the character
 * ranges of is_unsafe allow. */
static void
append_escape (GString *out, gunichar c)
{
    static const char hex[] = "0123456789abcdef";
    char escape[6] = {'\\', c < 0x100 ? 'x' : 'u'};
    gsize length = 2;
    for (int shift = c < 0x100 ? 4 : 12; shift >= 0; shift -= 4)
        escape[length++] = hex[(c >> shift) & 0xf];
    g_string_append_len (out, escape, length);
}

gchar *
ht_escape_terminal (const char *text)
{
    if (text == NULL)
        return NULL;
    const char *p = text;
    while (is_printable_ascii (*p))
        p++;
    if (*p == '\0')
        return g_strndup (text, p - text);
    GString *out = g_string_sized_new ((p - text) + strlen (p));
    g_string_append_len (out, text, p - text);
    while (*p) {
        /* Printable ASCII, one run at a time; the rest one character at a time. */
        const char *run = p;
        while (is_printable_ascii (*p))
            p++;
        g_string_append_len (out, run, p - run);
        if (*p == '\0')
            break;
        gunichar c = g_utf8_get_char_validated (p, -1);
        if (c == (gunichar) -1 || c == (gunichar) -2) {
            append_escape (out, (guchar) *p);
            p++;
            continue;
        }
        const char *next = g_utf8_next_char (p);
        if (c == '\t')
            g_string_append_c (out, ' ');
        else if (is_unsafe (c))
            append_escape (out, c);
        else
            g_string_append_len (out, p, next - p);
        p = next;
    }
    return g_string_free (out, FALSE);
}

gchar *
ht_escape_utf8 (const char *text, gboolean *replaced)
{
    if (text == NULL)
        return NULL;
    if (g_utf8_validate (text, -1, NULL))
        return g_strdup (text);
    if (replaced)
        *replaced = TRUE;
    return g_utf8_make_valid (text, -1);
}

void
ht_escape_append (GString *out, const char *text, HtEscapeAppendFunc append)
{
    const char *rest = append (out, text, TRUE);
    if (*rest != '\0') {
        g_autofree gchar *safe = ht_escape_terminal (rest);
        append (out, safe, FALSE);
    }
}
