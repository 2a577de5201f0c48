/* Tests of ht-exchange: EndToEndLatency and Authentication-Results parsing, and the evidence
 * of a hybrid message tied to the hops whose servers it names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <gmime/gmime.h>
#include <string.h>

#include "ht-exchange.h"

static void
test_latency (void **state)
{
    (void) state;
    static const struct {
        const char *text;
        gboolean ok;
        gint64 microseconds;
    } cases[] = {
        {"00:00:02.1530000", TRUE, 2153000},
        {"00:00:00", TRUE, 0},
        {"00:01:05.0000001", TRUE, 65000000}, /* 100 ns ticks below a microsecond */
        {"02:03:04.5", TRUE, ((2 * 60 + 3) * 60 + 4) * G_GINT64_CONSTANT (1000000) + 500000},
        {"1.02:03:04.5000000", TRUE,
         (((24 + 2) * 60 + 3) * 60 + 4) * G_GINT64_CONSTANT (1000000) + 500000},
        {"1:00:00:00.0000000", TRUE, 86400 * G_GINT64_CONSTANT (1000000)}, /* the .NET "g" form */
        {" 00:00:01.25 ", TRUE, 1250000},
        {"-00:00:01", TRUE, -G_USEC_PER_SEC},
        {"30:00:00", TRUE,
         30 * 3600 * G_GINT64_CONSTANT (1000000)}, /* hours past a day without a day part */
        {"", FALSE, 0},
        {"12", FALSE, 0},
        {"00:00", FALSE, 0},
        {"00:60:00", FALSE, 0},
        {"00:00:60", FALSE, 0},
        {"1.24:00:00", FALSE, 0},
        {"1.02:03", FALSE, 0},
        {"00:00:01.", FALSE, 0},
        {"00:00:01x", FALSE, 0},
        {"00:00:01.5.5", FALSE, 0},
        {"1:2:3:4:5", FALSE, 0},
        {"abc", FALSE, 0},
        {"99999999:00:00", FALSE, 0}, /* more digits than a TimeSpan has */
    };
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        gint64 us = -42;
        gboolean ok = ht_exchange_parse_latency (cases[i].text, &us);
        if (ok != cases[i].ok)
            fail_msg ("row %zu: '%s' %s", i, cases[i].text, ok ? "parsed" : "did not parse");
        if (ok && us != cases[i].microseconds)
            fail_msg ("row %zu: '%s' gave %" G_GINT64_FORMAT " us, expected %" G_GINT64_FORMAT, i,
                      cases[i].text, us, cases[i].microseconds);
    }
    gint64 us;
    assert_false (ht_exchange_parse_latency (NULL, &us));
}

static void
test_auth_results (void **state)
{
    (void) state;
    static const struct {
        const char *value;
        const char *authserv_id, *spf, *dkim, *dmarc, *compauth, *reason;
    } cases[] = {
        /* Exchange Online Protection writes no authserv-id. */
        {"spf=fail (sender IP is 203.0.113.20)\n smtp.mailfrom=example.org; dkim=pass (signature "
         "was verified)\n header.d=example.org;dmarc=pass action=none\n "
         "header.from=example.org;compauth=pass reason=100",
         NULL, "fail", "pass", "pass", "pass", "100"},
        /* RFC 8601, with a ';' inside a comment. */
        {"mx.example.net;\n\tdkim=pass (2048-bit key; unprotected) header.d=example.com;\n\t"
         "spf=pass (mx.example.net: domain of a@example.com designates 203.0.113.10 as permitted "
         "sender) smtp.mailfrom=a@example.com;\n\tdmarc=pass (p=quarantine dis=none) "
         "header.from=example.com",
         "mx.example.net", "pass", "pass", "pass", NULL, NULL},
        /* The first result of a method counts; other methods are ignored. */
        {"mx.google.com; dkim=pass header.i=@a.example; dkim=fail header.i=@b.example; arc=pass "
         "(i=1 spf=fail); spf=SoftFail smtp.mailfrom=x",
         "mx.google.com", "softfail", "pass", NULL, NULL, NULL},
        {"mx.example.org 1; none", "mx.example.org", NULL, NULL, NULL, NULL, NULL},
        {"mx.example.org; spf=pass reason=\"a;b\" smtp.mailfrom=x; dmarc=fail", "mx.example.org",
         "pass", NULL, "fail", NULL, NULL},
        {"", NULL, NULL, NULL, NULL, NULL, NULL},
        {"((((unbalanced; spf=pass", NULL, NULL, NULL, NULL, NULL, NULL},
    };
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr (HtAuthResults) r = ht_exchange_parse_auth_results (cases[i].value);
        if (g_strcmp0 (r->authserv_id, cases[i].authserv_id) != 0 ||
            g_strcmp0 (r->spf, cases[i].spf) != 0 || g_strcmp0 (r->dkim, cases[i].dkim) != 0 ||
            g_strcmp0 (r->dmarc, cases[i].dmarc) != 0 ||
            g_strcmp0 (r->compauth, cases[i].compauth) != 0 ||
            g_strcmp0 (r->compauth_reason, cases[i].reason) != 0)
            fail_msg ("row %zu: id=%s spf=%s dkim=%s dmarc=%s compauth=%s reason=%s", i,
                      r->authserv_id, r->spf, r->dkim, r->dmarc, r->compauth, r->compauth_reason);
    }
}

static HtReport *
report_from_file (const char *name, const char *extra)
{
    g_autofree gchar *path = g_build_filename (HT_TOP_SRCDIR, "testdata", name, NULL);
    g_autofree gchar *text = NULL;
    assert_true (g_file_get_contents (path, &text, NULL, NULL));
    g_autofree gchar *all = g_strconcat (extra ? extra : "", text, NULL);
    g_autoptr (GError) error = NULL;
    g_autoptr (HtMessage) message = ht_input_parse_bytes (name, all, strlen (all), NULL, &error);
    assert_non_null (message);
    return ht_chain_build (message);
}

static const HtExchangeItem *
item (const HtExchange *exchange, const char *header)
{
    for (guint i = 0; i < exchange->items->len; i++) {
        const HtExchangeItem *it = g_ptr_array_index (exchange->items, i);
        if (strcmp (it->header, header) == 0)
            return it;
    }
    fail_msg ("no %s item", header);
    return NULL;
}

static void
test_hybrid_inbound (void **state)
{
    (void) state;
    g_autoptr (HtReport) report = report_from_file ("hybrid-cmt-inbound.eml", NULL);
    const HtExchange *exchange = report->exchange;
    assert_non_null (exchange);
    static const struct {
        const char *header, *value;
        guint hop;
        const char *explanation; /* a part of it */
    } cases[] = {
        {"X-MS-Exchange-Organization-AuthAs", "Internal", 0, "hybrid connector"},
        /* Names EOP by its eop-eur04 name; hop 5's by host is its mail.protection name. */
        {"X-MS-Exchange-Organization-AuthSource",
         "DB5PEPF00014B8F.eop-eur04.prod.protection.outlook.com", 5, "receiving server of hop 5"},
        {"X-MS-Exchange-Organization-MessageDirectionality", "Incoming", 0, "outside"},
        {"X-MS-Exchange-CrossPremises-AuthSource", "EDGE01.example.com", 3, "hop 3"},
        {"X-MS-Exchange-CrossPremises-OriginalClientIPAddress", "198.51.100.41", 3,
         "sending address of hop 3"},
        {"X-MS-Exchange-CrossTenant-FromEntityHeader", "HybridOnPrem", 0, "on-premises"},
        /* A first label only, of hop 6's by host. */
        {"X-MS-Exchange-Transport-CrossTenantHeadersStamped", "AM6PR04MB1234", 6, "hop 6"},
        {"X-OriginatorOrg", "example.com", 0, "accepted domain"},
        {"Authentication-Results", "spf=fail dkim=pass dmarc=pass compauth=pass reason=100", 5,
         "Enhanced Filtering for Connectors"},
    };
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        const HtExchangeItem *it = item (exchange, cases[i].header);
        if (strcmp (it->value, cases[i].value) != 0 || it->hop != cases[i].hop ||
            strstr (it->explanation, cases[i].explanation) == NULL)
            fail_msg ("row %zu: %s: '%s' hop %u: %s", i, it->header, it->value, it->hop,
                      it->explanation);
        /* One sentence each. */
        assert_true (g_ascii_isupper (it->explanation[0]));
        assert_true (g_str_has_suffix (it->explanation, "."));
    }
    assert_int_equal (exchange->auth_results->len, 1);
    assert_false (exchange->has_latency);
    assert_null (exchange->latency_text);
}

static void
test_latency_against_span (void **state)
{
    (void) state;
    /* The fixture's Received dates span 9 s. */
    g_autoptr (HtReport) within = report_from_file (
        "hybrid-cmt-inbound.eml", "X-MS-Exchange-Transport-EndToEndLatency: 00:00:02.1530000\n");
    assert_true (within->exchange->has_latency);
    assert_int_equal (within->exchange->latency_us, 2153000);
    const HtExchangeItem *it = item (within->exchange, "X-MS-Exchange-Transport-EndToEndLatency");
    assert_non_null (strstr (it->explanation, "2.153 s, within the 9 s the Received dates span"));

    g_autoptr (HtReport) longer = report_from_file (
        "hybrid-cmt-inbound.eml", "X-MS-Exchange-Transport-EndToEndLatency: 1.00:00:00\n");
    it = item (longer->exchange, "X-MS-Exchange-Transport-EndToEndLatency");
    assert_non_null (strstr (it->explanation, "longer than the 9 s"));

    g_autoptr (HtReport) broken = report_from_file (
        "hybrid-cmt-inbound.eml", "X-MS-Exchange-Transport-EndToEndLatency: soon\n");
    assert_false (broken->exchange->has_latency);
    assert_string_equal (broken->exchange->latency_text, "soon");
}

static void
test_none (void **state)
{
    (void) state;
    static const char text[] =
        "Received: from a.example.org by b.example.org with ESMTP id 1; Tue, "
        "14 Jan 2025 10:00:01 +0000\nX-Mailer: test\nSubject: x\n\n";
    g_autoptr (GError) error = NULL;
    g_autoptr (HtMessage) message = ht_input_parse_bytes ("-", text, strlen (text), NULL, &error);
    g_autoptr (HtReport) report = ht_chain_build (message);
    assert_null (report->exchange);
}

int
main (void)
{
    g_mime_init ();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_latency),        cmocka_unit_test (test_auth_results),
        cmocka_unit_test (test_hybrid_inbound), cmocka_unit_test (test_latency_against_span),
        cmocka_unit_test (test_none),
    };
    int failed = cmocka_run_group_tests (tests, NULL, NULL);
    g_mime_shutdown ();
    return failed;
}
