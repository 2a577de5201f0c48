/* ht-input: files, stdin, mbox and Outlook pastes -> HtMessage stream.
 *
 * The only module that touches files. A message is reduced to what hop tracing needs:
 * its header fields in order, with their raw values and byte offsets, and the decoded
 * Subject, Message-ID and Date. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HT_INPUT_ERROR (ht_input_error_quark ())
GQuark ht_input_error_quark (void);

typedef enum {
    HT_INPUT_ERROR_UNREADABLE, /* cannot be opened or read; a device */
    HT_INPUT_ERROR_NO_MESSAGE, /* readable, but holds no message header */
} HtInputError;

typedef struct {
    gchar *name;   /* field name as written, e.g. "Received" */
    gchar *value;  /* raw value, folding kept */
    gint64 offset; /* byte offset of the field in the message, -1 when unknown */
} HtHeader;

typedef struct {
    gchar *source;     /* the path as given, or "-" for stdin */
    guint index;       /* 0-based position of the message in its source */
    gchar *message_id; /* unfolded Message-ID value, or NULL */
    gchar *subject;    /* decoded Subject (UTF-8), or NULL */
    gboolean has_date;
    gint64 date; /* Date header, seconds since the epoch (UTC) */
    /* HtHeader*, in order. The array, its HtHeaders and every string of the message belong
     * to the message and live until ht_message_free (which may reuse them): copy what must
     * outlive it, never keep a reference to the array. */
    GPtrArray *headers;
    guint nul_bytes;    /* NUL bytes found (and replaced) in the header block */
    gboolean paste;     /* read as an Outlook-style paste */
    gboolean truncated; /* the header block passed the size limit and was cut */
} HtMessage;

/* Frees a message of ht_input_next or ht_input_parse_bytes, the only ways to make one. */
void ht_message_free (HtMessage *message);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtMessage, ht_message_free)

typedef struct {
    gboolean force_paste; /* --paste: read blank lines between headers as a paste's */
} HtInputOptions;

typedef struct _HtInput HtInput;

/* Opens PATH ("-" for standard input). Fails with HT_INPUT_ERROR_UNREADABLE. */
HtInput *ht_input_open (const char *path, const HtInputOptions *options, GError **error);

/* The next message, or NULL at the end (error unset) or on failure (error set; with
 * HT_INPUT_ERROR_NO_MESSAGE when the source held no message at all). */
HtMessage *ht_input_next (HtInput *input, GError **error);

/* The file the last message came from (a directory is read file by file). */
const char *ht_input_current_path (const HtInput *input);

/* TRUE while a directory still has files to read after an error on one of them. */
gboolean ht_input_has_more (const HtInput *input);

void ht_input_free (HtInput *input);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtInput, ht_input_free)

/* Parses one message (not an mbox) held in memory, after paste normalisation. Returns
 * NULL with HT_INPUT_ERROR_NO_MESSAGE when DATA holds no header field. */
HtMessage *ht_input_parse_bytes (const char *source, const char *data, gsize len,
                                 const HtInputOptions *options, GError **error);

/* Repairs a header block the way Outlook pastes need it (see ht-input.c) and returns the
 * repaired message text. Exposed for tests. (transfer full) */
GByteArray *ht_input_normalize (const char *data, gsize len, gboolean force_paste, gboolean *paste,
                                guint *nul_bytes);

G_END_DECLS
