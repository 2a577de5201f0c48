/* ht-input: where messages come from.
 *
 * A source is an mbox when its first line is an mbox "From " separator; it is then read by
 * GMime's parser in mbox mode, message after message, without loading the file. Anything
 * else is one message: an .eml, a bare header block, or headers pasted from Outlook. Those
 * go through ht_input_normalize first, because Outlook's "Internet headers" box loses what
 * GMime's RFC 5322 parser relies on: it adds a first line "Microsoft Mail Internet Headers
 * Version 2.0", may double the blank lines between fields, and may lose the leading white
 * space of folded lines. Without the repair GMime would end the header block early and
 * Received fields would be lost. */
#include "config.h"

#include "ht-input.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ht-gmime-autoptr.h"

G_DEFINE_QUARK (ht-input-error-quark, ht_input_error)

#define OUTLOOK_MARKER "Microsoft Mail Internet Headers Version 2.0"

struct _HtInput {
    gchar *path;
    HtInputOptions options;
    GMimeParser *mbox_parser;   /* set for an mbox */
    GByteArray *single;         /* set for a single message not yet returned */
    guint index;
    gboolean produced;
};

void
ht_message_free (HtMessage *message)
{
    if (message == NULL)
        return;
    g_free (message->source);
    g_free (message->message_id);
    g_free (message->subject);
    g_ptr_array_unref (message->headers);
    g_free (message);
}

static void
header_free (gpointer data)
{
    HtHeader *header = data;
    g_free (header->name);
    g_free (header->value);
    g_free (header);
}

/* ---- Header-block repair ------------------------------------------------------------ */

typedef struct {
    const char *start;
    gsize len; /* without the line ending */
} Line;

static GArray *
split_lines (const char *data, gsize len)
{
    GArray *lines = g_array_new (FALSE, FALSE, sizeof (Line));
    const char *p = data, *end = data + len;
    while (p < end) {
        const char *nl = memchr (p, '\n', end - p);
        Line line = {p, (nl ? nl : end) - p};
        if (line.len > 0 && p[line.len - 1] == '\r')
            line.len--;
        g_array_append_val (lines, line);
        p = nl ? nl + 1 : end;
    }
    return lines;
}

static gboolean
is_blank (const Line *line)
{
    for (gsize i = 0; i < line->len; i++)
        if (line->start[i] != ' ' && line->start[i] != '\t')
            return FALSE;
    return TRUE;
}

static gboolean
is_continuation (const Line *line)
{
    return line->len > 0 && (line->start[0] == ' ' || line->start[0] == '\t') && !is_blank (line);
}

/* RFC 5322 section 3.6.8: a field name is printable US-ASCII except ':'; obsolete syntax
 * (section 4.5) lets white space stand before the colon. */
static gboolean
is_field_line (const Line *line)
{
    gsize i = 0;
    while (i < line->len && line->start[i] > 32 && line->start[i] < 127 && line->start[i] != ':')
        i++;
    if (i == 0 || i > 76)
        return FALSE;
    while (i < line->len && (line->start[i] == ' ' || line->start[i] == '\t'))
        i++;
    return i < line->len && line->start[i] == ':';
}

/* The index of the next non-blank line at or after I, or lines->len. */
static guint
next_nonblank (GArray *lines, guint i)
{
    while (i < lines->len && is_blank (&g_array_index (lines, Line, i)))
        i++;
    return i;
}

/* A paste with doubled blank lines has several "blank line, then a field" steps before any
 * body text; a saved message has one (its body may start with "From:" lines of a forwarded
 * message, but those end at the next blank line or body text). */
static gboolean
looks_like_spaced_paste (GArray *lines, guint first)
{
    guint steps = 0;
    for (guint i = first; i < lines->len; i++) {
        const Line *line = &g_array_index (lines, Line, i);
        if (is_blank (line)) {
            guint next = next_nonblank (lines, i);
            if (next >= lines->len || !is_field_line (&g_array_index (lines, Line, next)))
                break;
            steps++;
            i = next;
        } else if (!is_field_line (line) && !is_continuation (line) && i > first) {
            /* a lost fold inside the header block is allowed before the first blank line */
            if (steps > 0)
                break;
        }
    }
    return steps >= 2;
}

GByteArray *
ht_input_normalize (const char *data, gsize len, gboolean force_paste, gboolean *paste,
                    guint *nul_bytes)
{
    g_autoptr (GArray) lines = split_lines (data, len);
    GByteArray *out = g_byte_array_sized_new (len + 64);
    guint nuls = 0;
    guint i = 0;

    /* A UTF-8 byte-order mark, then leading blank lines, then Outlook's marker line. */
    if (lines->len > 0) {
        Line *first = &g_array_index (lines, Line, 0);
        if (first->len >= 3 && memcmp (first->start, "\xEF\xBB\xBF", 3) == 0) {
            first->start += 3;
            first->len -= 3;
        }
    }
    i = next_nonblank (lines, 0);
    gboolean is_paste = force_paste;
    if (i < lines->len) {
        const Line *line = &g_array_index (lines, Line, i);
        if (line->len >= strlen (OUTLOOK_MARKER) &&
            memcmp (line->start, OUTLOOK_MARKER, strlen (OUTLOOK_MARKER)) == 0) {
            is_paste = TRUE;
            i = next_nonblank (lines, i + 1);
        }
    }
    if (!is_paste)
        is_paste = looks_like_spaced_paste (lines, i);

    gboolean in_headers = TRUE;
    gboolean seen_field = FALSE;
    for (; i < lines->len; i++) {
        const Line *line = &g_array_index (lines, Line, i);
        if (!in_headers) {
            /* The body is copied as it was, line endings included. */
            const char *end = i + 1 < lines->len ? g_array_index (lines, Line, i + 1).start
                                                 : data + len;
            g_byte_array_append (out, (const guint8 *) line->start, end - line->start);
            continue;
        }
        if (is_blank (line)) {
            guint next = next_nonblank (lines, i);
            if (is_paste && seen_field && next < lines->len &&
                is_field_line (&g_array_index (lines, Line, next))) {
                i = next - 1; /* doubled blank lines between the fields of a paste */
                continue;
            }
            g_byte_array_append (out, (const guint8 *) "\n", 1);
            in_headers = FALSE;
            i = is_paste ? next - 1 : i;
            continue;
        }
        if (is_field_line (line)) {
            seen_field = TRUE;
        } else if (!is_continuation (line)) {
            if (!seen_field) {
                /* Not a message header at all: leave it to GMime, which will find no field. */
                in_headers = FALSE;
                i--;
                continue;
            }
            /* A folded line that lost its leading white space. */
            g_byte_array_append (out, (const guint8 *) " ", 1);
        }
        for (gsize k = 0; k < line->len; k++) {
            if (line->start[k] == '\0') {
                g_byte_array_append (out, (const guint8 *) "\xEF\xBF\xBD", 3);
                nuls++;
            } else {
                g_byte_array_append (out, (const guint8 *) &line->start[k], 1);
            }
        }
        g_byte_array_append (out, (const guint8 *) "\n", 1);
    }
    if (in_headers)
        g_byte_array_append (out, (const guint8 *) "\n", 1);
    if (paste)
        *paste = is_paste;
    if (nul_bytes)
        *nul_bytes = nuls;
    return out;
}

/* ---- GMime message -> HtMessage ------------------------------------------------------ */

static HtMessage *
message_from_gmime (GMimeMessage *gmessage, const char *source, guint index)
{
    GMimeHeaderList *list = g_mime_object_get_header_list (GMIME_OBJECT (gmessage));
    int count = list ? g_mime_header_list_get_count (list) : 0;
    if (count <= 0)
        return NULL;

    HtMessage *message = g_new0 (HtMessage, 1);
    message->source = g_strdup (source);
    message->index = index;
    message->headers = g_ptr_array_new_full (count, header_free);
    for (int i = 0; i < count; i++) {
        GMimeHeader *gheader = g_mime_header_list_get_header_at (list, i);
        HtHeader *header = g_new0 (HtHeader, 1);
        const char *raw = g_mime_header_get_raw_value (gheader);
        header->name = g_strdup (g_mime_header_get_name (gheader));
        header->value = g_strdup (raw ? raw : "");
        header->offset = g_mime_header_get_offset (gheader);
        g_ptr_array_add (message->headers, header);
    }

    const char *subject = g_mime_message_get_subject (gmessage);
    if (subject)
        message->subject = g_strdup (subject);
    const char *message_id = g_mime_object_get_header (GMIME_OBJECT (gmessage), "Message-ID");
    if (message_id) {
        message->message_id = g_strdup (message_id);
        g_strstrip (message->message_id);
    }
    GDateTime *date = g_mime_message_get_date (gmessage);
    if (date) {
        message->has_date = TRUE;
        message->date = g_date_time_to_unix (date);
    }
    return message;
}

static HtMessage *
parse_single (const char *source, GByteArray *bytes, GError **error)
{
    g_autoptr (GMimeStream) stream = g_mime_stream_mem_new_with_byte_array (bytes);
    g_mime_stream_mem_set_owner (GMIME_STREAM_MEM (stream), FALSE);
    g_autoptr (GMimeParser) parser = g_mime_parser_new_with_stream (stream);
    g_mime_parser_set_format (parser, GMIME_FORMAT_MESSAGE);
    g_autoptr (GMimeMessage) gmessage = g_mime_parser_construct_message (parser, NULL);
    HtMessage *message = gmessage ? message_from_gmime (gmessage, source, 0) : NULL;
    if (message == NULL)
        g_set_error (error, HT_INPUT_ERROR, HT_INPUT_ERROR_NO_MESSAGE,
                     "holds no message (no header fields found)");
    return message;
}

HtMessage *
ht_input_parse_bytes (const char *source, const char *data, gsize len,
                      const HtInputOptions *options, GError **error)
{
    gboolean paste = FALSE;
    guint nuls = 0;
    g_autoptr (GByteArray) bytes =
        ht_input_normalize (data, len, options && options->force_paste, &paste, &nuls);
    HtMessage *message = parse_single (source, bytes, error);
    if (message) {
        message->paste = paste;
        message->nul_bytes = nuls;
    }
    return message;
}

/* ---- Sources -------------------------------------------------------------------------- */

static gboolean
read_all (int fd, GByteArray *into, GError **error)
{
    guint8 buffer[65536];
    for (;;) {
        ssize_t n = read (fd, buffer, sizeof buffer);
        if (n == 0)
            return TRUE;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int saved = errno;
            g_set_error (error, HT_INPUT_ERROR, HT_INPUT_ERROR_UNREADABLE, "%s",
                         g_strerror (saved));
            return FALSE;
        }
        g_byte_array_append (into, buffer, n);
    }
}

static gboolean
starts_mbox (const guint8 *data, gsize len)
{
    return len >= 5 && memcmp (data, "From ", 5) == 0;
}

HtInput *
ht_input_open (const char *path, const HtInputOptions *options, GError **error)
{
    g_return_val_if_fail (path != NULL, NULL);

    gboolean is_stdin = strcmp (path, "-") == 0;
    int fd = is_stdin ? STDIN_FILENO : open (path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int saved = errno;
        g_set_error (error, HT_INPUT_ERROR, HT_INPUT_ERROR_UNREADABLE, "%s", g_strerror (saved));
        return NULL;
    }
    struct stat st;
    if (fstat (fd, &st) == 0 && S_ISDIR (st.st_mode)) {
        if (!is_stdin)
            close (fd);
        g_set_error (error, HT_INPUT_ERROR, HT_INPUT_ERROR_UNREADABLE, "is a directory");
        return NULL;
    }

    HtInput *input = g_new0 (HtInput, 1);
    input->path = g_strdup (path);
    if (options)
        input->options = *options;

    /* A regular file that starts like an mbox is streamed; anything else is read whole
     * (a pipe cannot be rewound after peeking, and single messages are small). */
    guint8 head[5];
    ssize_t got = 0;
    if (!is_stdin && S_ISREG (st.st_mode)) {
        got = pread (fd, head, sizeof head, 0);
        if (got == (ssize_t) sizeof head && starts_mbox (head, sizeof head)) {
            GMimeStream *stream = g_mime_stream_fs_new (fd);
            input->mbox_parser = g_mime_parser_new_with_stream (stream);
            g_mime_parser_set_format (input->mbox_parser, GMIME_FORMAT_MBOX);
            g_object_unref (stream);
            return input;
        }
    }
    input->single = g_byte_array_new ();
    gboolean ok = read_all (fd, input->single, error);
    if (!is_stdin)
        close (fd);
    if (!ok) {
        ht_input_free (input);
        return NULL;
    }
    if (starts_mbox (input->single->data, input->single->len)) {
        GMimeStream *stream = g_mime_stream_mem_new_with_byte_array (g_steal_pointer (&input->single));
        input->mbox_parser = g_mime_parser_new_with_stream (stream);
        g_mime_parser_set_format (input->mbox_parser, GMIME_FORMAT_MBOX);
        g_object_unref (stream);
    }
    return input;
}

HtMessage *
ht_input_next (HtInput *input, GError **error)
{
    g_return_val_if_fail (input != NULL, NULL);

    if (input->mbox_parser) {
        while (!g_mime_parser_eos (input->mbox_parser)) {
            g_autoptr (GMimeMessage) gmessage =
                g_mime_parser_construct_message (input->mbox_parser, NULL);
            if (gmessage == NULL)
                break;
            HtMessage *message = message_from_gmime (gmessage, input->path, input->index);
            input->index++;
            if (message) {
                input->produced = TRUE;
                return message;
            }
        }
        if (!input->produced) {
            input->produced = TRUE; /* report once */
            g_set_error (error, HT_INPUT_ERROR, HT_INPUT_ERROR_NO_MESSAGE,
                         "holds no message (an mbox with no readable message)");
        }
        return NULL;
    }

    if (input->single == NULL)
        return NULL;
    g_autoptr (GByteArray) bytes = g_steal_pointer (&input->single);
    if (bytes->len == 0) {
        g_set_error (error, HT_INPUT_ERROR, HT_INPUT_ERROR_NO_MESSAGE, "is empty");
        return NULL;
    }
    input->produced = TRUE;
    return ht_input_parse_bytes (input->path, (const char *) bytes->data, bytes->len,
                                 &input->options, error);
}

void
ht_input_free (HtInput *input)
{
    if (input == NULL)
        return;
    g_free (input->path);
    g_clear_object (&input->mbox_parser);
    if (input->single)
        g_byte_array_unref (input->single);
    g_free (input);
}
