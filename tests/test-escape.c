/* Tests of ht-escape: header text never drives a terminal and JSON is always UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "ht-escape.h"

static const struct {
    const char *input;
    const char *terminal;
} cases[] = {
    {"mx.example.com", "mx.example.com"},
    {"evil\033[2J.example.com", "evil\\x1b[2J.example.com"},
    {"title\033]0;pwned\007", "title\\x1b]0;pwned\\x07"},
    {"tab\there", "tab here"},
    {"new\nline\r", "new\\x0aline\\x0d"},
    {"del\177", "del\\x7f"},
    {"c1 \xc2\x9b"
     "31m",
     "c1 \\x9b31m"}, /* U+009B, the 8-bit CSI */
    {"rtl \xe2\x80\xae"
     "moc",
     "rtl \\u202emoc"}, /* RIGHT-TO-LEFT OVERRIDE */
    {"Gr\xc3\xbc\xc3\x9f"
     "e",
     "Gr\xc3\xbc\xc3\x9f"
     "e"}, /* UTF-8 is kept */
    {"bad \xff\xfe byte", "bad \\xff\\xfe byte"},
    {"cut \xe2\x80", "cut \\xe2\\x80"},
    /* Printable runs between escapes, and escapes at either end. */
    {"\033a\033bc\033", "\\x1ba\\x1bbc\\x1b"},
    {"nel\xc2\x85"
     "bom\xef\xbb\xbf"
     "end\t",
     "nel\\x85bom\\ufeffend "},
    {"lri \xe2\x81\xa6"
     "x\xe2\x81\xa9",
     "lri \\u2066x\\u2069"},
    {"", ""},
};

static void
test_terminal (void **state)
{
    (void) state;
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree gchar *out = ht_escape_terminal (cases[i].input);
        if (strcmp (out, cases[i].terminal) != 0)
            fail_msg ("row %zu: '%s', expected '%s'", i, out, cases[i].terminal);
        assert_true (g_utf8_validate (out, -1, NULL));
    }
    assert_null (ht_escape_terminal (NULL));
}

static void
test_utf8 (void **state)
{
    (void) state;
    gboolean replaced = FALSE;
    g_autofree gchar *good = ht_escape_utf8 ("Gr\xc3\xbc\xc3\x9f"
                                             "e",
                                             &replaced);
    assert_string_equal (good, "Gr\xc3\xbc\xc3\x9f"
                               "e");
    assert_false (replaced);
    g_autofree gchar *bad = ht_escape_utf8 ("a\xff"
                                            "b",
                                            &replaced);
    assert_string_equal (bad, "a\xef\xbf\xbd"
                              "b");
    assert_true (replaced);
}

/* A format's escaping for ht_escape_append: '"' gets a backslash; with PRINTABLE_ONLY it
 * stops at the first byte that is not printable ASCII. */
static const char *
append_quoted (GString *out, const char *text, gboolean printable_only)
{
    const char *p = text;
    for (; *p; p++) {
        if (printable_only && (*p < 0x20 || *p > 0x7e))
            break;
        if (*p == '"')
            g_string_append_c (out, '\\');
        g_string_append_c (out, *p);
    }
    return p;
}

static const struct {
    const char *input;
    const char *appended;
} appends[] = {
    {"mx.example.com", "mx.example.com"},
    {"say \"hi\"", "say \\\"hi\\\""},
    /* From the first other byte on, the text is made safe first, then escaped. */
    {"a\"b\033[2J\"c", "a\\\"b\\x1b[2J\\\"c"},
    {"\xff\"", "\\xff\\\""},
    {"Gr\xc3\xbc\xc3\x9f"
     "e",
     "Gr\xc3\xbc\xc3\x9f"
     "e"},
    {"", ""},
};

static void
test_append (void **state)
{
    (void) state;
    for (gsize i = 0; i < G_N_ELEMENTS (appends); i++) {
        g_autoptr (GString) out = g_string_new ("<");
        ht_escape_append (out, appends[i].input, append_quoted);
        g_autofree gchar *expected = g_strconcat ("<", appends[i].appended, NULL);
        if (strcmp (out->str, expected) != 0)
            fail_msg ("row %zu: '%s', expected '%s'", i, out->str, expected);
    }
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_terminal),
        cmocka_unit_test (test_append),
        cmocka_unit_test (test_utf8),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
