/* ht-escape: header text is attacker-controlled. A Received line can carry ESC sequences
 * that would recolour, move or retitle an administrator's terminal, or a right-to-left
 * override that makes "moc.elpmaxe" read as "example.com". */
#include "config.h"

#include "ht-escape.h"

#include <string.h>

static gboolean
is_unsafe (gunichar c)
{
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) ||
           (c >= 0x200e && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) ||
           (c >= 0x2066 && c <= 0x2069) || c == 0xfeff;
}

gchar *
ht_escape_terminal (const char *text)
{
    if (text == NULL)
        return NULL;
    GString *out = g_string_sized_new (strlen (text));
    const char *p = text;
    while (*p) {
        gunichar c = g_utf8_get_char_validated (p, -1);
        if (c == (gunichar) -1 || c == (gunichar) -2) {
            g_string_append_printf (out, "\\x%02x", (guchar) *p);
            p++;
            continue;
        }
        const char *next = g_utf8_next_char (p);
        if (c == '\t')
            g_string_append_c (out, ' ');
        else if (c < 0x100 && is_unsafe (c))
            g_string_append_printf (out, "\\x%02x", c);
        else if (is_unsafe (c))
            g_string_append_printf (out, "\\u%04x", c);
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
