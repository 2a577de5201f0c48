/* Tests of ht-arena: what it hands out is aligned, distinct, large enough and intact until
 * the arena is cleared, whatever mix of sizes is asked for. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "ht-arena.h"

/* Each row: the first chunk's size, then requests: 'a' for ht_arena_alloc of SIZE bytes,
 * 's' for ht_arena_strndup of a SIZE-byte text. */
typedef struct {
    char kind;
    gsize size;
} Request;

static const struct {
    const char *name;
    gsize first;
    Request requests[8];
    guint n;
} rows[] = {
    {"fits in the first chunk",
     4096,
     {{'a', 16}, {'a', 8}, {'s', 5}, {'a', 32}, {'s', 1}, {'a', 1}},
     6},
    {"strings then an aligned block", 100, {{'s', 3}, {'s', 7}, {'a', 24}, {'s', 1}, {'a', 40}}, 5},
    {"one block larger than the first chunk", 64, {{'a', 100000}}, 1},
    {"a string larger than any chunk so far", 16, {{'s', 20000}, {'a', 8}, {'s', 70000}}, 3},
    {"empty requests", 16, {{'a', 0}, {'s', 0}, {'a', 0}, {'a', 8}}, 4},
    {"many chunks",
     1,
     {{'a', 5000},
      {'a', 5000},
      {'a', 9000},
      {'a', 17000},
      {'a', 33000},
      {'s', 40000},
      {'a', 1},
      {'a', 65000}},
     8},
};

static void
test_requests (void **state)
{
    (void) state;
    for (gsize r = 0; r < G_N_ELEMENTS (rows); r++) {
        HtArena arena;
        ht_arena_init (&arena, rows[r].first);
        char *blocks[8];
        gsize sizes[8];
        for (guint i = 0; i < rows[r].n; i++) {
            const Request *request = &rows[r].requests[i];
            sizes[i] = request->size;
            if (request->kind == 's') {
                char *text = g_malloc (request->size + 1);
                memset (text, 'a' + (int) i, request->size);
                blocks[i] = ht_arena_strndup (&arena, text, request->size);
                g_free (text);
                if (blocks[i][request->size] != '\0')
                    fail_msg ("%s: request %u is not NUL-terminated", rows[r].name, i);
            } else {
                blocks[i] = ht_arena_alloc (&arena, request->size);
                if ((guintptr) blocks[i] % 16 != 0)
                    fail_msg ("%s: block %u is not aligned", rows[r].name, i);
                memset (blocks[i], 'a' + (int) i, request->size);
            }
        }
        /* Every block still holds what was written into it: none overlaps another. */
        for (guint i = 0; i < rows[r].n; i++)
            for (gsize k = 0; k < sizes[i]; k++)
                if (blocks[i][k] != 'a' + (int) i)
                    fail_msg ("%s: block %u was overwritten at %zu", rows[r].name, i, k);
        ht_arena_clear (&arena);
        assert_null (arena.chunks);
    }
}

static void
test_strdup (void **state)
{
    (void) state;
    HtArena arena;
    ht_arena_init (&arena, 8);
    assert_null (ht_arena_strdup (&arena, NULL));
    assert_string_equal (ht_arena_strdup (&arena, ""), "");
    assert_string_equal (ht_arena_strdup (&arena, "mx.example.com"), "mx.example.com");
    /* Copies of a part of a longer text stop where asked. */
    assert_string_equal (ht_arena_strndup (&arena, "192.0.2.1]:25", 9), "192.0.2.1");
    ht_arena_clear (&arena);
    /* A cleared arena may be used again. */
    ht_arena_init (&arena, 8);
    assert_string_equal (ht_arena_strdup (&arena, "again"), "again");
    ht_arena_clear (&arena);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_requests),
        cmocka_unit_test (test_strdup),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
