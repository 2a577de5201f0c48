/* Tests of ht-summary: the readiness report's numbers against a mailbox whose TLS mix is
 * known by construction. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <glib/gstdio.h>
#include <gmime/gmime.h>
#include <string.h>

#include "ht-summary.h"

/* One Received line per kind of link, each on its own link (sender -> receiver). */
static const struct {
    const char *line;
    const char *from, *to;
    HtSummaryState state;
} kinds[] = {
    {"from a.example.org (a.example.org [192.0.2.1]) by mx.example.com (Postfix) with ESMTPS id "
     "A1 (using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))",
     "a.example.org", "mx.example.com", HT_SUMMARY_TLS1_3},
    {"from b.example.org (b.example.org [192.0.2.2]) by mx.example.com (8.14.4/8.14.4) with ESMTP "
     "id B1 (version=TLSv1 cipher=DHE-RSA-AES256-SHA bits=256 verify=NOT)",
     "b.example.org", "mx.example.com", HT_SUMMARY_TLS1_0},
    {"from C.EXAMPLE.ORG (192.0.2.3) by EDGE01.example.com (192.0.2.10) with Microsoft SMTP Server "
     "(TLS) id 14.3.498.0",
     "c.example.org", "edge01.example.com", HT_SUMMARY_NOT_RECORDED},
    {"from d.example.org (d.example.org [192.0.2.4]) by mx.example.com (Postfix) with ESMTP id D1",
     "d.example.org", "mx.example.com", HT_SUMMARY_PLAINTEXT},
    {"from e.example.org (e.example.org [192.0.2.5]) by mx.example.com (Postfix) with ESMTPS id "
     "E1 (using TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits))",
     "e.example.org", "mx.example.com", HT_SUMMARY_TLS1_2},
};

static void
test_counts_by_construction (void **state)
{
    (void) state;
    /* Message i carries kinds (i % 5) and ((i * 3) % 5) when they differ, plus a from-less
     * internal line that is no link. Dates run one minute apart from a fixed start. */
    enum { N = 500 };
    guint64 expected[G_N_ELEMENTS (kinds)] = {0};
    g_autoptr (GString) mbox = g_string_new (NULL);
    g_autoptr (GDateTime) start = g_date_time_new_utc (2025, 1, 14, 10, 0, 0);
    for (guint i = 0; i < N; i++) {
        g_autoptr (GDateTime) when = g_date_time_add_minutes (start, i);
        g_autofree gchar *date = g_date_time_format (when, "%a, %d %b %Y %H:%M:%S +0000");
        g_string_append (mbox, "From sender@example.org Tue Jan 14 10:00:00 2025\n");
        g_string_append_printf (mbox, "Received: by 2002:a05::1 with SMTP id x%u; %s\n", i, date);
        guint first = i % 5, second = (i * 3) % 5;
        g_string_append (mbox, "Received: ");
        g_string_append_printf (mbox, "%s; %s\n", kinds[first].line, date);
        expected[first]++;
        if (second != first) {
            g_string_append (mbox, "Received: ");
            g_string_append_printf (mbox, "%s; %s\n", kinds[second].line, date);
            expected[second]++;
        }
        g_string_append_printf (
            mbox, "Subject: message %u\n\nBody text, with an escaped line:\n>From x\n\n", i);
    }
    g_autofree gchar *path =
        g_build_filename (g_get_tmp_dir (), "hoptrace-test-summary.mbox", NULL);
    assert_true (g_file_set_contents (path, mbox->str, mbox->len, NULL));

    g_autoptr (HtSummary) summary = ht_summary_new ();
    g_autoptr (GError) error = NULL;
    g_autoptr (HtInput) input = ht_input_open (path, NULL, &error);
    assert_non_null (input);
    for (;;) {
        g_autoptr (HtMessage) message = ht_input_next (input, &error);
        if (message == NULL)
            break;
        g_autoptr (HtReport) report = ht_chain_build (message);
        ht_summary_add (summary, report);
    }
    g_unlink (path);
    assert_null (error);
    assert_int_equal (ht_summary_messages (summary), N);

    GPtrArray *links = ht_summary_links (summary);
    assert_int_equal (links->len, G_N_ELEMENTS (kinds));
    for (gsize k = 0; k < G_N_ELEMENTS (kinds); k++) {
        const HtSummaryLink *found = NULL;
        for (guint i = 0; i < links->len; i++) {
            const HtSummaryLink *link = g_ptr_array_index (links, i);
            if (strcmp (link->from, kinds[k].from) == 0 && strcmp (link->to, kinds[k].to) == 0)
                found = link;
        }
        if (found == NULL)
            fail_msg ("no link %s -> %s", kinds[k].from, kinds[k].to);
        if (found->hops != expected[k] || found->counts[kinds[k].state] != expected[k])
            fail_msg ("%s -> %s: %" G_GUINT64_FORMAT " hops, %" G_GUINT64_FORMAT
                      " in its state, expected %" G_GUINT64_FORMAT,
                      kinds[k].from, kinds[k].to, found->hops, found->counts[kinds[k].state],
                      expected[k]);
    }

    /* The CSV carries the same numbers: the TLS 1.0 link's row. */
    g_autoptr (GString) csv = g_string_new (NULL);
    ht_summary_render_csv (csv, summary);
    g_autofree gchar *row =
        g_strdup_printf ("\"b.example.org\",\"mx.example.com\",\"Sendmail\",%" G_GUINT64_FORMAT
                         ",0,0,0,%" G_GUINT64_FORMAT ",0,0,0,0,0,",
                         expected[1], expected[1]);
    if (strstr (csv->str, row) == NULL)
        fail_msg ("CSV lacks row %s:\n%s", row, csv->str);

    g_autoptr (GString) text = g_string_new (NULL);
    ht_summary_render_text (text, summary);
    assert_non_null (
        strstr (text->str, "Below TLS 1.2 (or no TLS at all):\n  b.example.org -> mx.example.com"));
    /* The plaintext link is below TLS 1.2 too. */
    assert_non_null (strstr (text->str, "  d.example.org -> mx.example.com (Postfix): "));
    assert_non_null (strstr (text->str, "Gaps to check in protocol logs:\n  c.example.org -> "
                                        "edge01.example.com"));
}

static void
test_csv_is_formula_safe (void **state)
{
    (void) state;
    static const char message[] =
        "Received: from =cmd|' /C calc'!A0 ([192.0.2.9]) by \"mx\",example.com (Postfix) with "
        "ESMTP id X; Tue, 14 Jan 2025 10:00:00 +0000\n\n";
    g_autoptr (GError) error = NULL;
    g_autoptr (HtMessage) parsed =
        ht_input_parse_bytes ("-", message, sizeof message - 1, NULL, &error);
    assert_non_null (parsed);
    g_autoptr (HtReport) report = ht_chain_build (parsed);
    g_autoptr (HtSummary) summary = ht_summary_new ();
    ht_summary_add (summary, report);
    g_autoptr (GString) csv = g_string_new (NULL);
    ht_summary_render_csv (csv, summary);
    assert_non_null (strstr (csv->str, "\r\n\"'=cmd|'\",\"\"\"mx\"\",example.com\""));
}

int
main (void)
{
    g_mime_init ();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_counts_by_construction),
        cmocka_unit_test (test_csv_is_formula_safe),
    };
    int failed = cmocka_run_group_tests (tests, NULL, NULL);
    g_mime_shutdown ();
    return failed;
}
