/* Tests of ht-profile: host globs, IPv4/IPv6 networks, the order in which a server's role
 * is chosen, and the errors a broken profile gives (with the file and the line). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <gmime/gmime.h>
#include <string.h>

#include "ht-profile.h"

static void
test_globs (void **state)
{
    (void) state;
    static const struct {
        const char *glob;
        const char *host;
        gboolean match;
    } cases[] = {
        {"EDGE*.example.com", "EDGE01.example.com", TRUE},
        {"EDGE*.example.com", "edge01.EXAMPLE.com", TRUE},  /* case does not matter */
        {"edge*.example.com", "EDGE01.example.com.", TRUE}, /* nor a trailing dot */
        {"EDGE*.example.com", "EXCH01.example.com", FALSE},
        {"EDGE*.example.com", "EDGE01.example.com.evil.example", FALSE},
        {"*.example.com", "example.com", FALSE},
        {"*.example.com", "a.b.example.com", TRUE},
        {"mail.example.com", "mail.example.com", TRUE},
        {"mail.example.com", "mail.example.co", FALSE},
        {"ex?01.corp.example.com", "EXC01.corp.example.com", TRUE},
        {"ex?01.corp.example.com", "EX01.corp.example.com", FALSE},
        {"*.mail.protection.outlook.com", "DB5PEPF00014B8F.mail.protection.outlook.com", TRUE},
        {"*.mail.protection.outlook.com", "mail.protection.outlook.com", FALSE},
        {"*.eop-*.prod.protection.outlook.com",
         "DB8EUR05FT021.eop-eur05.prod.protection.outlook.com", TRUE},
        {"*.eop-*.prod.protection.outlook.com", "x.eop.prod.protection.outlook.com", FALSE},
        {"a*b*c", "aXXbYYc", TRUE},
        {"a*b*c", "aXXbYY", FALSE},
        {"*", "anything", TRUE},
        {"*", "", FALSE}, /* an empty name is no name */
        {"**.example.com", "x.example.com", TRUE},
    };
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
        if (ht_profile_host_matches (cases[i].glob, cases[i].host) != cases[i].match)
            fail_msg ("row %zu: '%s' against '%s' should %smatch", i, cases[i].glob, cases[i].host,
                      cases[i].match ? "" : "not ");
    assert_false (ht_profile_host_matches ("*", NULL));
}

static void
test_networks (void **state)
{
    (void) state;
    static const struct {
        const char *network;
        const char *ip;
        gboolean contains;
    } cases[] = {
        {"192.0.2.0/24", "192.0.2.77", TRUE},
        {"192.0.2.0/24", "192.0.3.1", FALSE},
        {"192.0.2.0/25", "192.0.2.127", TRUE},
        {"192.0.2.0/25", "192.0.2.128", FALSE},
        {"192.0.2.10/32", "192.0.2.10", TRUE},
        {"192.0.2.10/32", "192.0.2.11", FALSE},
        {"192.0.2.10", "192.0.2.10", TRUE}, /* a bare address is a network of one */
        {"0.0.0.0/0", "203.0.113.5", TRUE},
        {"0.0.0.0/0", "2001:db8::1", FALSE},        /* IPv4 networks hold no IPv6 address */
        {"192.0.2.0/24", "::ffff:192.0.2.9", TRUE}, /* IPv4-mapped */
        {"192.0.2.0/24", "[192.0.2.9]", TRUE},      /* as Received lines write it */
        {"192.0.2.0/24", "not an address", FALSE},
        {"2001:db8::/32", "2001:db8:1c5:12::78", TRUE},
        {"2001:db8::/32", "2001:db8:1c5:12::78%4", TRUE}, /* EXO's zone suffix */
        {"2001:db8::/32", "IPv6:2001:db8::25", TRUE},     /* Postfix's literal */
        {"2001:db8::/32", "2001:db9::1", FALSE},
        {"2001:db8::/33", "2001:db8:7fff::1", TRUE},
        {"2001:db8::/33", "2001:db8:8000::1", FALSE},
        {"2001:db8:1c5::/48", "[2001:db8:1c5:2::8f]", TRUE},
        {"2001:db8::25/128", "2001:db8::25", TRUE},
        {"2001:db8::25/128", "2001:db8::26", FALSE},
        {"::/0", "::1", TRUE},
        {"::/0", "192.0.2.1", FALSE},
    };
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        HtNetwork network;
        g_autoptr (GError) error = NULL;
        if (!ht_profile_parse_network (cases[i].network, &network, &error))
            fail_msg ("row %zu: '%s' does not parse: %s", i, cases[i].network, error->message);
        if (ht_profile_network_contains (&network, cases[i].ip) != cases[i].contains)
            fail_msg ("row %zu: %s should %scontain %s", i, cases[i].network,
                      cases[i].contains ? "" : "not ", cases[i].ip);
        /* The same answer for an address parsed once (ht_profile_role's way). */
        HtNetwork address;
        gboolean holds = ht_profile_parse_address (cases[i].ip, &address) &&
                         ht_profile_network_holds (&network, &address);
        if (holds != cases[i].contains)
            fail_msg ("row %zu: %s should %shold %s", i, cases[i].network,
                      cases[i].contains ? "" : "not ", cases[i].ip);
    }
}

static void
test_bad_networks (void **state)
{
    (void) state;
    static const struct {
        const char *text;
        const char *message; /* a part of the error message */
    } cases[] = {
        {"192.0.2.10/24", "did you mean 192.0.2.0/24"},
        {"2001:db8::1/32", "did you mean 2001:db8::/32"},
        {"192.0.2.0/33", "no valid prefix length (0 to 32)"},
        {"2001:db8::/129", "no valid prefix length (0 to 128)"},
        {"192.0.2.0/", "no valid prefix length"},
        {"192.0.2.0/x", "no valid prefix length"},
        {"192.0.2.0/-1", "no valid prefix length"},
        {"192.0.2", "not an IPv4 or IPv6 network"},
        {"mail.example.com", "not an IPv4 or IPv6 network"},
        {"[192.0.2.1]", "not an IPv4 or IPv6 network"},
        {"fe80::1%eth0", "not an IPv4 or IPv6 network"},
        {"", "not an IPv4 or IPv6 network"},
    };
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        HtNetwork network;
        g_autoptr (GError) error = NULL;
        if (ht_profile_parse_network (cases[i].text, &network, &error))
            fail_msg ("row %zu: '%s' should not parse", i, cases[i].text);
        assert_true (g_error_matches (error, HT_PROFILE_ERROR, HT_PROFILE_ERROR_INVALID));
        if (strstr (error->message, cases[i].message) == NULL)
            fail_msg ("row %zu: '%s' gave \"%s\"", i, cases[i].text, error->message);
    }
}

static HtProfile *
load (const char *text)
{
    g_autoptr (GError) error = NULL;
    HtProfile *profile = ht_profile_load_data (text, strlen (text), "test.conf", &error);
    if (profile == NULL)
        fail_msg ("the profile does not load: %s", error->message);
    return profile;
}

/* Addresses before names, declared roles in file order before the built-in ones. */
static const char order_profile[] = "[role edge]\n"
                                    "hosts = EDGE*.example.com\n"
                                    "networks = 192.0.2.10/32\n"
                                    "\n"
                                    "[role hub]\n"
                                    "hosts = *.example.com\n"
                                    "networks = 192.0.2.0/24;2001:db8:20::/48\n"
                                    "\n"
                                    "[role cloud]\n"
                                    "hosts = TENANT*.prod.outlook.com\n";

static void
test_role_order (void **state)
{
    (void) state;
    g_autoptr (HtProfile) profile = load (order_profile);
    static const struct {
        gboolean builtin_only;
        const char *names[2];
        const char *ip;
        const char *role; /* NULL: none */
    } cases[] = {
        {FALSE, {"EDGE01.example.com", NULL}, "192.0.2.10", "edge"},
        /* The address says hub: a HELO name is whatever the client chose to say. */
        {FALSE, {"EDGE01.example.com", NULL}, "192.0.2.20", "hub"},
        {FALSE, {"mail.example.net", NULL}, "2001:db8:20::5", "hub"},
        /* By name, the first role of the file that matches. */
        {FALSE, {"EDGE01.example.com", NULL}, NULL, "edge"},
        {FALSE, {"edge01.example.com.", NULL}, "198.51.100.1", "edge"},
        {FALSE, {"mail.example.com", NULL}, NULL, "hub"},
        /* The reverse-DNS name comes first, the HELO name second. */
        {FALSE, {"EDGE01.example.com", "mail.example.com"}, NULL, "edge"},
        {FALSE, {NULL, "mail.example.com"}, NULL, "hub"},
        /* Declared roles win over built-in ones. */
        {FALSE, {"TENANT01.eurprd04.prod.outlook.com", NULL}, NULL, "cloud"},
        {FALSE, {"AM6PR04MB1234.eurprd04.prod.outlook.com", NULL}, NULL, "exo"},
        {FALSE, {"DB5PEPF00014B8F.mail.protection.outlook.com", NULL}, NULL, "eop"},
        {FALSE, {"EUR04-DB5-obe.outbound.protection.outlook.com", NULL}, NULL, "eop"},
        {FALSE, {"DB8EUR05FT021.eop-eur05.prod.protection.outlook.com", NULL}, NULL, "eop"},
        {FALSE, {"mx.google.com", NULL}, "198.51.100.87", "internet"},
        {FALSE, {NULL, NULL}, "198.51.100.87", "internet"},
        {FALSE, {NULL, NULL}, NULL, NULL},
        {FALSE, {"", NULL}, NULL, NULL},
        /* The built-in profile. */
        {TRUE, {"EDGE01.example.com", NULL}, "192.0.2.10", "internet"},
        {TRUE, {"AM6PR04MB1234.eurprd04.prod.outlook.com", NULL}, NULL, "exo"},
        {TRUE, {"x.outlook.office365.com", NULL}, NULL, "exo"},
        {TRUE, {"BN3PR05MB2345.namprd05.prod.exchangelabs.com", NULL}, NULL, "exo"},
        {TRUE, {"example-com.mail.protection.outlook.com", NULL}, NULL, "eop"},
        /* outlook.com itself (consumer mail) is neither. */
        {TRUE, {"mail.outlook.com", NULL}, NULL, "internet"},
    };
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        const char *role = ht_profile_role (cases[i].builtin_only ? NULL : profile, cases[i].names,
                                            2, cases[i].ip);
        if (g_strcmp0 (role, cases[i].role) != 0)
            fail_msg ("row %zu: role '%s', expected '%s'", i, role, cases[i].role);
        /* Roles are interned: callers compare them as pointers. */
        if (role)
            assert_ptr_equal (role, g_intern_string (cases[i].role));
    }
}

static void
test_assign_roles (void **state)
{
    (void) state;
    g_autoptr (HtProfile) profile = load (order_profile);
    static const char text[] =
        "Received: from localhost (localhost [127.0.0.1]) by mail.example.com (Postfix) with "
        "ESMTP id B; Tue, 14 Jan 2025 10:00:02 +0000\n"
        "Received: from EDGE01.example.com (192.0.2.10) by mail.example.com (192.0.2.30) with "
        "ESMTP id A; Tue, 14 Jan 2025 10:00:01 +0000\n"
        "Received: by 2002:a05:6504:1c8::1 with SMTP id x; Tue, 14 Jan 2025 10:00:00 +0000\n"
        "Subject: x\n\n";
    g_autoptr (GError) error = NULL;
    g_autoptr (HtMessage) message = ht_input_parse_bytes ("-", text, strlen (text), NULL, &error);
    assert_non_null (message);
    g_autoptr (HtReport) report = ht_chain_build (message);
    const HtHop *google = g_ptr_array_index (report->hops, 0);
    const HtHop *edge = g_ptr_array_index (report->hops, 1);
    const HtHop *filter = g_ptr_array_index (report->hops, 2);
    /* ht_chain_build gives the built-in roles. */
    assert_string_equal (edge->from_role, "internet");
    ht_profile_assign_roles (profile, report);
    assert_null (google->from_role); /* no from clause */
    assert_string_equal (google->by_role, "internet");
    assert_string_equal (edge->from_role, "edge");
    assert_string_equal (edge->by_role, "hub");
    /* A loopback connection never left the by server: it has that server's role. */
    assert_string_equal (filter->from_role, "hub");
}

static void
test_load (void **state)
{
    (void) state;
    g_autoptr (HtProfile) profile = load ("# the seed organisation\n"
                                          "[route in]\n"
                                          "path = Internet > EDGE > eop>exo\n"
                                          "[org]\n"
                                          "name = Example\n"
                                          "domains = example.com;\n"
                                          "[role edge]\n"
                                          "hosts = EDGE*.example.com;\n");
    assert_string_equal (ht_profile_get_org_name (profile), "Example");
    assert_string_equal (ht_profile_get_path (profile), "test.conf");
    g_autoptr (GError) error = NULL;
    const HtRoute *route = ht_profile_get_route (profile, "in", &error);
    assert_non_null (route);
    assert_int_equal (route->path->len, 4);
    /* Role names are case-insensitive; a route may name a role declared below it. */
    assert_string_equal (g_ptr_array_index (route->path, 1), "edge");
    assert_int_equal (route->line, 3);
    assert_null (ht_profile_get_route (profile, "out", &error));
    assert_true (g_error_matches (error, HT_PROFILE_ERROR, HT_PROFILE_ERROR_UNKNOWN_ROUTE));
    assert_non_null (strstr (error->message, "test.conf: unknown route 'out' (declared: in)"));

    g_autoptr (HtProfile) builtin = ht_profile_new ();
    g_clear_error (&error);
    assert_null (ht_profile_get_route (builtin, "in", &error));
    assert_non_null (strstr (error->message, "no configuration file declares routes"));
    assert_null (ht_profile_get_path (builtin));
}

static void
test_load_errors (void **state)
{
    (void) state;
    static const struct {
        const char *text;
        const char *message; /* the start of the error message */
    } cases[] = {
        {"[role edge]\nhosts = a\nthis is no key\n", "test.conf:3: Key file contains line"},
        {"hosts = a\n", "test.conf:1: Key file does not start with a group"},
        {"[role edge\nhosts = a\n", "test.conf:1: "},
        {"[rol edge]\nhosts = a\n", "test.conf:1: unknown section [rol edge]"},
        {"[role edge]\nhost = a\n", "test.conf:2: unknown key 'host' in [role edge]"},
        {"[org]\nname = x\nowner = y\n", "test.conf:3: unknown key 'owner' in [org]"},
        {"[role edge]\n", "test.conf:1: [role edge] declares neither hosts nor networks"},
        {"[role edge]\nhosts = ;\n", "test.conf:1: [role edge] declares neither"},
        {"[role ed ge]\nhosts = a\n", "test.conf:1: the role name 'ed ge' is not one word"},
        {"[role edge]\nhosts = a\n[role EDGE]\nhosts = b\n",
         "test.conf:3: the role 'edge' is declared twice"},
        {"[role edge]\nhosts = mail example.com\n", "test.conf:2: the host pattern"},
        {"[role edge]\nnetworks = 192.0.2.0/24;192.0.2.10/24\n",
         "test.conf:2: [role edge]: '192.0.2.10/24' has bits set after its /24 prefix"},
        {"[role edge]\nnetworks = 192.0.2.0/40\n", "test.conf:2: [role edge]: '192.0.2.0/40'"},
        {"[route in]\n", "test.conf:1: [route in] has no path"},
        {"[route in]\npath =\n", "test.conf:2: [route in]: the path is empty"},
        {"[route in]\npath = internet > > exo\n", "test.conf:2: [route in]: step 2 of the path"},
        {"[route in]\npath = internet > exo >\n", "test.conf:2: [route in]: step 3 of the path"},
        {"[route in]\nwhere = x\npath = exo\n", "test.conf:2: unknown key 'where' in [route in]"},
        {"[role edge]\nhosts = a\n\n[route in]\npath = internet > egde > exo\n",
         "test.conf:5: unknown role 'egde' in the path of [route in] (roles: edge, and the "
         "built-in eop, exo, internet)"},
        {"[route a b]\npath = exo\n", "test.conf:1: the route name 'a b' is not one word"},
    };
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr (GError) error = NULL;
        g_autoptr (HtProfile) profile =
            ht_profile_load_data (cases[i].text, strlen (cases[i].text), "test.conf", &error);
        if (profile)
            fail_msg ("row %zu: the profile should not load", i);
        assert_true (g_error_matches (error, HT_PROFILE_ERROR, HT_PROFILE_ERROR_INVALID));
        if (!g_str_has_prefix (error->message, cases[i].message))
            fail_msg ("row %zu: \"%s\", expected it to start \"%s\"", i, error->message,
                      cases[i].message);
    }
}

static void
test_load_file (void **state)
{
    (void) state;
    g_autoptr (GError) error = NULL;
    g_autofree gchar *path = g_build_filename (HT_TOP_SRCDIR, "testdata", "example-org.conf", NULL);
    g_autoptr (HtProfile) profile = ht_profile_load_file (path, &error);
    assert_non_null (profile);
    assert_non_null (ht_profile_get_route (profile, "cmt-inbound", NULL));
    assert_non_null (ht_profile_get_route (profile, "cmt-outbound", NULL));

    g_autoptr (HtProfile) missing = ht_profile_load_file ("/nonexistent/hoptrace.conf", &error);
    assert_null (missing);
    assert_true (g_error_matches (error, HT_PROFILE_ERROR, HT_PROFILE_ERROR_UNREADABLE));
    assert_true (g_str_has_prefix (error->message, "/nonexistent/hoptrace.conf: "));
}

int
main (void)
{
    g_mime_init ();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_globs),        cmocka_unit_test (test_networks),
        cmocka_unit_test (test_bad_networks), cmocka_unit_test (test_role_order),
        cmocka_unit_test (test_assign_roles), cmocka_unit_test (test_load),
        cmocka_unit_test (test_load_errors),  cmocka_unit_test (test_load_file),
    };
    int failed = cmocka_run_group_tests (tests, NULL, NULL);
    g_mime_shutdown ();
    return failed;
}
