/* ht-arena: a bump allocator for the strings of one parsed line or message.
 *
 * Parsing a Received line makes a few dozen small strings that all die together; taking
 * each from malloc and giving it back one by one cost a fifth of a mailbox run. An arena
 * hands out memory from large chunks and frees them all at once. Nothing in it is freed
 * on its own. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _HtArenaChunk HtArenaChunk;

typedef struct {
    HtArenaChunk *chunks; /* newest first */
    char *next;           /* free space in the newest chunk */
    char *end;
} HtArena;

/* Starts an arena whose first chunk holds at least SIZE bytes. */
void ht_arena_init (HtArena *arena, gsize size);

/* SIZE bytes aligned for any type, valid until ht_arena_clear. Never NULL. */
gpointer ht_arena_alloc (HtArena *arena, gsize size);

/* A NUL-terminated copy of LEN bytes of TEXT. */
gchar *ht_arena_strndup (HtArena *arena, const char *text, gsize len);

/* A copy of TEXT, or NULL when TEXT is NULL. */
gchar *ht_arena_strdup (HtArena *arena, const char *text);

/* Frees every chunk; the arena may be initialised again. */
void ht_arena_clear (HtArena *arena);

G_END_DECLS
