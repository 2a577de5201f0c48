/* ht-arena: chunks of memory handed out front to back, freed together. */
#include "config.h"

#include "ht-arena.h"

#include <stddef.h>
#include <string.h>

#define ALIGNMENT 16
#define MIN_CHUNK 4096

struct _HtArenaChunk {
    HtArenaChunk *next;
    gsize size; /* of data */
    /* Keeps data aligned for any type. */
    union {
        max_align_t align;
        char data[1];
    } u;
};

static void
add_chunk (HtArena *arena, gsize size)
{
    if (size < MIN_CHUNK)
        size = MIN_CHUNK;
    HtArenaChunk *chunk = g_malloc (G_STRUCT_OFFSET (HtArenaChunk, u) + size);
    chunk->next = arena->chunks;
    chunk->size = size;
    arena->chunks = chunk;
    arena->next = chunk->u.data;
    arena->end = chunk->u.data + size;
}

void
ht_arena_init (HtArena *arena, gsize size)
{
    arena->chunks = NULL;
    add_chunk (arena, size);
}

/* Makes room for SIZE bytes at arena->next, in a new chunk if the current one is full. A new
 * chunk is twice the last one's size at least: a line far larger than guessed costs few
 * chunks. */
static void
reserve (HtArena *arena, gsize size)
{
    if (size <= (gsize) (arena->end - arena->next))
        return;
    gsize last = arena->chunks ? arena->chunks->size : 0;
    add_chunk (arena, MAX (size, last * 2));
}

gpointer
ht_arena_alloc (HtArena *arena, gsize size)
{
    if (size > G_MAXSIZE / 2)
        g_error ("ht_arena_alloc: %" G_GSIZE_FORMAT " bytes", size);
    /* Strings are packed byte by byte: align the start of anything else. */
    reserve (arena, size + ALIGNMENT - 1);
    arena->next += (ALIGNMENT - (guintptr) arena->next % ALIGNMENT) % ALIGNMENT;
    char *memory = arena->next;
    arena->next += size;
    return memory;
}

gchar *
ht_arena_strndup (HtArena *arena, const char *text, gsize len)
{
    if (len > G_MAXSIZE / 2)
        g_error ("ht_arena_strndup: %" G_GSIZE_FORMAT " bytes", len);
    reserve (arena, len + 1);
    gchar *copy = arena->next;
    memcpy (copy, text, len);
    copy[len] = '\0';
    arena->next += len + 1;
    return copy;
}

gchar *
ht_arena_strdup (HtArena *arena, const char *text)
{
    return text ? ht_arena_strndup (arena, text, strlen (text)) : NULL;
}

void
ht_arena_clear (HtArena *arena)
{
    HtArenaChunk *chunk = arena->chunks;
    while (chunk) {
        HtArenaChunk *next = chunk->next;
        g_free (chunk);
        chunk = next;
    }
    arena->chunks = NULL;
    arena->next = arena->end = NULL;
}
