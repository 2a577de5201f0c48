/* Tests of ht-chain: order, delays, gaps, findings. Messages are built in memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <gmime/gmime.h>
#include <string.h>

#include "ht-chain.h"

static HtReport *
report_from (const char *text)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (HtMessage) message = ht_input_parse_bytes ("-", text, strlen (text), NULL, &error);
    assert_non_null (message);
    return ht_chain_build (message);
}

static const HtHop *
hop_at (const HtReport *report, guint index)
{
    assert_true (index >= 1 && index <= report->hops->len);
    return g_ptr_array_index (report->hops, index - 1);
}

static const HtFinding *
find (const HtReport *report, const char *code, guint hop)
{
    for (guint i = 0; i < report->findings->len; i++) {
        const HtFinding *finding = g_ptr_array_index (report->findings, i);
        if (strcmp (finding->code, code) == 0 && finding->hop == hop)
            return finding;
    }
    return NULL;
}

/* The hybrid route: Gmail -> Exchange 2010 Edge -> Exchange 2010 -> EOP -> EXO. */
static const char hybrid[] =
    "Received: from AM6PR04MB1234.eurprd04.prod.outlook.com (::1) by\n"
    " AM6PR04MB5678.eurprd04.prod.outlook.com with HTTPS; Tue, 14 Jan 2025 09:12:11 +0000\n"
    "Received: from EXCH01.corp.example.com (203.0.113.20) by\n"
    " DB5PEPF00014B8F.mail.protection.outlook.com (2001:db8:1c5:2::8f) with Microsoft SMTP\n"
    " Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.7677.15\n"
    " via Frontend Transport; Tue, 14 Jan 2025 09:12:09 +0000\n"
    "Received: from EDGE01.example.com (192.0.2.10) by EXCH01.corp.example.com (192.0.2.20)\n"
    " with Microsoft SMTP Server (TLS) id 14.3.498.0; Tue, 14 Jan 2025 10:12:07 +0100\n"
    "Received: from mail-wr1-f41.google.com (198.51.100.41) by EDGE01.example.com\n"
    " (192.0.2.10) with Microsoft SMTP Server (TLS) id 14.3.498.0; Tue, 14 Jan 2025\n"
    " 10:12:06 +0100\n"
    "X-Received: by 2002:a17:906:c14c::1 with SMTP id abc; Tue, 14 Jan 2025 01:12:03 -0800 (PST)\n"
    "Received: from [192.0.2.123] ([203.0.113.77]) by smtp.gmail.com with ESMTPSA id x\n"
    " for <user@example.com> (version=TLS1_3 cipher=TLS_AES_128_GCM_SHA256 bits=128/128);\n"
    " Tue, 14 Jan 2025 01:12:02 -0800 (PST)\n"
    "Subject: hybrid\n\nbody\n";

static void
test_order_and_fields (void **state)
{
    (void) state;
    g_autoptr (HtReport) report = report_from (hybrid);
    assert_int_equal (report->hops->len, 6);
    /* Oldest first: the Gmail submission is hop 1, the store delivery hop 6. */
    assert_string_equal (hop_at (report, 1)->received->by_host, "smtp.gmail.com");
    assert_string_equal (hop_at (report, 2)->field, "X-Received");
    assert_string_equal (hop_at (report, 3)->field, "Received");
    assert_string_equal (hop_at (report, 6)->received->by_host,
                         "AM6PR04MB5678.eurprd04.prod.outlook.com");
    for (guint i = 1; i <= 6; i++)
        assert_int_equal (hop_at (report, i)->index, i);
}

static void
test_delays_and_transit (void **state)
{
    (void) state;
    g_autoptr (HtReport) report = report_from (hybrid);
    assert_false (hop_at (report, 1)->has_delay);
    assert_true (hop_at (report, 2)->has_delay);
    assert_int_equal (hop_at (report, 2)->delay_seconds, 1);
    assert_int_equal (hop_at (report, 3)->delay_seconds, 3); /* +0100 vs -0800 */
    assert_int_equal (hop_at (report, 5)->delay_seconds, 2);
    assert_true (report->has_transit);
    assert_int_equal (report->transit_seconds, 9);
    assert_null (find (report, "clock-skew", 3));
}

static void
test_exchange_gaps (void **state)
{
    (void) state;
    g_autoptr (HtReport) report = report_from (hybrid);
    const HtHop *edge = hop_at (report, 3);
    assert_string_equal (edge->server.product, "Exchange 2010");
    assert_string_equal (edge->server.build, "14.3.498.0");
    assert_int_equal (edge->tls->used, HT_TLS_USED_YES);
    assert_true (edge->gap);
    assert_non_null (strstr (edge->gap_reason, "protocol log"));
    assert_non_null (strstr (edge->gap_reason, "EDGE01.example.com"));
    assert_non_null (strstr (edge->gap_reason, "SP_PROT_TLS1_x_SERVER"));
    /* The hub's gap points at the next link, which recorded TLS 1.2. */
    const HtHop *hub = hop_at (report, 4);
    assert_true (hub->gap);
    assert_non_null (strstr (hub->gap_reason, "hop 5"));
    assert_non_null (strstr (hub->gap_reason, "TLS1.2"));
    const HtHop *eop = hop_at (report, 5);
    assert_false (eop->gap);
    assert_int_equal (eop->tls->version, HT_TLS_VERSION_1_2);
    assert_string_equal (eop->server.product, "Exchange Online");
    const HtHop *store = hop_at (report, 6);
    assert_true (store->gap);
    assert_non_null (strstr (store->gap_reason, "HTTPS"));
    /* Gmail's internal X-Received line has no from: no link, no verdict, no gap. */
    assert_int_equal (hop_at (report, 2)->tls->used, HT_TLS_USED_UNKNOWN);
    assert_false (hop_at (report, 2)->gap);
}

static void
test_clock_skew (void **state)
{
    (void) state;
    g_autoptr (HtReport) report = report_from (
        "Received: from b.example.com (b.example.com [192.0.2.2]) by c.example.com (Postfix)\n"
        " with ESMTP id C; Tue, 14 Jan 2025 10:00:05 +0000\n"
        "Received: from a.example.com (a.example.com [192.0.2.1]) by b.example.com (Postfix)\n"
        " with ESMTP id B; Tue, 14 Jan 2025 09:50:02 +0000\n"
        "Received: from client.example.com (client.example.com [192.0.2.9]) by a.example.com\n"
        " (Postfix) with ESMTP id A; Tue, 14 Jan 2025 10:00:00 +0000\n\n");
    assert_int_equal (hop_at (report, 2)->delay_seconds, -598);
    assert_int_equal (hop_at (report, 3)->delay_seconds, 603);
    const HtFinding *skew = find (report, "clock-skew", 2);
    assert_true (skew != NULL && skew->severity == HT_SEVERITY_WARNING);
    assert_null (find (report, "clock-skew", 3));
    assert_int_equal (report->transit_seconds, 5);
}

static void
test_unparsed_kept (void **state)
{
    (void) state;
    g_autoptr (HtReport) report = report_from (
        "Received: ;;; ((( garbage [[ <<\n"
        "Received: from a.example.com (a.example.com [192.0.2.1]) by b.example.com (Postfix)\n"
        " with ESMTP id B; yesterday at noon\n"
        "Subject: x\n\n");
    assert_int_equal (report->hops->len, 2);
    const HtHop *garbage = hop_at (report, 2);
    assert_true (ht_received_is_unparsed (garbage->received));
    assert_string_equal (garbage->received->raw, ";;; ((( garbage [[ <<");
    assert_non_null (find (report, "received-unparsed", 2));
    assert_non_null (find (report, "date-unparseable", 1));
    assert_false (hop_at (report, 1)->has_delay);
}

static void
test_grading (void **state)
{
    (void) state;
    g_autoptr (HtReport) report = report_from (
        "Received: from b.example.com (b.example.com [192.0.2.2]) by mx.example.net "
        "(8.14.4/8.14.4)\n"
        " with ESMTP id X (version=TLSv1/SSLv3 cipher=RC4-MD5 bits=128 verify=NOT)\n"
        " for <u@example.net>; Tue, 14 Jan 2025 10:00:05 +0000\n"
        "Received: from a.example.com (a.example.com [192.0.2.1]) by b.example.com (Postfix)\n"
        " (using TLSv1 with cipher AES128-SHA (128/128 bits)) with ESMTPS id B;\n"
        " Tue, 14 Jan 2025 10:00:02 +0000\n\n");
    assert_non_null (find (report, "tls-below-1.2", 1));
    assert_non_null (find (report, "no-forward-secrecy", 1));
    assert_null (find (report, "weak-cipher", 1));
    assert_non_null (find (report, "tls-version-ambiguous", 2));
    assert_non_null (find (report, "weak-cipher", 2));
    assert_true (hop_at (report, 2)->gap); /* an ambiguous version is not a recorded one */
    assert_false (hop_at (report, 1)->gap);
    assert_string_equal (hop_at (report, 2)->server.product, "Sendmail");
}

static void
test_no_received (void **state)
{
    (void) state;
    g_autoptr (HtReport) report = report_from ("Subject: local\nFrom: a@example.com\n\nbody\n");
    assert_int_equal (report->hops->len, 0);
    assert_non_null (find (report, "no-received", 0));
    assert_false (report->has_transit);
}

static void
test_plaintext_is_not_a_gap (void **state)
{
    (void) state;
    g_autoptr (HtReport) report = report_from (
        "Received: from User (192.0.2.5) by mail.example.com (192.0.2.6) with Microsoft SMTP\n"
        " Server id 14.3.294.0; Mon, 11 Sep 2023 16:30:33 +0300\n\n");
    const HtHop *hop = hop_at (report, 1);
    assert_int_equal (hop->tls->used, HT_TLS_USED_NO);
    assert_false (hop->gap);
    assert_null (hop->gap_reason);
}

/* plaintext-hop: a link proven unencrypted between servers of different organisations, told
 * apart by the registrable domains of the sender (rDNS, else HELO) and of the by host. */
static void
test_plaintext_hop (void **state)
{
    (void) state;
    g_autoptr (HtReport) report = report_from (
        /* 8, 7: plain between two names, but from loopback or a private address: inside one
         * network */
        "Received: from pps.filterd (m1.example.net [127.0.0.1]) by mx.example.org "
        "(8.17.1/8.17.1)\n"
        " with ESMTP id H; Tue, 14 Jan 2025 10:00:11 +0000\n"
        "Received: from gw.example.com (gw.example.com [10.1.2.3]) by mx.example.org with ESMTP\n"
        " id G; Tue, 14 Jan 2025 10:00:10 +0000\n"
        /* 6: plain, but the sender is only an address: nothing to compare */
        "Received: from [192.0.2.9] by mx.example.org with SMTP; Tue, 14 Jan 2025 10:00:09 +0000\n"
        /* 5: plain inside one organisation, under a two-level suffix */
        "Received: from a.example.co.uk (a.example.co.uk [192.0.2.8]) by b.example.co.uk\n"
        " (Postfix) with ESMTP id F; Tue, 14 Jan 2025 10:00:08 +0000\n"
        /* 4: plain from a private name: its organisation is unknown */
        "Received: from EXCH01.corp.local (192.0.2.7) by edge.example.co.uk (192.0.2.70) with\n"
        " Microsoft SMTP Server id 14.3.498.0; Tue, 14 Jan 2025 10:00:07 +0000\n"
        /* 3: TLS between organisations: no finding */
        "Received: from mail.example.net (mail.example.net [192.0.2.6]) by a.example.co.uk\n"
        " (Postfix) with ESMTPS id D; Tue, 14 Jan 2025 10:00:06 +0000\n"
        /* 2: plain between example.org and example.net, HELO only (qmail's rDNS unknown) */
        "Received: from unknown (HELO relay.example.org) (192.0.2.5) by mail.example.net with\n"
        " SMTP; 14 Jan 2025 10:00:05 -0000\n"
        /* 1: plain between example.com (the rDNS, not the HELO) and example.org */
        "Received: from laptop.example.org (host.example.com [192.0.2.4]) by relay.example.org\n"
        " (Postfix) with ESMTP id B; Tue, 14 Jan 2025 10:00:04 +0000\n\n");
    assert_int_equal (report->hops->len, 8);
    const HtFinding *first = find (report, "plaintext-hop", 1);
    assert_non_null (first);
    if (first != NULL) { /* assert_non_null is not known to stop, so -Wnull-dereference asks */
        assert_int_equal (first->severity, HT_SEVERITY_WARNING);
        assert_non_null (strstr (first->text, "example.com"));
        assert_non_null (strstr (first->text, "example.org"));
    }
    assert_non_null (find (report, "plaintext-hop", 2));
    for (guint hop = 3; hop <= 8; hop++)
        assert_null (find (report, "plaintext-hop", hop));
}

static const struct {
    const char *host;
    const char *domain;
} domains[] = {
    {"mx.example.com", "example.com"},
    {"a.b.c.example.com", "example.com"},
    {"example.com", "example.com"},
    {"mail.example.com.", "example.com"},
    {"MX.Example.COM", "example.com"},
    {"mail.example.co.uk", "example.co.uk"},
    {"smtp.example.com.au", "example.com.au"},
    {"mx.example.co.jp", "example.co.jp"},
    {"mx.example.com.br", "example.com.br"},
    {"correo.example.gob.mx", "example.gob.mx"},
    {"mail.example.nl", "example.nl"},
    {"mx.example.ne.jp", "example.ne.jp"},
    {"co.example.com", "example.com"}, /* "co" counts only under a country code */
    {"co.uk", NULL},
    {"localhost", NULL},
    {"EXCH01", NULL},
    {"EXCH01.corp.local", NULL},
    {"srv.example.lan", NULL},
    {"192.0.2.1", NULL},
    {"[192.0.2.1]", NULL},
    {"2001:db8::1", NULL},
    {"host.example.123", NULL},
    {"a..example.com", NULL},
    {"<unknown>", NULL},
    {"", NULL},
    {NULL, NULL},
};

static void
test_registrable_domain (void **state)
{
    (void) state;
    for (gsize i = 0; i < G_N_ELEMENTS (domains); i++) {
        g_autofree gchar *domain = ht_chain_registrable_domain (domains[i].host);
        if (g_strcmp0 (domain, domains[i].domain) != 0)
            fail_msg ("\"%s\": %s, expected %s", domains[i].host ? domains[i].host : "NULL",
                      domain ? domain : "NULL", domains[i].domain ? domains[i].domain : "NULL");
    }
}

/* A second or two between servers is the clocks' ordinary noise, not a finding. */
static void
test_small_skew_tolerated (void **state)
{
    (void) state;
    g_autoptr (HtReport) report = report_from (
        "Received: from b.example.com (b.example.com [192.0.2.2]) by c.example.com (Postfix)\n"
        " with ESMTPS id C; Tue, 14 Jan 2025 10:00:00 +0000\n"
        "Received: from a.example.com (a.example.com [192.0.2.1]) by b.example.com (Postfix)\n"
        " with ESMTPS id B; Tue, 14 Jan 2025 10:00:02 +0000\n\n");
    assert_int_equal (hop_at (report, 2)->delay_seconds, -2);
    assert_null (find (report, "clock-skew", 2));
}

/* Two chains in one header block (a message re-sent days later): the break is named, no
 * clock is blamed, and transit covers the last chain only. */
static void
test_chain_discontinuity (void **state)
{
    (void) state;
    g_autoptr (HtReport) report = report_from (
        "Received: from relay.example.org (relay.example.org [198.51.100.9]) by mx.example.net\n"
        " (Postfix) with ESMTPS id D; Fri, 21 Mar 2025 08:00:05 +0000\n"
        "Received: from sender.example.org (sender.example.org [198.51.100.8]) by\n"
        " relay.example.org (Postfix) with ESMTPS id C; Fri, 21 Mar 2025 08:00:00 +0000\n"
        "Received: from a.example.com (a.example.com [192.0.2.1]) by b.example.com (Postfix)\n"
        " with ESMTPS id B; Tue, 14 Jan 2025 10:00:09 +0000\n"
        "Received: from client.example.com (client.example.com [192.0.2.5]) by a.example.com\n"
        " (Postfix) with ESMTPS id A; Tue, 14 Jan 2025 10:00:00 +0000\n\n");
    const HtFinding *brk = find (report, "chain-discontinuity", 3);
    assert_true (brk != NULL && strstr (brk->text, "sender.example.org") != NULL);
    assert_null (find (report, "clock-skew", 3));
    assert_true (report->has_transit);
    assert_int_equal (report->transit_seconds, 5);
    /* A day's queueing on the same path is a delay, not a break. */
    g_autoptr (HtReport) queued = report_from (
        "Received: from b.example.com (b.example.com [192.0.2.2]) by c.example.com (Postfix)\n"
        " with ESMTPS id C; Sat, 18 Jan 2025 10:00:00 +0000\n"
        "Received: from a.example.com (a.example.com [192.0.2.1]) by b.example.com (Postfix)\n"
        " with ESMTPS id B; Tue, 14 Jan 2025 10:00:00 +0000\n\n");
    assert_null (find (queued, "chain-discontinuity", 2));
    assert_int_equal (queued->transit_seconds, 4 * 86400);
}

/* The hint about the next link's TLS version holds only when that link leaves this hop's
 * server. */
static void
test_next_link_hint_needs_continuity (void **state)
{
    (void) state;
    g_autoptr (HtReport) report = report_from (
        "Received: from other.example.net (198.51.100.20) by\n"
        " DB5PEPF00014B8F.mail.protection.outlook.com (2001:db8::8f) with Microsoft SMTP Server\n"
        " (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.7677.15;\n"
        " Tue, 14 Jan 2025 09:12:09 +0000\n"
        "Received: from EDGE01.example.com (192.0.2.10) by EXCH01.corp.example.com (192.0.2.20)\n"
        " with Microsoft SMTP Server (TLS) id 14.3.498.0; Tue, 14 Jan 2025 09:12:07 +0000\n\n");
    const HtHop *hub = hop_at (report, 1);
    assert_true (hub->gap);
    assert_null (strstr (hub->gap_reason, "next link"));
}

int
main (void)
{
    g_mime_init ();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_order_and_fields),
        cmocka_unit_test (test_delays_and_transit),
        cmocka_unit_test (test_exchange_gaps),
        cmocka_unit_test (test_clock_skew),
        cmocka_unit_test (test_unparsed_kept),
        cmocka_unit_test (test_grading),
        cmocka_unit_test (test_no_received),
        cmocka_unit_test (test_plaintext_is_not_a_gap),
        cmocka_unit_test (test_small_skew_tolerated),
        cmocka_unit_test (test_chain_discontinuity),
        cmocka_unit_test (test_next_link_hint_needs_continuity),
        cmocka_unit_test (test_plaintext_hop),
        cmocka_unit_test (test_registrable_domain),
    };
    int failed = cmocka_run_group_tests (tests, NULL, NULL);
    g_mime_shutdown ();
    return failed;
}
