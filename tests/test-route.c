/* Tests of ht-route: path parsing, the observed route (which hops count, which servers are
 * the same, how repeats merge) and the verdict of --expect. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <gmime/gmime.h>
#include <string.h>

#include "ht-profile.h"
#include "ht-route.h"

static const char seed_profile[] = "[role edge]\n"
                                   "hosts = EDGE*.example.com\n"
                                   "networks = 192.0.2.10/32;203.0.113.10/32\n"
                                   "[role exchange2010]\n"
                                   "hosts = EXCH*.corp.example.com\n"
                                   "networks = 192.0.2.20/32;203.0.113.20/32\n"
                                   "[role filter]\n"
                                   "hosts = filter.example.com\n"
                                   "[route cmt-inbound]\n"
                                   "path = internet > edge > exchange2010 > eop > exo\n"
                                   "[route cmt-outbound]\n"
                                   "path = exo > eop > exchange2010 > edge > internet\n";

static HtProfile *
seed (void)
{
    g_autoptr (GError) error = NULL;
    HtProfile *profile =
        ht_profile_load_data (seed_profile, strlen (seed_profile), "seed.conf", &error);
    assert_non_null (profile);
    return profile;
}

static HtReport *
report_from (const char *text, const HtProfile *profile)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (HtMessage) message = ht_input_parse_bytes ("-", text, strlen (text), NULL, &error);
    assert_non_null (message);
    HtReport *report = ht_chain_build (message);
    ht_profile_assign_roles (profile, report);
    return report;
}

static HtReport *
report_from_file (const char *name, const HtProfile *profile)
{
    g_autofree gchar *path = g_build_filename (HT_TOP_SRCDIR, "testdata", name, NULL);
    g_autofree gchar *text = NULL;
    assert_true (g_file_get_contents (path, &text, NULL, NULL));
    return report_from (text, profile);
}

static void
test_parse_path (void **state)
{
    (void) state;
    static const struct {
        const char *text;
        const char *joined;  /* the steps joined with '|', or NULL for an error */
        const char *message; /* a part of the error message */
    } cases[] = {
        {"internet > edge > exchange2010 > eop > exo", "internet|edge|exchange2010|eop|exo", NULL},
        {"  Internet>EDGE  ", "internet|edge", NULL},
        {"exo", "exo", NULL},
        {"", NULL, "the path is empty"},
        {"   ", NULL, "the path is empty"},
        {"internet >", NULL, "step 2 of the path 'internet >' is empty"},
        {"> edge", NULL, "step 1 of the path"},
        {"internet > > exo", NULL, "step 2 of the path"},
        {"internet edge > exo", NULL, "step 1 of the path ('internet edge') is not one role"},
        {"internet -> exo", NULL, "('internet -') is not one role name"},
        {"internet, exo", NULL, "is not one role name"},
    };
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr (GError) error = NULL;
        g_autoptr (GPtrArray) steps = ht_route_parse_path (cases[i].text, &error);
        if (cases[i].joined == NULL) {
            if (steps)
                fail_msg ("row %zu: '%s' should not parse", i, cases[i].text);
            assert_true (g_error_matches (error, HT_ROUTE_ERROR, HT_ROUTE_ERROR_INVALID_PATH));
            if (strstr (error->message, cases[i].message) == NULL)
                fail_msg ("row %zu: \"%s\"", i, error->message);
            continue;
        }
        if (steps == NULL)
            fail_msg ("row %zu: '%s' does not parse: %s", i, cases[i].text, error->message);
        g_ptr_array_add (steps, NULL);
        g_autofree gchar *joined = g_strjoinv ("|", (gchar **) steps->pdata);
        if (strcmp (joined, cases[i].joined) != 0)
            fail_msg ("row %zu: '%s', expected '%s'", i, joined, cases[i].joined);
    }
}

static void
test_same_server (void **state)
{
    (void) state;
    static const struct {
        HtRouteStep a, b;
        gboolean same;
    } cases[] = {
        {{.names = {"EXCH01.corp.example.com"}}, {.names = {"exch01.CORP.example.com."}}, TRUE},
        /* Exchange writes a NetBIOS HELO: an unqualified name is the first label. */
        {{.names = {"EXCH01"}}, {.names = {"EXCH01.corp.example.com"}}, TRUE},
        {{.names = {"mail.example.com"}}, {.names = {"mail.example.net"}}, FALSE},
        {{.names = {"mail"}}, {.names = {"mailer.example.com"}}, FALSE},
        /* The same address, different names: EOP's front end under two domains. */
        {{.names = {"DB5PEPF00014B8F.mail.protection.outlook.com"}, .ip = "2001:db8:1c5:2::8f"},
         {.names = {NULL, "DB5PEPF00014B8F.eop-eur04.prod.protection.outlook.com"},
          .ip = "2001:db8:1c5:2::8f"},
         TRUE},
        {{.names = {"a.example.com"}, .ip = "2001:db8::78%4"},
         {.names = {"b.example.com"}, .ip = "2001:db8::78"},
         TRUE},
        {{.names = {"a.example.com"}, .ip = "192.0.2.1"},
         {.names = {"b.example.com"}, .ip = "192.0.2.2"},
         FALSE},
        /* Loopback says nothing about which machine it was. */
        {{.names = {"a.example.com"}, .ip = "127.0.0.1"},
         {.names = {"b.example.com"}, .ip = "127.0.0.1"},
         FALSE},
        {{.names = {"localhost"}}, {.names = {"localhost"}}, FALSE},
        /* Address literals are compared as addresses, never as first labels. */
        {{.names = {"[192.0.2.1]"}}, {.names = {"192.0.2.1.example.com"}}, FALSE},
        {{.names = {NULL, "x.example.com"}}, {.names = {NULL, "X.example.com"}}, TRUE},
        {{.names = {"192"}}, {.names = {"192.0.2.1"}}, FALSE},
        /* An IPv4-mapped IPv6 address is the IPv4 address; inet_pton refuses leading zeros. */
        {{.names = {"a.example.com"}, .ip = "192.0.2.1"},
         {.names = {"b.example.com"}, .ip = "::ffff:192.0.2.1"},
         TRUE},
        {{.names = {"a.example.com"}, .ip = "01.2.3.4"},
         {.names = {"b.example.com"}, .ip = "01.2.3.4"},
         FALSE},
    };
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        if (ht_route_same_server (&cases[i].a, &cases[i].b) != cases[i].same)
            fail_msg ("row %zu: should %sbe the same server", i, cases[i].same ? "" : "not ");
        if (ht_route_same_server (&cases[i].b, &cases[i].a) != cases[i].same)
            fail_msg ("row %zu: not symmetric", i);
    }
}

static void
test_observe (void **state)
{
    (void) state;
    g_autoptr (HtProfile) profile = seed ();
    static const struct {
        const char *what;
        const char *text;
        const char *roles;
        guint steps, nodes;
    } cases[] = {
        {"the first from, then every by",
         "Received: from EXCH01.corp.example.com (192.0.2.20) by EDGE01.example.com (192.0.2.10) "
         "with ESMTP id 2; Tue, 14 Jan 2025 10:00:02 +0000\n"
         "Received: from x by EXCH01.corp.example.com (192.0.2.20) with mapi id 1; Tue, 14 Jan "
         "2025 10:00:01 +0000\n",
         "internet > exchange2010 > edge", 3, 3},
        {"a from that is not the previous by is a server too (a link no line records)",
         "Received: from mx.example.net (198.51.100.7) by EDGE01.example.com (192.0.2.10) with "
         "ESMTP id 2; Tue, 14 Jan 2025 10:00:02 +0000\n"
         "Received: from a.example.org (198.51.100.1) by b.example.org (198.51.100.2) with ESMTP "
         "id 1; Tue, 14 Jan 2025 10:00:01 +0000\n",
         "internet > edge", 4, 4},
        {"X-Received lines do not count",
         "Received: from EXCH01.corp.example.com (192.0.2.20) by EDGE01.example.com (192.0.2.10) "
         "with ESMTP id 2; Tue, 14 Jan 2025 10:00:02 +0000\n"
         "X-Received: by EXCH01.corp.example.com with SMTP id 1; Tue, 14 Jan 2025 10:00:01 +0000\n"
         "X-Received: from mx.example.net by filter.example.com with SMTP id 0; Tue, 14 Jan 2025 "
         "10:00:00 +0000\n",
         "exchange2010 > edge", 2, 2},
        {"a line without a by host names no server to pass",
         "Received: from EXCH01.corp.example.com (192.0.2.20) by EDGE01.example.com (192.0.2.10) "
         "with ESMTP id 2; Tue, 14 Jan 2025 10:00:02 +0000\n"
         "Received: (qmail 12345 invoked from network); Tue, 14 Jan 2025 10:00:01 +0000\n",
         "exchange2010 > edge", 2, 2},
        {"a content filter over loopback is not a step of the route",
         "Received: from localhost (localhost [127.0.0.1]) by filter.example.com (Postfix) with "
         "ESMTP id 3; Tue, 14 Jan 2025 10:00:03 +0000\n"
         "Received: from EDGE01.example.com (192.0.2.10) by filter.example.com (198.51.100.9) with "
         "ESMTP id 2; Tue, 14 Jan 2025 10:00:02 +0000\n",
         "edge > filter", 2, 2},
        {"consecutive servers of one role merge into one step of the route",
         "Received: from DB8EUR05FT021.eop-eur05.prod.protection.outlook.com (2001:db8:40::21) by "
         "mx.google.com with ESMTPS id 3; Tue, 14 Jan 2025 10:00:03 +0000\n"
         "Received: from AM6PR04MB5678.eurprd04.prod.outlook.com (2001:db8:12::78) by "
         "DB8EUR05FT021.mail.protection.outlook.com (2001:db8:40::21) with ESMTP id 2; Tue, 14 "
         "Jan 2025 10:00:02 +0000\n"
         "Received: from AM6PR04MB5678.eurprd04.prod.outlook.com ([2001:db8:12::78]) by "
         "AM6PR04MB5678.eurprd04.prod.outlook.com ([2001:db8:12::78%4]) with mapi id 1; Tue, 14 "
         "Jan 2025 10:00:01 +0000\n",
         "exo > eop > internet", 3, 3},
        {"a server met twice is one node",
         "Received: from b.example.org (198.51.100.2) by a.example.org (198.51.100.1) with ESMTP "
         "id 3; Tue, 14 Jan 2025 10:00:03 +0000\n"
         "Received: from a.example.org (198.51.100.1) by b.example.org (198.51.100.2) with ESMTP "
         "id 2; Tue, 14 Jan 2025 10:00:02 +0000\n",
         "internet", 3, 2},
        {"no Received line",
         "X-Received: by a.example.org with SMTP id 1; Tue, 14 Jan 2025 "
         "10:00:01 +0000\n",
         "", 0, 0},
    };
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree gchar *text = g_strconcat (cases[i].text, "Subject: x\n\n", NULL);
        g_autoptr (HtReport) report = report_from (text, profile);
        g_autoptr (HtRouteObserved) observed = ht_route_observe (report);
        g_autofree gchar *roles = ht_route_roles_to_string (observed);
        if (strcmp (roles, cases[i].roles) != 0)
            fail_msg ("row %zu (%s): '%s', expected '%s'", i, cases[i].what, roles, cases[i].roles);
        if (observed->steps->len != cases[i].steps || observed->nodes != cases[i].nodes)
            fail_msg ("row %zu (%s): %u steps and %u nodes, expected %u and %u", i, cases[i].what,
                      observed->steps->len, observed->nodes, cases[i].steps, cases[i].nodes);
    }
}

static void
test_fixtures (void **state)
{
    (void) state;
    g_autoptr (HtProfile) profile = seed ();
    static const struct {
        const char *file;
        const char *route;
        gboolean match;
        guint diverges_at;
        const char *divergence;
    } cases[] = {
        {"hybrid-cmt-inbound.eml", "cmt-inbound", TRUE, 0, NULL},
        {"hybrid-cmt-outbound.eml", "cmt-outbound", TRUE, 0, NULL},
        {"direct-exo-outbound.eml", "cmt-outbound", FALSE, 3,
         "step 3: expected exchange2010, observed internet (mx.google.com, hop 4)"},
        {"hybrid-cmt-inbound.eml", "cmt-outbound", FALSE, 1,
         "step 1: expected exo, observed internet (203.0.113.77, hop 1)"},
    };
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr (HtReport) report = report_from_file (cases[i].file, profile);
        const HtRoute *route = ht_profile_get_route (profile, cases[i].route, NULL);
        assert_non_null (route);
        g_autoptr (HtRouteVerdict) verdict = ht_route_verify (route, report);
        assert_string_equal (verdict->name, cases[i].route);
        if (verdict->match != cases[i].match || verdict->diverges_at != cases[i].diverges_at ||
            g_strcmp0 (verdict->divergence, cases[i].divergence) != 0)
            fail_msg ("row %zu: match %d at %u: %s", i, verdict->match, verdict->diverges_at,
                      verdict->divergence);
        assert_int_equal (verdict->expected->len, 5);
    }
}

/* Where the sequences differ: in the middle, the observed one ending early, going on. */
static void
test_verdicts (void **state)
{
    (void) state;
    g_autoptr (HtProfile) profile = seed ();
    static const char message[] =
        "Received: from EXCH01.corp.example.com (192.0.2.20) by EDGE01.example.com (192.0.2.10) "
        "with ESMTP id 2; Tue, 14 Jan 2025 10:00:02 +0000\n"
        "Received: from mx.example.net (198.51.100.7) by EXCH01.corp.example.com (192.0.2.20) "
        "with ESMTP id 1; Tue, 14 Jan 2025 10:00:01 +0000\n"
        "Subject: x\n\n";
    static const struct {
        const char *path;
        guint diverges_at;
        const char *divergence;
    } cases[] = {
        {"internet > exchange2010 > edge", 0, NULL},
        {"internet > edge > exchange2010", 2,
         "step 2: expected edge, observed exchange2010 (EXCH01.corp.example.com, hop 1)"},
        {"internet > exchange2010 > edge > exo", 4,
         "step 4: expected exo, but the observed route ends at edge (EDGE01.example.com, hop 2)"},
        {"internet > exchange2010", 3,
         "step 3: the expected route ends at exchange2010, but the message went on to edge "
         "(EDGE01.example.com, hop 2)"},
    };
    g_autoptr (HtReport) report = report_from (message, profile);
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        HtRoute route = {.name = (gchar *) "test",
                         .path = ht_route_parse_path (cases[i].path, NULL)};
        g_autoptr (HtRouteVerdict) verdict = ht_route_verify (&route, report);
        g_ptr_array_unref (route.path);
        if (verdict->match != (cases[i].diverges_at == 0) ||
            verdict->diverges_at != cases[i].diverges_at ||
            g_strcmp0 (verdict->divergence, cases[i].divergence) != 0)
            fail_msg ("row %zu: at %u: %s", i, verdict->diverges_at, verdict->divergence);
    }

    g_autoptr (HtReport) empty = report_from ("Subject: no hops\n\n", profile);
    HtRoute route = {.name = (gchar *) "test", .path = ht_route_parse_path ("exo", NULL)};
    g_autoptr (HtRouteVerdict) verdict = ht_route_verify (&route, empty);
    g_ptr_array_unref (route.path);
    assert_false (verdict->match);
    assert_int_equal (verdict->diverges_at, 1);
    assert_string_equal (verdict->divergence, "step 1: expected exo, but no Received line names a "
                                              "server the message passed");
}

int
main (void)
{
    g_mime_init ();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_parse_path), cmocka_unit_test (test_same_server),
        cmocka_unit_test (test_observe),    cmocka_unit_test (test_fixtures),
        cmocka_unit_test (test_verdicts),
    };
    int failed = cmocka_run_group_tests (tests, NULL, NULL);
    g_mime_shutdown ();
    return failed;
}
