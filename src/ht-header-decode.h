/* ht-header-decode: Subject and Date values -> UTF-8 text and a Unix time.
 *
 * Decodes a message's Subject (RFC 2047 encoded words) and Date (RFC 5322 section 3.3) as
 * GMime decodes them, byte for byte, but reads the forms nearly every mailer writes without
 * GMime: "=?UTF-8?Q?...?=" and "=?UTF-8?B?...?=" words between printable US-ASCII ones, and
 * "Tue, 14 Jan 2025 10:00:00 +0000". Every other form is left to GMime.
 *
 * Pure: text in, value out, into memory the caller provides; nothing is kept from call to
 * call and no file is touched (g_mime_init must have run for the GMime fallbacks). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Copies VALUE (LEN bytes, not NUL-terminated) with each run of white space and line breaks
 * made one space, and none at either end, to OUT, which has room for LEN + 1 bytes; OUT is
 * NUL-terminated. Returns the length written; sets *PLAIN (when PLAIN is not NULL) to whether
 * the result is printable US-ASCII without "=?", which RFC 2047 decoding would return
 * unchanged. */
gsize ht_header_decode_unfold (char *out, const char *value, gsize len, gboolean *plain);

/* The bytes ht_header_decode_subject needs in its BUFFER for a value of LEN bytes. */
#define HT_HEADER_DECODE_SUBJECT_SIZE(len) (2 * ((gsize) (len) + 1))

/* The decoded Subject (UTF-8) of the raw, possibly folded VALUE (LEN bytes): in BUFFER, which
 * has room for HT_HEADER_DECODE_SUBJECT_SIZE (LEN) bytes, when it is plain or in the common
 * encoded form, else from GMime's g_mime_utils_header_decode_text, and then *DECODED owns it
 * (transfer full; *DECODED is left alone otherwise, so the caller sets it to NULL first). The
 * result is valid until BUFFER is reused or *DECODED freed. */
const char *ht_header_decode_subject (char *buffer, const char *value, gsize len, gchar **decoded);

/* The instant of a Date VALUE (NUL-terminated), in seconds since 1970-01-01 UTC, in *DATE.
 * Returns FALSE, leaving *DATE unset, when neither the common form nor GMime reads it. */
gboolean ht_header_decode_date (const char *value, gint64 *date);

/* Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard Hinnant's
 * days_from_civil): no GDateTime per line on a mailbox's hot path. Shared with the Received
 * date parser (ht-date.c). */
gint64 ht_header_decode_days_from_civil (gint64 year, int month, int day);

G_END_DECLS
