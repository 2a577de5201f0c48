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

G_END_DECLS
