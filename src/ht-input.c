/* ht-input: where messages come from.
 *
 * Hop tracing needs only a message's header block, so no body is ever parsed: an mbox is
 * scanned for its "From " separator lines, and of a single message only the bytes up to the
 * end of its header block are read. Memory stays bounded by the largest header block,
 * whatever the size of the mailbox or its attachments.
 *
 * A single message (an .eml, a bare header block, a paste) first goes through
 * ht_input_normalize, because Outlook's "Internet headers" box loses what RFC 5322 relies
 * on: it adds a first line "Microsoft Mail Internet Headers Version 2.0", may double the
 * blank lines between fields, and may lose the leading white space of folded lines.
 *
 * A directory is read recursively, in name order; in a Maildir only cur/ and new/ are
 * read (tmp/ holds deliveries in progress, the rest is the server's index files).
 *
 * Cost: this runs once per message of mailboxes of tens of thousands of messages, so the
 * header block is repaired into a buffer reused from message to message, and each message
 * is one allocation (plus its GPtrArray) that holds the HtMessage, its HtHeader array and
 * all their text. GMime decodes only what needs it: RFC 2047 subjects and dates in other
 * forms than the common "Tue, 14 Jan 2025 10:00:00 +0000" (see ht-header-decode). */
#include "config.h"

#include "ht-input.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

#include "ht-header-decode.h"

G_DEFINE_QUARK (ht - input - error - quark, ht_input_error)

#define OUTLOOK_MARKER "Microsoft Mail Internet Headers Version 2.0"
#define CHUNK_SIZE (256 * 1024)
/* A header block larger than this is cut (with a finding): 100 000 Received fields of a
 * hostile message fit many times over, and memory stays bounded. */
#define HEADER_BLOCK_MAX (64 * 1024 * 1024)
/* Scratch space a hostile message made larger than this is given back after it. */
#define SCRATCH_KEEP (1024 * 1024)

/* ---- Message blocks ----------------------------------------------------------------------- */

/* A message is one block: this header, the HtMessage, its HtHeader array, then its text. */
typedef struct {
    gsize allocated;  /* bytes in the block, this header included */
    GPtrArray *spare; /* a freed message's headers array, kept with its block for the next */
    HtMessage message;
} MessageBlock;

/* Blocks of messages already freed, for the next ones. A block of a few KiB is a large
 * request to glibc's malloc, and each large request first consolidates all the small
 * chunks freed since the previous one: some 5 000 instructions a message, and as many to
 * free it. Messages may be freed on another thread than the one that reads, hence the lock
 * (a POSIX one, which ThreadSanitizer sees, unlike GLib's); the cache holds a few small
 * blocks, so memory stays bounded. */
#define BLOCK_CACHE_SIZE 8
#define BLOCK_CACHE_MAX (64 * 1024) /* larger blocks go back to malloc at once */
static pthread_mutex_t block_cache_lock = PTHREAD_MUTEX_INITIALIZER;
static MessageBlock *block_cache[BLOCK_CACHE_SIZE];
static guint block_cache_len;

static void
block_free (MessageBlock *block)
{
    if (block == NULL)
        return;
    if (block->spare)
        g_ptr_array_unref (block->spare);
    g_free (block);
}

/* A block of at least SIZE bytes, whose message's headers array has N elements. */
static MessageBlock *
block_new (gsize size, guint n)
{
    MessageBlock *block = NULL;
    pthread_mutex_lock (&block_cache_lock);
    if (block_cache_len > 0)
        block = block_cache[--block_cache_len];
    pthread_mutex_unlock (&block_cache_lock);
    if (block == NULL || block->allocated < size) {
        block_free (block);
        /* Powers of two, so that a cached block fits most of the next messages. */
        gsize allocated = 4096;
        while (allocated < size && allocated <= BLOCK_CACHE_MAX)
            allocated *= 2;
        allocated = MAX (allocated, size);
        block = g_malloc (allocated);
        block->allocated = allocated;
        block->spare = NULL;
    }
    GPtrArray *headers = block->spare ? block->spare : g_ptr_array_sized_new (n);
    block->spare = NULL;
    g_ptr_array_set_size (headers, n);
    block->message = (HtMessage){.headers = headers};
    return block;
}

void
ht_message_free (HtMessage *message)
{
    if (message == NULL)
        return;
    /* The headers' HtHeader structs and all text live in the message's own block. */
    MessageBlock *block =
        (MessageBlock *) ((char *) message - G_STRUCT_OFFSET (MessageBlock, message));
    block->spare = message->headers;
    if (block->allocated <= BLOCK_CACHE_MAX) {
        pthread_mutex_lock (&block_cache_lock);
        if (block_cache_len < BLOCK_CACHE_SIZE) {
            block_cache[block_cache_len++] = block;
            block = NULL;
        }
        pthread_mutex_unlock (&block_cache_lock);
    }
    block_free (block);
}

/* ---- Scratch space ------------------------------------------------------------------------ */

/* A growable byte buffer. Appending is inline: it runs for every header line. */
typedef struct {
    char *data;
    gsize len;
    gsize allocated;
} Buffer;

static void
buffer_grow (Buffer *buffer, gsize needed)
{
    gsize allocated = MAX (buffer->allocated * 2, (gsize) 4096);
    while (allocated < needed)
        allocated *= 2;
    buffer->data = g_realloc (buffer->data, allocated);
    buffer->allocated = allocated;
}

static inline void
buffer_append (Buffer *buffer, const void *data, gsize len)
{
    if (buffer->allocated - buffer->len <= len) /* "<=": an empty buffer may have no memory */
        buffer_grow (buffer, buffer->len + len);
    memcpy (buffer->data + buffer->len, data, len);
    buffer->len += len;
}

static inline void
buffer_append_c (Buffer *buffer, char c)
{
    if (buffer->allocated == buffer->len)
        buffer_grow (buffer, buffer->len + 1);
    buffer->data[buffer->len++] = c;
}

/* Where one field sits in a repaired header block, as offsets into the block. */
typedef struct {
    gsize start;     /* the field's first line, which starts with its name */
    gsize name_len;  /* the name as written, without the colon */
    gsize value;     /* just after the colon */
    gsize value_end; /* the end of its last continuation line, before the '\n' */
} FieldSpan;

typedef struct {
    FieldSpan *items;
    guint len;
    guint allocated;
} FieldSpans;

static void
field_spans_add (FieldSpans *fields, gsize start, gsize name_len, gsize value)
{
    if (fields->len == fields->allocated) {
        fields->allocated = MAX (fields->allocated * 2, 64u);
        fields->items = g_renew (FieldSpan, fields->items, fields->allocated);
    }
    fields->items[fields->len++] = (FieldSpan){start, name_len, value, 0};
}

/* A line of a single message, see Lines. */
typedef struct {
    const char *start;
    gsize len; /* without the line ending */
} Line;

/* What building one message needs besides its bytes; reused from message to message. */
typedef struct {
    Buffer block;      /* the repaired header block */
    FieldSpans fields; /* its fields */
    Buffer text;       /* a Subject, unfolded and decoded: see decode_subject */
    GArray *lines;     /* a single message's lines, see Lines */
} Scratch;

static void
scratch_reset (Scratch *scratch)
{
    scratch->block.len = 0;
    scratch->fields.len = 0;
}

static void
scratch_clear (Scratch *scratch)
{
    g_clear_pointer (&scratch->block.data, g_free);
    g_clear_pointer (&scratch->fields.items, g_free);
    g_clear_pointer (&scratch->text.data, g_free);
    g_clear_pointer (&scratch->lines, g_array_unref);
    *scratch = (Scratch){0};
}

/* After a huge header block, gives the memory back rather than keep it for the rest of
 * the mailbox. */
static void
scratch_trim (Scratch *scratch)
{
    if (scratch->block.allocated > SCRATCH_KEEP || scratch->text.allocated > SCRATCH_KEEP ||
        scratch->fields.allocated * sizeof (FieldSpan) > SCRATCH_KEEP ||
        (scratch->lines && scratch->lines->len * sizeof (Line) > SCRATCH_KEEP))
        scratch_clear (scratch);
}

static gboolean
starts_from_line (const char *data, gsize len)
{
    return len >= 5 && memcmp (data, "From ", 5) == 0;
}

/* The first line of [P, END) after a line break that starts with "From ", or NULL. This is
 * all the work a message body costs, so it runs at memory speed: sixteen bytes at a time,
 * looking for a '\n' followed by an 'F', then checking the rest. Calling memchr for each
 * line instead cost ~40 instructions per line of a base64 attachment. */
static const char *
find_separator (const char *p, const char *end)
{
#if defined(__SSE2__) && defined(__GNUC__)
    const __m128i newline = _mm_set1_epi8 ('\n'), capital_f = _mm_set1_epi8 ('F');
    while (end - p >= 17) {
        __m128i here = _mm_loadu_si128 ((const __m128i *) p);
        __m128i next = _mm_loadu_si128 ((const __m128i *) (p + 1));
        unsigned mask = (unsigned) _mm_movemask_epi8 (
            _mm_and_si128 (_mm_cmpeq_epi8 (here, newline), _mm_cmpeq_epi8 (next, capital_f)));
        while (mask) {
            const char *line = p + __builtin_ctz (mask) + 1;
            if (end - line >= 5 && memcmp (line, "From ", 5) == 0)
                return line;
            mask &= mask - 1;
        }
        p += 16;
    }
#endif
    for (; end - p >= 6; p++)
        if (p[0] == '\n' && memcmp (p + 1, "From ", 5) == 0)
            return p + 1;
    return NULL;
}

/* ---- Lines ----------------------------------------------------------------------------- */

/* The lines of a single message, split only as far as they are asked for: its header
 * block ends long before the end of a body, which need not be split. */
typedef struct {
    GArray *lines;    /* Line, split so far */
    const char *next; /* the rest, not split yet */
    const char *end;
} Lines;

/* Line I, or NULL past the last one. The pointer is valid until the next call. */
static Line *
line_at (Lines *lines, guint i)
{
    while (i >= lines->lines->len && lines->next < lines->end) {
        const char *p = lines->next;
        const char *nl = memchr (p, '\n', lines->end - p);
        Line line = {p, (nl ? nl : lines->end) - p};
        if (line.len > 0 && p[line.len - 1] == '\r')
            line.len--;
        g_array_append_val (lines->lines, line);
        lines->next = nl ? nl + 1 : lines->end;
    }
    return i < lines->lines->len ? &g_array_index (lines->lines, Line, i) : NULL;
}

static gboolean
is_blank_text (const char *s, gsize len)
{
    for (gsize i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return FALSE;
    return TRUE;
}

static gboolean
is_blank (const Line *line)
{
    return is_blank_text (line->start, line->len);
}

static gboolean
is_continuation (const Line *line)
{
    return line->len > 0 && (line->start[0] == ' ' || line->start[0] == '\t') && !is_blank (line);
}

/* RFC 5322 section 3.6.8: a field name is printable US-ASCII except ':'; obsolete syntax
 * (section 4.5) lets white space stand before the colon. Returns the name's length (0 when
 * the line is no field) and sets COLON to the colon's index. */
static gsize
field_name (const char *s, gsize len, gsize *colon)
{
    gsize i = 0;
    while (i < len && s[i] > 32 && s[i] < 127 && s[i] != ':')
        i++;
    if (i == 0 || i > 76)
        return 0;
    /* "10:00:01 +0000" is the tail of a date whose fold was lost, not a field named "10":
     * no field name is all digits. */
    gsize digits = 0;
    while (digits < i && g_ascii_isdigit (s[digits]))
        digits++;
    if (digits == i)
        return 0;
    gsize name_len = i;
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i >= len || s[i] != ':')
        return 0;
    *colon = i;
    return name_len;
}

static gsize
field_name_length (const char *s, gsize len)
{
    gsize colon;
    return field_name (s, len, &colon);
}

static gboolean
is_field_line (const Line *line)
{
    return field_name_length (line->start, line->len) > 0;
}

static guint
next_nonblank (Lines *lines, guint i)
{
    const Line *line;
    while ((line = line_at (lines, i)) != NULL && is_blank (line))
        i++;
    return i;
}

/* Whether line I exists and is a field. */
static gboolean
is_field_at (Lines *lines, guint i)
{
    const Line *line = line_at (lines, i);
    return line != NULL && is_field_line (line);
}

/* A paste with doubled blank lines has several "blank line, then a field" steps before any
 * body text; a saved message has one (its body may start with "From:" lines of a forwarded
 * message, but those end at the next blank line or body text). */
static gboolean
looks_like_spaced_paste (Lines *lines, guint first)
{
    guint steps = 0;
    const Line *line;
    for (guint i = first; (line = line_at (lines, i)) != NULL; i++) {
        if (is_blank (line)) {
            guint next = next_nonblank (lines, i);
            if (!is_field_at (lines, next))
                break;
            steps++;
            i = next;
        } else if (!is_field_line (line) && !is_continuation (line) && steps > 0) {
            break;
        }
    }
    return steps >= 2;
}

/* ---- Repair ------------------------------------------------------------------------------- */

/* Appends one line and a '\n', each NUL byte replaced by U+FFFD so that the text stays a C
 * string (a NUL in a header is an attack or a broken gateway, and counted). */
static void
append_line (Buffer *out, const char *line, gsize len, guint *nuls)
{
    const char *end = line + len, *nul;
    while ((nul = memchr (line, '\0', end - line)) != NULL) {
        buffer_append (out, line, nul - line);
        buffer_append (out, "\xEF\xBF\xBD", 3);
        (*nuls)++;
        line = nul + 1;
    }
    buffer_append (out, line, end - line);
    buffer_append_c (out, '\n');
}

/* Repairs DATA into OUT (see ht_input_normalize), noting where each field starts in
 * FIELDS when that is not NULL. LINE_ARRAY is scratch space for the lines. */
static void
normalize (Buffer *out, GArray *line_array, FieldSpans *fields, const char *data, gsize len,
           gboolean force_paste, gboolean *paste, guint *nul_bytes)
{
    g_array_set_size (line_array, 0);
    Lines lines_of_data = {line_array, data, data + len}, *lines = &lines_of_data;
    guint nuls = 0;

    /* A UTF-8 byte-order mark, then leading blank lines, then Outlook's marker line. */
    Line *first = line_at (lines, 0);
    if (first && first->len >= 3 && memcmp (first->start, "\xEF\xBB\xBF", 3) == 0) {
        first->start += 3;
        first->len -= 3;
    }
    guint i = next_nonblank (lines, 0);
    gboolean is_paste = force_paste;
    const Line *line = line_at (lines, i);
    if (line && line->len >= strlen (OUTLOOK_MARKER) &&
        memcmp (line->start, OUTLOOK_MARKER, strlen (OUTLOOK_MARKER)) == 0) {
        is_paste = TRUE;
        i = next_nonblank (lines, i + 1);
    }
    /* A single message saved with its mbox "From " line (mbox tools' "save" does that). */
    line = line_at (lines, i);
    if (line && starts_from_line (line->start, line->len) && !is_field_line (line))
        i = next_nonblank (lines, i + 1);
    if (!is_paste)
        is_paste = looks_like_spaced_paste (lines, i);

    gboolean seen_field = FALSE;
    for (; (line = line_at (lines, i)) != NULL; i++) {
        if (is_blank (line)) {
            guint next = next_nonblank (lines, i);
            if (is_paste && seen_field && is_field_at (lines, next)) {
                i = next - 1; /* doubled blank lines between the fields of a paste */
                continue;
            }
            break; /* the end of the header block */
        }
        gsize colon;
        gsize name_len = field_name (line->start, line->len, &colon);
        if (name_len > 0) {
            seen_field = TRUE;
            if (fields)
                field_spans_add (fields, out->len, name_len, out->len + colon + 1);
        } else if (!is_continuation (line)) {
            if (!seen_field)
                break; /* not a message header at all */
            /* A folded line that lost its leading white space. */
            buffer_append_c (out, ' ');
        } else if (!seen_field) {
            continue; /* a continuation of nothing */
        }
        append_line (out, line->start, line->len, &nuls);
    }
    if (paste)
        *paste = is_paste;
    if (nul_bytes)
        *nul_bytes = nuls;
}

GByteArray *
ht_input_normalize (const char *data, gsize len, gboolean force_paste, gboolean *paste,
                    guint *nul_bytes)
{
    Buffer out = {0};
    g_autoptr (GArray) lines = g_array_new (FALSE, FALSE, sizeof (Line));
    normalize (&out, lines, NULL, data, len, force_paste, paste, nul_bytes);
    GByteArray *array = g_byte_array_sized_new (out.len + 1);
    g_byte_array_append (array, (const guint8 *) out.data, out.len);
    g_free (out.data);
    return array;
}

/* One header line of an mbox message (LEN bytes, with its line ending), repaired into
 * SCRATCH the way ht_input_normalize repairs a single message's, minus what only pastes
 * need: lines before the first field are dropped, unless they are continuations; a line
 * that is neither a field nor a continuation lost its fold. The fields are noted as they
 * pass, so that the block need not be read again. MAY_HOLD_NUL is FALSE when the caller
 * knows the line has no NUL byte. Returns FALSE at a blank line, which ends the repair. */
static gboolean
repair_mbox_line (Scratch *scratch, const char *line, gsize len, gboolean may_hold_nul,
                  gboolean *seen_field, guint *nuls)
{
    gsize content = len;
    if (content > 0 && line[content - 1] == '\n')
        content--;
    if (content > 0 && line[content - 1] == '\r')
        content--;
    if (is_blank_text (line, content))
        return FALSE;
    if (line[0] != ' ' && line[0] != '\t') {
        gsize colon;
        gsize name_len = field_name (line, content, &colon);
        if (name_len > 0) {
            *seen_field = TRUE;
            field_spans_add (&scratch->fields, scratch->block.len, name_len,
                             scratch->block.len + colon + 1);
        } else {
            if (!*seen_field)
                return TRUE;
            buffer_append_c (&scratch->block, ' '); /* a lost fold */
        }
    }
    if (may_hold_nul) {
        append_line (&scratch->block, line, content, nuls);
    } else if (content < len && line[content] == '\n') {
        buffer_append (&scratch->block, line, content + 1); /* the line as it is */
    } else {
        buffer_append (&scratch->block, line, content);
        buffer_append_c (&scratch->block, '\n');
    }
    return TRUE;
}

/* ---- Header block -> HtMessage -------------------------------------------------------------- */

/* Whether a field's name is NAME (lower case letters and '-'), in any case. Setting bit 5
 * lower-cases a letter and leaves '-' as it is; no other name character becomes a letter
 * or '-' by it. */
static gboolean
is_named (const char *block, const FieldSpan *field, const char *name, gsize name_len)
{
    if (field->name_len != name_len)
        return FALSE;
    const char *s = block + field->start;
    for (gsize i = 0; i < name_len; i++)
        if ((s[i] | 0x20) != name[i])
            return FALSE;
    return TRUE;
}

/* The decoded Subject of FIELD, in scratch->text (grown to what the decoder asks for) or from
 * GMime, and then *DECODED owns it: see ht_header_decode_subject. */
static const char *
decode_subject (Scratch *scratch, const char *block, const FieldSpan *field, gchar **decoded)
{
    gsize len = field->value_end - field->value;
    if (scratch->text.allocated < HT_HEADER_DECODE_SUBJECT_SIZE (len))
        buffer_grow (&scratch->text, HT_HEADER_DECODE_SUBJECT_SIZE (len));
    return ht_header_decode_subject (scratch->text.data, block + field->value, len, decoded);
}

/* Builds the message of a repaired header block whose fields are in SCRATCH, as one
 * MessageBlock: the HtMessage, then its HtHeader array, then the source name, a copy of the
 * header block in which each name and value is ended by a NUL written over the colon (or
 * the white space before it) and over the line break after it, then the Message-ID and the
 * Subject. BASE is the offset of the header block in its source. */
static HtMessage *
message_new (Scratch *scratch, const char *block, gsize len, const char *source, guint index,
             gint64 base)
{
    FieldSpan *fields = scratch->fields.items;
    guint n = scratch->fields.len;

    /* A field's value runs to the line break before the next field; the last one's to the
     * end of the block, its line breaks dropped. */
    for (guint i = 0; i + 1 < n; i++)
        fields[i].value_end = fields[i + 1].start - 1;
    if (n > 0) {
        gsize end = len;
        while (end > fields[n - 1].value && (block[end - 1] == '\n' || block[end - 1] == '\r'))
            end--;
        fields[n - 1].value_end = end;
    }

    /* The first Subject that decodes, and the first Message-ID, size the block. */
    g_autofree gchar *decoded = NULL;
    const char *subject = NULL;
    const FieldSpan *message_id = NULL;
    for (guint i = 0; i < n && (subject == NULL || message_id == NULL); i++) {
        if (subject == NULL && is_named (block, &fields[i], "subject", 7))
            subject = decode_subject (scratch, block, &fields[i], &decoded);
        else if (message_id == NULL && is_named (block, &fields[i], "message-id", 10))
            message_id = &fields[i];
    }
    gsize source_len = strlen (source);
    gsize subject_len = subject ? strlen (subject) : 0;
    gsize message_id_len = message_id ? message_id->value_end - message_id->value : 0;
    gsize size = sizeof (MessageBlock) + n * sizeof (HtHeader) + (source_len + 1) + (len + 1) +
                 (message_id_len + 1) + (subject_len + 1);

    MessageBlock *memory = block_new (size, n);
    HtMessage *message = &memory->message;
    HtHeader *headers = (HtHeader *) (memory + 1);
    char *text = (char *) (headers + n);
    message->source = text;
    message->index = index;
    memcpy (text, source, source_len + 1);
    text += source_len + 1;

    char *copy = text;
    if (len > 0) /* an empty block may have no buffer at all */
        memcpy (copy, block, len);
    copy[len] = '\0';
    text += len + 1;
    for (guint i = 0; i < n; i++) {
        const FieldSpan *field = &fields[i];
        HtHeader *header = &headers[i];
        header->name = copy + field->start;
        header->name[field->name_len] = '\0';
        header->value = copy + field->value;
        copy[field->value_end] = '\0';
        header->offset = base + field->start;
        message->headers->pdata[i] = header;
    }

    if (message_id) {
        message->message_id = text;
        text += ht_header_decode_unfold (text, block + message_id->value, message_id_len, NULL) + 1;
    }
    if (subject) {
        message->subject = text;
        memcpy (text, subject, subject_len + 1);
    }
    /* The first Date that parses. */
    for (guint i = 0; i < n && !message->has_date; i++)
        if (is_named (block, &fields[i], "date", 4))
            message->has_date = ht_header_decode_date (headers[i].value, &message->date);
    return message;
}

/* Parses a single message with SCRATCH's help; see ht_input_parse_bytes. */
static HtMessage *
parse_bytes (Scratch *scratch, const char *source, const char *data, gsize len,
             const HtInputOptions *options, GError **error)
{
    gboolean paste = FALSE;
    guint nuls = 0;
    scratch_reset (scratch);
    if (scratch->lines == NULL)
        scratch->lines = g_array_new (FALSE, FALSE, sizeof (Line));
    normalize (&scratch->block, scratch->lines, &scratch->fields, data, len,
               options && options->force_paste, &paste, &nuls);
    if (scratch->fields.len == 0) {
        g_set_error (error, HT_INPUT_ERROR, HT_INPUT_ERROR_NO_MESSAGE,
                     "holds no message (no header fields found)");
        return NULL;
    }
    HtMessage *message =
        message_new (scratch, scratch->block.data, scratch->block.len, source, 0, 0);
    message->paste = paste;
    message->nul_bytes = nuls;
    return message;
}

HtMessage *
ht_input_parse_bytes (const char *source, const char *data, gsize len,
                      const HtInputOptions *options, GError **error)
{
    Scratch scratch = {0};
    HtMessage *message = parse_bytes (&scratch, source, data, len, options, error);
    scratch_clear (&scratch);
    return message;
}

/* ---- Reading ------------------------------------------------------------------------------ */

typedef struct {
    int fd;
    gboolean owns_fd;
    GByteArray *buffer;
    gsize pos;     /* first unconsumed byte of buffer */
    gint64 offset; /* source offset of buffer->data[0] */
    gboolean eof;
    gsize peak; /* the most bytes the buffer was made to hold */
} Reader;

/* Closes the file. Its buffer goes to *SPARE, for the next file of a directory (a buffer
 * of a chunk is a large allocation, and its pages are touched anew each time), unless a
 * huge header block made it grow. */
static void
reader_close (Reader *reader, GByteArray **spare)
{
    if (reader->owns_fd && reader->fd >= 0)
        close (reader->fd);
    reader->fd = -1;
    if (reader->buffer && *spare == NULL && reader->peak <= 2 * CHUNK_SIZE) {
        g_byte_array_set_size (reader->buffer, 0);
        *spare = g_steal_pointer (&reader->buffer);
    }
    g_clear_pointer (&reader->buffer, g_byte_array_unref);
}

/* Reads one more chunk, first dropping what was consumed. */
static gboolean
reader_fill (Reader *reader, GError **error)
{
    if (reader->eof)
        return TRUE;
    if (reader->pos > 0) {
        g_byte_array_remove_range (reader->buffer, 0, reader->pos);
        reader->offset += reader->pos;
        reader->pos = 0;
    }
    gsize old = reader->buffer->len;
    g_byte_array_set_size (reader->buffer, old + CHUNK_SIZE);
    reader->peak = MAX (reader->peak, old + CHUNK_SIZE);
    ssize_t n;
    do
        n = read (reader->fd, reader->buffer->data + old, CHUNK_SIZE);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        int saved = errno;
        g_byte_array_set_size (reader->buffer, old);
        g_set_error (error, HT_INPUT_ERROR, HT_INPUT_ERROR_UNREADABLE, "%s", g_strerror (saved));
        return FALSE;
    }
    g_byte_array_set_size (reader->buffer, old + n);
    if (n == 0)
        reader->eof = TRUE;
    return TRUE;
}

static gsize
reader_available (const Reader *reader)
{
    return reader->buffer->len - reader->pos;
}

static const char *
reader_data (const Reader *reader)
{
    return (const char *) reader->buffer->data + reader->pos;
}

/* Ensures the whole line that starts REL bytes after pos (up to and with its '\n', or to
 * the end of input) is buffered, without consuming anything; returns its length, 0 at the
 * end. Filling only drops bytes before pos, so offsets relative to pos stay valid. */
static gsize
reader_line_at (Reader *reader, gsize rel, GError **error)
{
    gsize searched = rel;
    for (;;) {
        const char *data = reader_data (reader);
        gsize available = reader_available (reader);
        if (rel > available)
            return 0;
        const char *nl = memchr (data + searched, '\n', available - searched);
        if (nl)
            return nl - (data + rel) + 1;
        if (reader->eof || available - rel >= HEADER_BLOCK_MAX)
            return available - rel;
        searched = available;
        if (!reader_fill (reader, error))
            return 0;
    }
}

/* ---- Sources ------------------------------------------------------------------------------ */

typedef enum { SOURCE_SINGLE, SOURCE_MBOX } SourceKind;

struct _HtInput {
    gchar *path;
    HtInputOptions options;
    GPtrArray *pending; /* files still to open, for a directory; NULL for a single source */
    guint pending_next;
    /* The source being read: */
    gchar *current_path;
    Reader reader;
    SourceKind kind;
    gboolean open;
    guint index;              /* messages produced from the current source */
    gboolean done;            /* the current single message was produced */
    guint produced;           /* messages produced in all */
    Scratch scratch;          /* reused by every message */
    GByteArray *spare_buffer; /* a closed file's read buffer, for the next file */
};

static gboolean
open_file (HtInput *input, const char *path, GError **error)
{
    gboolean is_stdin = strcmp (path, "-") == 0;
    int fd = is_stdin ? STDIN_FILENO : open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        int saved = errno;
        g_set_error (error, HT_INPUT_ERROR, HT_INPUT_ERROR_UNREADABLE, "%s", g_strerror (saved));
        return FALSE;
    }
    struct stat st;
    if (!is_stdin && fstat (fd, &st) == 0) {
        const char *refusal = NULL;
        if (S_ISDIR (st.st_mode))
            refusal = "is a directory";
        else if (S_ISCHR (st.st_mode) || S_ISBLK (st.st_mode))
            refusal = "is a device, not a message file";
        else if (S_ISSOCK (st.st_mode))
            refusal = "is a socket, not a message file";
        if (refusal) {
            close (fd);
            g_set_error (error, HT_INPUT_ERROR, HT_INPUT_ERROR_UNREADABLE, "%s", refusal);
            return FALSE;
        }
        /* O_NONBLOCK only served to open a FIFO without waiting for a writer; it means
         * nothing to a regular file, which spares two system calls per file of a Maildir. */
        int flags = S_ISREG (st.st_mode) ? -1 : fcntl (fd, F_GETFL);
        if (flags >= 0)
            fcntl (fd, F_SETFL, flags & ~O_NONBLOCK);
    }
    g_free (input->current_path);
    input->current_path = g_strdup (path);
    GByteArray *buffer = g_steal_pointer (&input->spare_buffer);
    input->reader =
        (Reader){.fd = fd, .owns_fd = !is_stdin, .buffer = buffer ? buffer : g_byte_array_new ()};
    input->open = TRUE;
    input->index = 0;
    input->done = FALSE;
    if (!reader_fill (&input->reader, error)) {
        reader_close (&input->reader, &input->spare_buffer);
        input->open = FALSE;
        return FALSE;
    }
    input->kind = starts_from_line (reader_data (&input->reader), reader_available (&input->reader))
                      ? SOURCE_MBOX
                      : SOURCE_SINGLE;
    return TRUE;
}

static void
close_current (HtInput *input)
{
    if (input->open)
        reader_close (&input->reader, &input->spare_buffer);
    input->open = FALSE;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
    /* Entries are "<kind><name>": the kind letter takes no part in the order. */
    return strcmp (*(const char *const *) a + 1, *(const char *const *) b + 1);
}

/* Collects the files below DIR in name order; a Maildir contributes cur/ and new/. */
static void
collect_files (const char *dir, GPtrArray *files, guint depth)
{
    if (depth > 32)
        return; /* a link loop */
    DIR *stream = opendir (dir);
    if (stream == NULL) {
        g_ptr_array_add (files, g_strdup (dir)); /* opened later, to report the error */
        return;
    }
    g_autofree gchar *cur = g_build_filename (dir, "cur", NULL);
    g_autofree gchar *new_dir = g_build_filename (dir, "new", NULL);
    gboolean maildir =
        g_file_test (cur, G_FILE_TEST_IS_DIR) && g_file_test (new_dir, G_FILE_TEST_IS_DIR);
    /* readdir's d_type says what an entry is on most file systems: a stat per message file
     * of a large Maildir is then spared. A link, or a file system that does not say, is
     * asked (stat follows links, so a linked folder is still read). */
    g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
    struct dirent *dirent;
    while ((dirent = readdir (stream)) != NULL) {
        if (strcmp (dirent->d_name, ".") == 0 || strcmp (dirent->d_name, "..") == 0)
            continue;
        const char *kind = dirent->d_type == DT_DIR ? "d" : dirent->d_type == DT_REG ? "f" : "?";
        g_ptr_array_add (names, g_strconcat (kind, dirent->d_name, NULL));
    }
    closedir (stream);
    g_ptr_array_sort (names, compare_names);
    for (guint i = 0; i < names->len; i++) {
        const char *entry = (const char *) g_ptr_array_index (names, i) + 1;
        char kind = entry[-1];
        g_autofree gchar *path = g_build_filename (dir, entry, NULL);
        gboolean is_dir = kind == 'd' || (kind == '?' && g_file_test (path, G_FILE_TEST_IS_DIR));
        if (maildir) {
            /* cur/ and new/ hold the messages; ".Folder" subdirectories are Maildir++
             * folders; everything else is the server's own (tmp/, index files). */
            if (is_dir && (strcmp (entry, "cur") == 0 || strcmp (entry, "new") == 0 ||
                           (entry[0] == '.' && strcmp (entry, ".") && strcmp (entry, ".."))))
                collect_files (path, files, depth + 1);
            continue;
        }
        if (entry[0] == '.')
            continue; /* hidden files and folders */
        if (is_dir)
            collect_files (path, files, depth + 1);
        else
            g_ptr_array_add (files, g_steal_pointer (&path));
    }
}

HtInput *
ht_input_open (const char *path, const HtInputOptions *options, GError **error)
{
    g_return_val_if_fail (path != NULL, NULL);

    HtInput *input = g_new0 (HtInput, 1);
    input->path = g_strdup (path);
    if (options)
        input->options = *options;
    if (strcmp (path, "-") != 0 && g_file_test (path, G_FILE_TEST_IS_DIR)) {
        input->pending = g_ptr_array_new_with_free_func (g_free);
        collect_files (path, input->pending, 0);
        return input;
    }
    if (!open_file (input, path, error)) {
        ht_input_free (input);
        return NULL;
    }
    return input;
}

const char *
ht_input_current_path (const HtInput *input)
{
    return input->current_path ? input->current_path : input->path;
}

/* The next message of an mbox: skips the "From " line, takes the header block, then skips
 * the body to the next "From " line without looking at it. */
static HtMessage *
next_mbox_message (HtInput *input, GError **error)
{
    Reader *reader = &input->reader;
    for (;;) {
        gsize len = reader_line_at (reader, 0, error);
        if (len == 0)
            return NULL;
        const char *line = reader_data (reader);
        if (!starts_from_line (line, len)) {
            /* Text before the first separator, or a broken one: skip to the next. */
            reader->pos += len;
            continue;
        }
        reader->pos += len;
        break;
    }

    /* The header block, kept in the buffer at pos: lines up to an empty one. Each line is
     * repaired into the scratch block as it is found, up to the first blank one. */
    Scratch *scratch = &input->scratch;
    scratch_reset (scratch);
    gsize scanned = 0;
    gboolean truncated = FALSE, repairing = TRUE, seen_field = FALSE;
    guint nuls = 0;
    gsize nul_free = 0; /* the bytes before this offset from pos hold no NUL */
    for (;;) {
        gsize len = reader_line_at (reader, scanned, error);
        if (len == 0)
            break;
        const char *line = reader_data (reader) + scanned;
        gsize content = len;
        while (content > 0 && (line[content - 1] == '\n' || line[content - 1] == '\r'))
            content--;
        if (content > 0 && starts_from_line (line, len))
            break; /* a message with no body and no blank line */
        if (repairing && scanned + len > nul_free) {
            /* NUL bytes are looked for a few KiB at a time rather than line by line. */
            gsize from = MAX (nul_free, scanned);
            gsize to = MIN (reader_available (reader), MAX (scanned + len, from + 4096));
            const char *nul = memchr (reader_data (reader) + from, '\0', to - from);
            nul_free = nul ? (gsize) (nul - reader_data (reader)) : to;
        }
        if (repairing)
            repairing =
                repair_mbox_line (scratch, line, len, scanned + len > nul_free, &seen_field, &nuls);
        scanned += len;
        if (content == 0)
            break; /* the empty line ends the block */
        if (scanned >= HEADER_BLOCK_MAX) {
            truncated = TRUE;
            break;
        }
    }
    if (error && *error)
        return NULL;
    gsize block_start = reader->pos;
    gint64 block_offset = reader->offset + block_start;
    reader->pos = block_start + scanned;

    /* The body: find the next line that starts with "From ". Only the first look is at a
     * line start; after a refill the data starts with the kept tail of the last chunk. */
    gboolean at_line_start = TRUE;
    for (;;) {
        const char *data = reader_data (reader);
        gsize available = reader_available (reader);
        if (at_line_start && starts_from_line (data, available))
            break;
        const char *hit = find_separator (data, data + available);
        if (hit) {
            reader->pos += hit - data;
            break;
        }
        if (reader->eof) {
            reader->pos = reader->buffer->len;
            break;
        }
        /* Keep the last five bytes: a "\nFrom " that straddles two chunks has its line
         * break among them. */
        if (available > 5) {
            reader->pos += available - 5;
            at_line_start = FALSE;
        }
        if (!reader_fill (reader, error))
            return NULL;
    }

    /* A separator with no header field after it makes an empty message. */
    HtMessage *message = message_new (scratch, scratch->block.data, scratch->block.len,
                                      input->current_path, input->index, block_offset);
    scratch_trim (scratch);
    message->nul_bytes = nuls;
    message->truncated = truncated;
    input->index++;
    return message;
}

/* A single message: read until the header block has certainly ended, then repair it. */
static HtMessage *
next_single_message (HtInput *input, GError **error)
{
    Reader *reader = &input->reader;
    if (input->done)
        return NULL;
    input->done = TRUE;
    /* The block has surely ended at a blank line followed by a line that is neither blank,
     * nor a field, nor a continuation (body text): paste repair never extends past it. */
    gsize line_start = 0;
    gboolean previous_blank = FALSE, seen_text = FALSE, ended = FALSE;
    while (!ended) {
        const char *data = reader_data (reader);
        gsize available = reader_available (reader);
        const char *nl;
        while (!ended && (nl = memchr (data + line_start, '\n', available - line_start))) {
            const char *line = data + line_start;
            gsize len = nl - line;
            if (len > 0 && line[len - 1] == '\r')
                len--;
            gboolean blank = is_blank_text (line, len);
            if (previous_blank && seen_text && !blank && line[0] != ' ' && line[0] != '\t' &&
                field_name_length (line, len) == 0)
                ended = TRUE;
            previous_blank = blank;
            seen_text |= !blank;
            line_start = nl - data + 1;
        }
        /* The line still being read decides early too: after a blank line, 77 bytes with
         * no field name are body text (a body without line breaks need not be read
         * whole); and input whose very first line runs past 1 MiB without a field name is
         * no message at all. */
        if (!ended && available - line_start >= 77) {
            const char *line = data + line_start;
            gsize len = MIN (available - line_start, (gsize) 200);
            gboolean field = line[0] == ' ' || line[0] == '\t' || field_name_length (line, len) > 0;
            if (!field &&
                ((previous_blank && seen_text) || (line_start == 0 && available >= 1024 * 1024)))
                ended = TRUE;
        }
        if (ended || reader->eof || available >= HEADER_BLOCK_MAX)
            break;
        if (!reader_fill (reader, error))
            return NULL;
    }
    if (reader_available (reader) == 0) {
        g_set_error (error, HT_INPUT_ERROR, HT_INPUT_ERROR_NO_MESSAGE, "is empty");
        return NULL;
    }
    HtMessage *message = parse_bytes (&input->scratch, input->current_path, reader_data (reader),
                                      reader_available (reader), &input->options, error);
    scratch_trim (&input->scratch);
    if (message)
        message->truncated = reader_available (reader) >= HEADER_BLOCK_MAX && !reader->eof;
    return message;
}

HtMessage *
ht_input_next (HtInput *input, GError **error)
{
    g_return_val_if_fail (input != NULL, NULL);

    for (;;) {
        if (!input->open) {
            if (input->pending == NULL || input->pending_next >= input->pending->len) {
                if (input->pending && input->produced == 0 && input->pending_next != G_MAXUINT) {
                    input->pending_next = G_MAXUINT; /* report once */
                    g_set_error (error, HT_INPUT_ERROR, HT_INPUT_ERROR_NO_MESSAGE,
                                 "holds no message (an empty directory)");
                }
                return NULL;
            }
            const char *path = g_ptr_array_index (input->pending, input->pending_next++);
            if (!open_file (input, path, error))
                return NULL; /* the caller reports it and may call again */
        }
        HtMessage *message = input->kind == SOURCE_MBOX ? next_mbox_message (input, error)
                                                        : next_single_message (input, error);
        if (message) {
            input->produced++;
            return message;
        }
        gboolean failed = error && *error;
        gboolean empty_mbox = !failed && input->kind == SOURCE_MBOX && input->index == 0;
        close_current (input);
        if (empty_mbox) {
            g_set_error (error, HT_INPUT_ERROR, HT_INPUT_ERROR_NO_MESSAGE,
                         "holds no message (an mbox with no message)");
            return NULL;
        }
        if (failed || input->pending == NULL)
            return NULL;
    }
}

gboolean
ht_input_has_more (const HtInput *input)
{
    return input->open || (input->pending && input->pending_next < input->pending->len);
}

void
ht_input_free (HtInput *input)
{
    if (input == NULL)
        return;
    close_current (input);
    g_free (input->path);
    g_free (input->current_path);
    if (input->pending)
        g_ptr_array_unref (input->pending);
    scratch_clear (&input->scratch);
    if (input->spare_buffer)
        g_byte_array_unref (input->spare_buffer);
    g_free (input);
}
