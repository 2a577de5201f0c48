/* Tests of the documentation renderers (Markdown, Mermaid, DOT): every syntax's escaping of
 * hostile header text, and whole documents rendered from a hostile message keeping their
 * structure (table cells, quoted labels, one statement per line). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <gmime/gmime.h>
#include <string.h>

#include "ht-render.h"

static const struct {
    const char *input;
    const char *markdown;
    const char *mermaid;
    const char *dot;
} escapes[] = {
    {"mx.example.com", "mx.example.com", "mx.example.com", "mx.example.com"},
    {"a|b", "a\\|b", "a#124;b", "a|b"},
    {"`code`", "\\`code\\`", "#96;code#96;", "`code`"},
    {"*bold* _it_", "\\*bold\\* \\_it\\_", "*bold* _it_", "*bold* _it_"},
    {"<script>", "\\<script\\>", "#60;script#62;", "<script>"},
    {"[link](x)", "\\[link\\](x)", "#91;link#93;#40;x#41;", "[link](x)"},
    {"a-->b", "a--\\>b", "a--#62;b", "a-->b"},
    {"say \"hi\"", "say \"hi\"", "say #quot;hi#quot;", "say \\\"hi\\\""},
    {"back\\slash", "back\\\\slash", "back\\slash", "back\\\\slash"},
    {"new\nline", "new\\\\x0aline", "new\\x0aline", "new\\\\x0aline"},
    {"cr\rlf", "cr\\\\x0dlf", "cr\\x0dlf", "cr\\\\x0dlf"},
    {"esc\033[31m", "esc\\\\x1b\\[31m", "esc\\x1b#91;31m", "esc\\\\x1b[31m"},
    {"#1; &amp; 100%", "\\#1; \\&amp; 100%", "#35;1#59; #38;amp#59; 100#37;", "#1; &amp; 100%"},
    {"a;b{c}", "a;b{c}", "a#59;b#123;c#125;", "a;b{c}"},
    {"\\N \\G", "\\\\N \\\\G", "\\N \\G", "\\\\N \\\\G"}, /* Graphviz's own escapes */
    {"caf\xc3\xa9", "caf\xc3\xa9", "caf#233;", "caf\xc3\xa9"},
    {"line\xe2\x80\xa8sep", "line\xe2\x80\xa8sep", "line#8232;sep", "line\xe2\x80\xa8sep"},
    /* Every character above U+007F is an entity code, whatever its low byte: Cyrillic a
     * (U+0430, low byte '0') and U+2061 (an invisible operator, low byte 'a'). */
    {"\xd0\xb0\xe2\x81\xa1x", "\xd0\xb0\xe2\x81\xa1x", "#1072;#8289;x",
     "\xd0\xb0\xe2\x81\xa1x"},
    {"bad\xff", "bad\\\\xff", "bad\\xff", "bad\\\\xff"},
    {"\"]; n9 [label=\"x", "\"\\]; n9 \\[label=\"x", "#quot;#93;#59; n9 #91;label=#quot;x",
     "\\\"]; n9 [label=\\\"x"},
};

static void
test_escapes (void **state)
{
    (void) state;
    for (gsize i = 0; i < G_N_ELEMENTS (escapes); i++) {
        g_autofree gchar *markdown = ht_render_markdown_escape (escapes[i].input);
        g_autofree gchar *mermaid = ht_render_mermaid_escape (escapes[i].input);
        g_autofree gchar *dot = ht_render_dot_escape (escapes[i].input);
        if (strcmp (markdown, escapes[i].markdown) != 0)
            fail_msg ("row %zu: markdown '%s', expected '%s'", i, markdown, escapes[i].markdown);
        if (strcmp (mermaid, escapes[i].mermaid) != 0)
            fail_msg ("row %zu: mermaid '%s', expected '%s'", i, mermaid, escapes[i].mermaid);
        if (strcmp (dot, escapes[i].dot) != 0)
            fail_msg ("row %zu: dot '%s', expected '%s'", i, dot, escapes[i].dot);
        /* What no escaped text may ever hold, whatever the input. */
        assert_null (strpbrk (mermaid, "\"`<>|\n\r"));
        assert_null (strchr (dot, '\n'));
        assert_null (strchr (markdown, '\n'));
    }
    assert_null (ht_render_markdown_escape (NULL));
    assert_null (ht_render_mermaid_escape (NULL));
    assert_null (ht_render_dot_escape (NULL));
}

/* A hop chain whose every name tries to break out: a pipe, backticks, an arrow, quotes,
 * brackets, a line break (folded into the value as a raw CR) and a DOT statement. */
static const char hostile[] =
    "Received: from evil|`x`-->n1.example.com (a\"b]c.example.com [192.0.2.80]) by\n"
    " \"];n2->n3;x[label=\"pwn.example.com (192.0.2.81) with ESMTPS id 1;\n"
    " Tue, 14 Jan 2025 10:00:02 +0000\n"
    "Received: from [192.0.2.1] by mx\r.example.com*_[x](y)_<b> with SMTP id 0;\n"
    " Tue, 14 Jan 2025 10:00:01 +0000\n"
    "Subject: # title | `x` \"q\" -->\n"
    "X-MS-Exchange-Organization-AuthSource: a|b\"c`d\n\n";

static HtReport *
hostile_report (void)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (HtMessage) message =
        ht_input_parse_bytes ("-", hostile, strlen (hostile), NULL, &error);
    assert_non_null (message);
    return ht_chain_build (message);
}

/* The number of '|' not escaped by a backslash. */
static guint
cell_separators (const char *line)
{
    guint n = 0;
    for (const char *p = line; *p; p++) {
        if (*p == '\\' && p[1]) {
            p++;
            continue;
        }
        n += *p == '|';
    }
    return n;
}

static void
test_markdown_structure (void **state)
{
    (void) state;
    g_autoptr (HtReport) report = hostile_report ();
    g_autoptr (GString) out = g_string_new (NULL);
    ht_render_markdown (out, report);
    assert_true (g_utf8_validate (out->str, out->len, NULL));
    g_auto (GStrv) lines = g_strsplit (out->str, "\n", -1);
    guint rows = 0;
    for (guint i = 0; lines[i]; i++) {
        for (const char *p = lines[i]; *p; p++)
            if ((guchar) *p < 0x20)
                fail_msg ("line %u holds a control character: %s", i, lines[i]);
        if (g_str_has_prefix (lines[i], "| # |")) {
            /* The hop table: every row has the header's nine separators. */
            for (guint k = i; lines[k] && lines[k][0] == '|'; k++, rows++)
                if (cell_separators (lines[k]) != 9)
                    fail_msg ("hop table line %u has %u cells: %s", k, cell_separators (lines[k]),
                              lines[k]);
        }
        if (g_str_has_prefix (lines[i], "| Field |"))
            for (guint k = i; lines[k] && lines[k][0] == '|'; k++)
                if (cell_separators (lines[k]) != 5)
                    fail_msg ("evidence line %u: %s", k, lines[k]);
    }
    assert_int_equal (rows, 2 + report->hops->len);
    assert_non_null (strstr (out->str, "## \\# title \\| \\`x\\` \"q\" --\\>\n"));
}

static void
test_mermaid_structure (void **state)
{
    (void) state;
    g_autoptr (HtReport) report = hostile_report ();
    g_autoptr (GString) out = g_string_new (NULL);
    ht_render_mermaid (out, report);
    g_auto (GStrv) lines = g_strsplit (out->str, "\n", -1);
    assert_string_equal (lines[0], "flowchart LR");
    guint nodes = 0, edges = 0;
    for (guint i = 1; lines[i] && lines[i][0]; i++) {
        const char *line = lines[i];
        /* Exactly one quoted string per line, and its quotes are ours. */
        guint quotes = 0;
        for (const char *p = line; *p; p++)
            quotes += *p == '"';
        if (quotes != 2)
            fail_msg ("line %u has %u quotes: %s", i, quotes, line);
        const char *label = strchr (line, '"');
        const char *end = strrchr (line, '"');
        g_autofree gchar *inside = g_strndup (label + 1, end - label - 1);
        assert_null (strstr (inside, "-->"));
        if (g_regex_match_simple ("^    n[0-9]+\\[\"[^\"]*\"\\]$", line, 0, 0))
            nodes++;
        else if (g_regex_match_simple ("^    n[0-9]+ (-->|-\\.->)\\|\"[^\"]*\"\\| n[0-9]+$", line,
                                       0, 0))
            edges++;
        else
            fail_msg ("line %u is neither a node nor an edge: %s", i, line);
    }
    assert_int_equal (nodes, 4);
    assert_int_equal (edges, 3);
}

static void
test_dot_structure (void **state)
{
    (void) state;
    g_autoptr (HtReport) report = hostile_report ();
    g_autoptr (GString) out = g_string_new (NULL);
    ht_render_dot (out, report);
    g_auto (GStrv) lines = g_strsplit (out->str, "\n", -1);
    guint nodes = 0, edges = 0;
    for (guint i = 0; lines[i]; i++) {
        const char *line = lines[i];
        if (g_regex_match_simple ("^    n[0-9]+ \\[label=\"([^\"\\\\]|\\\\.)*\"\\];$", line, 0, 0))
            nodes++;
        else if (g_regex_match_simple (
                     "^    n[0-9]+ -> n[0-9]+ \\[label=\"[^\"]*\"(, style=dashed)?\\];$", line, 0,
                     0))
            edges++;
        else if (!g_str_has_prefix (line, "digraph hoptrace {") && strcmp (line, "}") != 0 &&
                 *line && !g_str_has_suffix (line, ";"))
            fail_msg ("line %u: %s", i, line);
    }
    assert_int_equal (nodes, 4);
    assert_int_equal (edges, 3);
}

static void
test_link_labels (void **state)
{
    (void) state;
    static const struct {
        const char *line;
        const char *label;
    } cases[] = {
        {"from a by b with ESMTPS id 1 (version=TLS1_2 cipher=X); Tue, 14 Jan 2025 10:00:00 +0000",
         "TLS1.2"},
        {"from a by b with Microsoft SMTP Server (TLS) id 14.3.498.0; Tue, 14 Jan 2025 10:00:00 "
         "+0000",
         "TLS ?"},
        {"from a by b with ESMTP id 1; Tue, 14 Jan 2025 10:00:00 +0000", "plain"},
        {"from a by b with mapi id 15.20.1.1; Tue, 14 Jan 2025 10:00:00 +0000", "?"},
    };
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        HtHop hop = {.received = ht_received_parse (cases[i].line)};
        hop.tls = ht_tls_from_received (hop.received);
        const char *label = ht_render_link_label (&hop);
        if (strcmp (label, cases[i].label) != 0)
            fail_msg ("row %zu: '%s', expected '%s'", i, label, cases[i].label);
        ht_tls_free (hop.tls);
        ht_received_free (hop.received);
    }
}

int
main (void)
{
    g_mime_init ();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_escapes),           cmocka_unit_test (test_markdown_structure),
        cmocka_unit_test (test_mermaid_structure), cmocka_unit_test (test_dot_structure),
        cmocka_unit_test (test_link_labels),
    };
    int failed = cmocka_run_group_tests (tests, NULL, NULL);
    g_mime_shutdown ();
    return failed;
}
