/* Tests of ht-classify: the product and build of the server that wrote a Received line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "ht-classify.h"

static const struct {
    const char *line;
    const char *product; /* NULL: unknown */
    const char *build;   /* NULL: none */
} cases[] = {
    {"from WS042 (192.0.2.142) by EX07.example.com (192.0.2.10) with Microsoft SMTP Server id "
     "8.3.485.1; Wed, 12 Jun 2024 13:41:20 +0000",
     "Exchange 2007", "8.3.485.1"},
    {"from EDGE01.example.com (192.0.2.10) by EXCH01.example.com (192.0.2.20) with Microsoft SMTP "
     "Server (TLS) id 14.3.498.0; Tue, 14 Jan 2025 10:12:07 +0100",
     "Exchange 2010", "14.3.498.0"},
    {"from a.example.com (192.0.2.1) by b.example.com (192.0.2.2) with Microsoft SMTP Server (TLS) "
     "id 15.0.1497.48; Wed, 12 Jun 2024 13:41:27 +0000",
     "Exchange 2013", "15.0.1497.48"},
    {"from a.example.com (192.0.2.1) by b.example.com (192.0.2.2) with Microsoft SMTP Server "
     "(version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.1.2507.39; Mon, 10 Feb "
     "2025 15:22:43 +0100",
     "Exchange 2016", "15.1.2507.39"},
    {"from a.example.com (192.0.2.1) by b.example.com (192.0.2.2) with Microsoft SMTP Server "
     "(version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.2.1748.10; Sat, 6 Sep "
     "2025 14:16:50 +0200",
     "Exchange 2019", "15.2.1748.10"},
    {"from a.example.com (192.0.2.1) by b.example.com (192.0.2.2) with Microsoft SMTP Server "
     "(version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.2.2562.17; Sat, 6 Sep "
     "2025 14:16:50 +0200",
     "Exchange SE", "15.2.2562.17"},
    /* A mailbox's own MAPI submission writes a zero-padded build. */
    {"from AM0PR09MB3876.eurprd09.prod.outlook.com ([2001:db8::1]) by "
     "AM0PR09MB3876.eurprd09.prod.outlook.com ([2001:db8::1%9]) with mapi id 15.20.3412.024; Tue, "
     "14 Jan 2025 09:12:00 +0000",
     "Exchange Online", "15.20.3412.24"},
    /* On-premises 15.1 build in a host name of EXO's: Exchange Online (2016-2018). */
    {"from a.example.com (192.0.2.1) by BN3PR05MB2345.namprd05.prod.outlook.com (2001:db8::2) "
     "with Microsoft SMTP Server (TLS) id 15.1.523.12; Mon, 6 Jun 2016 10:00:00 +0000",
     "Exchange Online", "15.1.523.12"},
    /* EXO's HTTPS store delivery has no id: the host name tells. */
    {"from AM6PR04MB1234.eurprd04.prod.outlook.com (::1) by "
     "AM6PR04MB5678.eurprd04.prod.outlook.com "
     "with HTTPS; Tue, 14 Jan 2025 09:12:11 +0000",
     "Exchange Online", NULL},
    /* An on-premises server never becomes Exchange Online for a 15.20-looking id elsewhere. */
    {"from a.example.com (192.0.2.1) by mail.example.com (192.0.2.2) with ESMTP id 15.20.1.1; Tue, "
     "14 Jan 2025 09:12:11 +0000",
     NULL, NULL},
    {"from mail.example.org (mail.example.org [192.0.2.25]) by mx.example.com (Postfix) with "
     "ESMTPS "
     "id 4XyZ; Tue, 14 Jan 2025 09:12:11 +0000",
     "Postfix", NULL},
    {"from mail.example.net ([198.51.100.30]) by mx.example.com with esmtps (TLS1.3) tls "
     "TLS_AES_256_GCM_SHA384 (Exim 4.96) (envelope-from <a@example.net>) id 1tXyZa-000AbC-1x; Mon, "
     "06 Jan 2025 10:05:03 +0000",
     "Exim", "4.96"},
    {"from a.example.org (a.example.org [192.0.2.7]) by relay.example.org (8.14.4/8.14.4/Debian-4) "
     "with ESMTP id 4AB1cdE5012345; Mon, 6 Jan 2025 16:30:12 +0000",
     "Sendmail", "8.14.4"},
    {"from a.example.org (a.example.org [192.0.2.7]) by mail.example.org (OpenSMTPD) with ESMTPS "
     "id "
     "1a2b3c4d (TLSv1.3:TLS_AES_256_GCM_SHA384:256:NO); Mon, 6 Jan 2025 10:00:06 +0000",
     "OpenSMTPD", NULL},
    {"from mail-wr1-f41.google.com (mail-wr1-f41.google.com. [198.51.100.41]) by mx.google.com "
     "with "
     "ESMTPS id x for <a@example.com> (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256); "
     "Tue, 14 Jan 2025 01:12:02 -0800 (PST)",
     "Gmail", NULL},
    {"by 2002:a05:6504:1c8:b0:1f6:5e0e:297f with HTTP; Tue, 14 Jan 2025 01:12:02 -0800 (PST)",
     "Gmail", NULL},
    {"from dd1.example.com ([192.0.2.195]) by exch01.example.com over TLS secured channel with "
     "Microsoft SMTPSVC(6.0.3790.4675); Mon, 5 Dec 2011 16:49:35 -0800",
     "IIS SMTP", "6.0.3790.4675"},
    {"from x.example.com (HELO x.example.com) ([192.0.2.9]) by esa1.example.iphmx.com with "
     "ESMTP/TLS/ECDHE-RSA-AES256-GCM-SHA384; 26 May 2025 13:44:26 +0200",
     "Cisco Secure Email", NULL},
    {"from unknown (HELO client.example.net) (198.51.100.7) by mail.example.net with SMTP; 6 Jan "
     "2025 10:00:00 -0000",
     NULL, NULL},
};

static void
test_products (void **state)
{
    (void) state;
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr (HtReceived) r = ht_received_parse (cases[i].line);
        HtServer server;
        gboolean known = ht_classify_server (r, &server);
        if (known != (cases[i].product != NULL) || g_strcmp0 (server.product, cases[i].product) ||
            g_strcmp0 (server.build, cases[i].build))
            fail_msg ("row %zu: product '%s' build '%s', expected '%s' '%s'", i, server.product,
                      server.build, cases[i].product, cases[i].build);
        ht_server_clear (&server);
    }
}

static void
test_exchange_builds (void **state)
{
    (void) state;
    static const struct {
        const char *build;
        const char *product;
        const char *normalised;
    } builds[] = {
        {"6.5.7638.1", "Exchange 2003", "6.5.7638.1"},
        {"14.03.0389.001", "Exchange 2010", "14.3.389.1"},
        {"15.01.2375.034", "Exchange 2016", "15.1.2375.34"},
        {"15.20.8377.0", "Exchange Online", "15.20.8377.0"},
        {"15.2.2562", "Exchange SE", "15.2.2562"},
        {"15.2", NULL, NULL},
        {"1abc", NULL, NULL},
        {"9.1.2.3", NULL, NULL},
        {"15.1.2375.34x", NULL, NULL},
        {"", NULL, NULL},
    };
    for (gsize i = 0; i < G_N_ELEMENTS (builds); i++) {
        g_autofree gchar *normalised = NULL;
        const char *product = ht_classify_exchange_build (builds[i].build, &normalised);
        if (g_strcmp0 (product, builds[i].product) || g_strcmp0 (normalised, builds[i].normalised))
            fail_msg ("%s: %s %s", builds[i].build, product, normalised);
    }
}

static void
test_exo_hosts (void **state)
{
    (void) state;
    assert_true (ht_classify_is_exo_host ("DB5PEPF00014B8F.mail.protection.outlook.com"));
    assert_true (ht_classify_is_exo_host ("SN6PR05CA0026.outlook.office365.com"));
    assert_true (ht_classify_is_exo_host ("BN3PR05MB2345.namprd05.prod.exchangelabs.com."));
    assert_false (ht_classify_is_exo_host ("notoutlook.com"));
    assert_false (ht_classify_is_exo_host ("outlook.com.example.net"));
    assert_false (ht_classify_is_exo_host (NULL));
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_products),
        cmocka_unit_test (test_exchange_builds),
        cmocka_unit_test (test_exo_hosts),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
