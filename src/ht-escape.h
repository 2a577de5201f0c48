/* ht-escape: making attacker-written header text safe for each output. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* For a terminal or a plain-text report: control characters (C0, DEL, C1), Unicode
 * direction overrides and invalid UTF-8 bytes are shown escaped ("\x1b", "\u202e"), never
 * passed through. The result is valid UTF-8. (transfer full) */
gchar *ht_escape_terminal (const char *text);

/* Valid UTF-8 for JSON: invalid bytes become U+FFFD. Sets *REPLACED when any did. JSON's
 * own escaping of control characters is left to the JSON writer. (transfer full) */
gchar *ht_escape_utf8 (const char *text, gboolean *replaced);

/* A format's own escaping, appending TEXT to OUT: with PRINTABLE_ONLY it stops at the first
 * byte that is not printable ASCII and returns where it stopped; else it takes all of TEXT
 * and returns its end. */
typedef const char *(*HtEscapeAppendFunc) (GString *out, const char *text, gboolean printable_only);

/* Appends TEXT to OUT through a format's APPEND, made safe as ht_escape_terminal does.
 * ht_escape_terminal passes printable ASCII through unchanged, so the run of it that is
 * nearly every header text skips that call and its copy; only the rest, if any, goes
 * through it. */
void ht_escape_append (GString *out, const char *text, HtEscapeAppendFunc append);

G_END_DECLS
