/* test-received.c - Unit tests for ht-received: one row per real-world Received form.
 *
 * Every line below is written for this test in the shape of the form named in docs
 * (received-tls-formats.md); addresses and names are documentation ones (RFC 5737, RFC 3849,
 * example.com), except product host names that identify the product (mx.google.com,
 * *.prod.outlook.com). A field left out of a row is expected to be NULL (or FALSE). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <glib.h>
#include <string.h>

#include "ht-received.h"

static const struct {
    const char *name;
    const char *value;
    gboolean has_from;
    const char *from_word; /* checked only when given: most rows leave it to from_helo */
    const char *from_helo;
    const char *from_rdns;
    const char *from_ip;
    gboolean has_by;
    const char *by_host;
    const char *by_ip;
    const char *by_extra;
    const char *with;
    const char *id;
    const char *for_addr;
    const char *via;
    const char *tls_clause;
    const char *date_utc; /* "YYYY-MM-DDTHH:MM:SSZ"; NULL: date_valid must be FALSE */
    gint offset;          /* the zone the date was written in, minutes; when date_utc is set */
    const char *date_text;
    gboolean unparsed;
    const char *problems; /* all problems joined with "; ", or NULL for none */
} cases[] = {
    /* ---- Microsoft Exchange on-premises ---- */
    {
        .name = "exchange-2010-tls",
        .value = "from EXCH01.corp.example.com (192.0.2.10) by MAIL01.corp.example.com "
                 "(192.0.2.11) with Microsoft SMTP Server (TLS) id 14.3.498.0; Sun, 2 Jun 2024 "
                 "10:46:10 +0200",
        .has_from = TRUE,
        .from_helo = "EXCH01.corp.example.com",
        .from_ip = "192.0.2.10",
        .has_by = TRUE,
        .by_host = "MAIL01.corp.example.com",
        .by_ip = "192.0.2.11",
        .with = "Microsoft SMTP Server",
        .id = "14.3.498.0",
        .date_utc = "2024-06-02T08:46:10Z",
        .offset = 120,
        .date_text = "Sun, 2 Jun 2024 10:46:10 +0200",
    },
    {
        /* Exchange writes the client's HELO (here a NetBIOS name) and only its address. */
        .name = "exchange-2010-plain",
        .value = "from User (198.51.100.23) by owa.example.org (192.0.2.47) with Microsoft SMTP "
                 "Server id 14.3.294.0; Mon, 11 Sep 2023 16:30:33 +0300",
        .has_from = TRUE,
        .from_helo = "User",
        .from_ip = "198.51.100.23",
        .has_by = TRUE,
        .by_host = "owa.example.org",
        .by_ip = "192.0.2.47",
        .with = "Microsoft SMTP Server",
        .id = "14.3.294.0",
        .date_utc = "2023-09-11T13:30:33Z",
        .offset = 180,
        .date_text = "Mon, 11 Sep 2023 16:30:33 +0300",
    },
    {
        .name = "exchange-2007-plain",
        .value = "from EX2007.example.com (192.0.2.5) by hub.example.com (192.0.2.6) with "
                 "Microsoft SMTP Server id 8.3.485.1; Thu, 12 Mar 2015 11:02:03 -0500",
        .has_from = TRUE,
        .from_helo = "EX2007.example.com",
        .from_ip = "192.0.2.5",
        .has_by = TRUE,
        .by_host = "hub.example.com",
        .by_ip = "192.0.2.6",
        .with = "Microsoft SMTP Server",
        .id = "8.3.485.1",
        .date_utc = "2015-03-12T16:02:03Z",
        .offset = -300,
        .date_text = "Thu, 12 Mar 2015 11:02:03 -0500",
    },
    {
        .name = "exchange-2007-tls",
        .value = "from EX2007.example.com (192.0.2.5) by hub.example.com (192.0.2.6) with "
                 "Microsoft SMTP Server (TLS) id 8.2.213.0; Thu, 12 Mar 2009 11:02:03 -0500",
        .has_from = TRUE,
        .from_helo = "EX2007.example.com",
        .from_ip = "192.0.2.5",
        .has_by = TRUE,
        .by_host = "hub.example.com",
        .by_ip = "192.0.2.6",
        .with = "Microsoft SMTP Server",
        .id = "8.2.213.0",
        .date_utc = "2009-03-12T16:02:03Z",
        .offset = -300,
        .date_text = "Thu, 12 Mar 2009 11:02:03 -0500",
    },
    {
        .name = "exchange-2013-tls-frontend",
        .value = "from MBX01.example.org (192.0.2.170) by MBX02.example.org (192.0.2.169) with "
                 "Microsoft SMTP Server (TLS) id 15.0.1473.3 via Frontend Transport; Sun, 12 Oct "
                 "2025 22:50:14 -0500",
        .has_from = TRUE,
        .from_helo = "MBX01.example.org",
        .from_ip = "192.0.2.170",
        .has_by = TRUE,
        .by_host = "MBX02.example.org",
        .by_ip = "192.0.2.169",
        .with = "Microsoft SMTP Server",
        .id = "15.0.1473.3",
        .via = "Frontend Transport",
        .date_utc = "2025-10-13T03:50:14Z",
        .offset = -300,
        .date_text = "Sun, 12 Oct 2025 22:50:14 -0500",
    },
    {
        .name = "exchange-2016-version-cipher-p384",
        .value = "from mbx1.example.org (192.0.2.64) by mbx2.example.org (192.0.2.66) with "
                 "Microsoft SMTP Server (version=TLS1_2, "
                 "cipher=TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384_P384) id 15.1.2507.32; Sat, 6 Sep "
                 "2025 14:16:50 +0200",
        .has_from = TRUE,
        .from_helo = "mbx1.example.org",
        .from_ip = "192.0.2.64",
        .has_by = TRUE,
        .by_host = "mbx2.example.org",
        .by_ip = "192.0.2.66",
        .with = "Microsoft SMTP Server",
        .id = "15.1.2507.32",
        .date_utc = "2025-09-06T12:16:50Z",
        .offset = 120,
        .date_text = "Sat, 6 Sep 2025 14:16:50 +0200",
    },
    {
        /* Folded as Exchange folds it, with CRLF and a leading space: unfolding joins the
         * protocol words and the date again. */
        .name = "exo-frontend-tls13-folded",
        .value = "from mout.example.net (203.0.113.20) by\r\n "
                 "CO1PEPF000044FC.mail.protection.outlook.com (198.51.100.202) with Microsoft "
                 "SMTP\r\n Server (version=TLS1_3, cipher=TLS_AES_256_GCM_SHA384) id 15.20.8377.0 "
                 "via Frontend\r\n Transport; Wed, 15 Jan 2025 23:15:33\r\n +0000",
        .has_from = TRUE,
        .from_helo = "mout.example.net",
        .from_ip = "203.0.113.20",
        .has_by = TRUE,
        .by_host = "CO1PEPF000044FC.mail.protection.outlook.com",
        .by_ip = "198.51.100.202",
        .with = "Microsoft SMTP Server",
        .id = "15.20.8377.0",
        .via = "Frontend Transport",
        .date_utc = "2025-01-15T23:15:33Z",
        .offset = 0,
        .date_text = "Wed, 15 Jan 2025 23:15:33 +0000",
    },
    {
        .name = "exo-internal-ipv6",
        .value = "from BN8NAM11FT095.eop-nam11.prod.protection.outlook.com (2001:db8:130:cafe::85) "
                 "by BN9PR03CA0510.outlook.office365.com (2001:db8:130::35) with Microsoft SMTP "
                 "Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id "
                 "15.20.6544.31 via Frontend Transport; Tue, 4 Jul 2023 20:17:58 +0000",
        .has_from = TRUE,
        .from_helo = "BN8NAM11FT095.eop-nam11.prod.protection.outlook.com",
        .from_ip = "2001:db8:130:cafe::85",
        .has_by = TRUE,
        .by_host = "BN9PR03CA0510.outlook.office365.com",
        .by_ip = "2001:db8:130::35",
        .with = "Microsoft SMTP Server",
        .id = "15.20.6544.31",
        .via = "Frontend Transport",
        .date_utc = "2023-07-04T20:17:58Z",
        .offset = 0,
        .date_text = "Tue, 4 Jul 2023 20:17:58 +0000",
    },
    {
        .name = "exo-https-store-delivery",
        .value = "from SA3PR19MB7370.namprd19.prod.outlook.com (::1) by "
                 "MN0PR19MB6312.namprd19.prod.outlook.com with HTTPS; Tue, 19 Sep 2023 18:36:46 "
                 "+0000",
        .has_from = TRUE,
        .from_helo = "SA3PR19MB7370.namprd19.prod.outlook.com",
        .from_ip = "::1",
        .has_by = TRUE,
        .by_host = "MN0PR19MB6312.namprd19.prod.outlook.com",
        .with = "HTTPS",
        .date_utc = "2023-09-19T18:36:46Z",
        .offset = 0,
        .date_text = "Tue, 19 Sep 2023 18:36:46 +0000",
    },
    {
        /* The by address keeps its "%9" scope: it is an address as written, and a link-local
         * address means nothing without it. */
        .name = "exo-mapi-fe80-scope",
        .value = "from AM0PR09MB3876.eurprd09.prod.outlook.com ([fe80::1c2d:3e4f:5a6b:7c8d]) by "
                 "AM0PR09MB3876.eurprd09.prod.outlook.com ([fe80::1c2d:3e4f:5a6b:7c8d%9]) with "
                 "mapi id 15.20.3412.024; Fri, 2 Oct 2020 08:11:12 +0000",
        .has_from = TRUE,
        .from_helo = "AM0PR09MB3876.eurprd09.prod.outlook.com",
        .from_ip = "fe80::1c2d:3e4f:5a6b:7c8d",
        .has_by = TRUE,
        .by_host = "AM0PR09MB3876.eurprd09.prod.outlook.com",
        .by_ip = "fe80::1c2d:3e4f:5a6b:7c8d%9",
        .with = "mapi",
        .id = "15.20.3412.024",
        .date_utc = "2020-10-02T08:11:12Z",
        .offset = 0,
        .date_text = "Fri, 2 Oct 2020 08:11:12 +0000",
    },
    {
        .name = "exo-mapi-2001db8-scope",
        .value = "from AM0PR09MB3876.eurprd09.prod.outlook.com ([2001:db8::1c2d]) by "
                 "AM0PR09MB3877.eurprd09.prod.outlook.com ([2001:db8::1c2e%5]) with mapi id "
                 "15.20.3412.024; Fri, 2 Oct 2020 08:11:12 +0000",
        .has_from = TRUE,
        .from_helo = "AM0PR09MB3876.eurprd09.prod.outlook.com",
        .from_ip = "2001:db8::1c2d",
        .has_by = TRUE,
        .by_host = "AM0PR09MB3877.eurprd09.prod.outlook.com",
        .by_ip = "2001:db8::1c2e%5",
        .with = "mapi",
        .id = "15.20.3412.024",
        .date_utc = "2020-10-02T08:11:12Z",
        .offset = 0,
        .date_text = "Fri, 2 Oct 2020 08:11:12 +0000",
    },
    {
        /* "TLS" here is prose, not RFC 8314's tls clause: it stays with the by host. */
        .name = "iis-smtpsvc-over-tls",
        .value = "from relay.example.com ([192.0.2.195]) by exch01.example.com over TLS secured "
                 "channel with Microsoft SMTPSVC(6.0.3790.4675); Mon, 5 Dec 2011 16:49:35 -0800",
        .has_from = TRUE,
        .from_helo = "relay.example.com",
        .from_ip = "192.0.2.195",
        .has_by = TRUE,
        .by_host = "exch01.example.com",
        .by_extra = "over TLS secured channel",
        .with = "Microsoft SMTPSVC",
        .date_utc = "2011-12-06T00:49:35Z",
        .offset = -480,
        .date_text = "Mon, 5 Dec 2011 16:49:35 -0800",
    },
    {
        /* The HELO is kept as written, brackets and all. */
        .name = "iis-smtpsvc-plain-literal-helo",
        .value = "from [203.0.113.95] ([203.0.113.95]) by SRV22 with Microsoft "
                 "SMTPSVC(10.0.20348.1); Tue, 7 Nov 2023 03:14:15 +0100",
        .has_from = TRUE,
        .from_helo = "[203.0.113.95]",
        .from_ip = "203.0.113.95",
        .has_by = TRUE,
        .by_host = "SRV22",
        .with = "Microsoft SMTPSVC",
        .date_utc = "2023-11-07T02:14:15Z",
        .offset = 60,
        .date_text = "Tue, 7 Nov 2023 03:14:15 +0100",
    },
    {
        .name = "exchange-55-ims",
        .value = "from mail.example.com by gw.example.com with SMTP (Microsoft Exchange Internet "
                 "Mail Service Version 5.5.2653.13) id YJQP6DKP; Tue, 20 Mar 2001 10:11:12 -0500",
        .has_from = TRUE,
        .from_helo = "mail.example.com",
        .has_by = TRUE,
        .by_host = "gw.example.com",
        .with = "SMTP",
        .id = "YJQP6DKP",
        .date_utc = "2001-03-20T15:11:12Z",
        .offset = -300,
        .date_text = "Tue, 20 Mar 2001 10:11:12 -0500",
    },

    /* ---- Google ---- */
    {
        /* The rDNS keeps Gmail's trailing dot; the TLS comment after "for" is no part of it. */
        .name = "gmail-mx-tls12-after-for",
        .value = "from mail.example.org (mail.example.org. [192.0.2.95]) by mx.google.com with "
                 "ESMTPS id z129-v6si8080952wmg.157.2018.10.01.07.01.38 for <user@example.com> "
                 "(version=TLS1_2 cipher=ECDHE-RSA-AES128-GCM-SHA256 bits=128/128); Mon, 01 Oct "
                 "2018 07:01:38 -0700 (PDT)",
        .has_from = TRUE,
        .from_helo = "mail.example.org",
        .from_rdns = "mail.example.org.",
        .from_ip = "192.0.2.95",
        .has_by = TRUE,
        .by_host = "mx.google.com",
        .with = "ESMTPS",
        .id = "z129-v6si8080952wmg.157.2018.10.01.07.01.38",
        .for_addr = "user@example.com",
        .date_utc = "2018-10-01T14:01:38Z",
        .offset = -420,
        .date_text = "Mon, 01 Oct 2018 07:01:38 -0700",
    },
    {
        .name = "gmail-smtps-google-transport-security",
        .value = "from mail-sor-f65.google.com (mail-sor-f65.google.com. [198.51.100.65]) by "
                 "mx.google.com with SMTPS id a1sor123456wmb.1.2023.01.02.03.04.05 for "
                 "<user@example.com> (Google Transport Security); Mon, 02 Jan 2023 03:04:05 -0800 "
                 "(PST)",
        .has_from = TRUE,
        .from_helo = "mail-sor-f65.google.com",
        .from_rdns = "mail-sor-f65.google.com.",
        .from_ip = "198.51.100.65",
        .has_by = TRUE,
        .by_host = "mx.google.com",
        .with = "SMTPS",
        .id = "a1sor123456wmb.1.2023.01.02.03.04.05",
        .for_addr = "user@example.com",
        .date_utc = "2023-01-02T11:04:05Z",
        .offset = -480,
        .date_text = "Mon, 02 Jan 2023 03:04:05 -0800",
    },
    {
        /* The address Gmail's submission server saw wins over the literal the client gave. */
        .name = "gmail-esmtpsa-literal-helo",
        .value = "from [192.0.2.105] ([203.0.113.71]) by smtp.gmail.com with ESMTPSA id "
                 "q13-20020a05600c4f0d00b003f7sm3530285wmc.44.2023.06.16.18.52.53 for "
                 "<user@example.com> (version=TLS1_3 cipher=TLS_AES_128_GCM_SHA256 "
                 "bits=128/128); Fri, 16 Jun 2023 18:52:53 -0700 (PDT)",
        .has_from = TRUE,
        .from_helo = "[192.0.2.105]",
        .from_ip = "203.0.113.71",
        .has_by = TRUE,
        .by_host = "smtp.gmail.com",
        .with = "ESMTPSA",
        .id = "q13-20020a05600c4f0d00b003f7sm3530285wmc.44.2023.06.16.18.52.53",
        .for_addr = "user@example.com",
        .date_utc = "2023-06-17T01:52:53Z",
        .offset = -420,
        .date_text = "Fri, 16 Jun 2023 18:52:53 -0700",
    },
    {
        .name = "gmail-internal-by-ipv6",
        .value = "by 2002:a05:6504:1c8:b0:1f6:5e0e:297f with SMTP id e11csp1624961vqt; Tue, 19 "
                 "Sep 2023 11:36:47 -0700 (PDT)",
        .has_by = TRUE,
        .by_host = "2002:a05:6504:1c8:b0:1f6:5e0e:297f",
        .by_ip = "2002:a05:6504:1c8:b0:1f6:5e0e:297f",
        .with = "SMTP",
        .id = "e11csp1624961vqt",
        .date_utc = "2023-09-19T18:36:47Z",
        .offset = -420,
        .date_text = "Tue, 19 Sep 2023 11:36:47 -0700",
    },
    {
        .name = "gmail-2011-tlsv1-sslv3-other",
        .value = "from mail.example.net (mail.example.net [192.0.2.33]) by mx.google.com with "
                 "ESMTPS id x1si123.2011.03.04.05.06.07 (version=TLSv1/SSLv3 cipher=OTHER); Fri, "
                 "04 Mar 2011 05:06:07 -0800 (PST)",
        .has_from = TRUE,
        .from_helo = "mail.example.net",
        .from_rdns = "mail.example.net",
        .from_ip = "192.0.2.33",
        .has_by = TRUE,
        .by_host = "mx.google.com",
        .with = "ESMTPS",
        .id = "x1si123.2011.03.04.05.06.07",
        .date_utc = "2011-03-04T13:06:07Z",
        .offset = -480,
        .date_text = "Fri, 04 Mar 2011 05:06:07 -0800",
    },

    /* ---- Postfix and Postfix-style "(using ...)" ---- */
    {
        .name = "postfix-tls13-kex-client-cn-verified",
        .value = "from mx1.example.org (mx1.example.org [IPv6:2001:db8::25]) (using TLSv1.3 with "
                 "cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 "
                 "server-signature RSA-PSS (4096 bits) server-digest SHA256 client-signature "
                 "RSA-PSS (4096 bits)) (Client CN \"mx1.example.org\", Issuer \"Example CA\" "
                 "(verified OK)) by mx.example.com (Postfix) with ESMTPS id 4Q1r2s3T4vz5 for "
                 "<user@example.com>; Tue, 20 Aug 2019 09:32:56 +0800 (CST)",
        .has_from = TRUE,
        .from_helo = "mx1.example.org",
        .from_rdns = "mx1.example.org",
        .from_ip = "2001:db8::25",
        .has_by = TRUE,
        .by_host = "mx.example.com",
        .with = "ESMTPS",
        .id = "4Q1r2s3T4vz5",
        .for_addr = "user@example.com",
        .date_utc = "2019-08-20T01:32:56Z",
        .offset = 480,
        .date_text = "Tue, 20 Aug 2019 09:32:56 +0800",
    },
    {
        /* Postfix writes "unknown" when the address has no name: no rDNS. */
        .name = "postfix-unknown-rdns-tlsv1",
        .value = "from old.example.net (unknown [198.51.100.7]) (using TLSv1 with cipher "
                 "DHE-RSA-AES256-SHA (256/256 bits)) (Client did not present a certificate) by "
                 "mx.example.com (Postfix) with ESMTP id 1A2B3C4D5E; Thu, 3 May 2012 14:15:16 "
                 "+0200 (CEST)",
        .has_from = TRUE,
        .from_helo = "old.example.net",
        .from_ip = "198.51.100.7",
        .has_by = TRUE,
        .by_host = "mx.example.com",
        .with = "ESMTP",
        .id = "1A2B3C4D5E",
        .date_utc = "2012-05-03T12:15:16Z",
        .offset = 120,
        .date_text = "Thu, 3 May 2012 14:15:16 +0200",
    },
    {
        .name = "postfix-esmtps-no-details-no-id",
        .value = "from in.example.com (in.example.com [192.0.2.9]) by in2.example.com (Postfix) "
                 "with ESMTPS for <test@example.com>; Thu, 3 May 2018 14:15:16 +0200",
        .has_from = TRUE,
        .from_helo = "in.example.com",
        .from_rdns = "in.example.com",
        .from_ip = "192.0.2.9",
        .has_by = TRUE,
        .by_host = "in2.example.com",
        .with = "ESMTPS",
        .for_addr = "test@example.com",
        .date_utc = "2018-05-03T12:15:16Z",
        .offset = 120,
        .date_text = "Thu, 3 May 2018 14:15:16 +0200",
    },
    {
        .name = "postfix-local-pickup",
        .value = "by mail.example.com (Postfix, from userid 0) id 4A1B2C3D4E; Thu, 3 May 2018 "
                 "14:15:16 +0200 (CEST)",
        .has_by = TRUE,
        .by_host = "mail.example.com",
        .id = "4A1B2C3D4E",
        .date_utc = "2018-05-03T12:15:16Z",
        .offset = 120,
        .date_text = "Thu, 3 May 2018 14:15:16 +0200",
    },
    {
        .name = "cloudmark-cmgw-using-before-by",
        .value = "from host.example.org ([192.0.2.77]) (using TLSv1.2 with cipher "
                 "ECDHE-RSA-AES256-GCM-SHA384 256/256 bits) (Client did not present a "
                 "certificate) by CMGW with ESMTPS id kp1lvYWVKi0O1kp1lvYABi; Mon, 18 Sep 2023 "
                 "06:30:14 -0700",
        .has_from = TRUE,
        .from_helo = "host.example.org",
        .from_ip = "192.0.2.77",
        .has_by = TRUE,
        .by_host = "CMGW",
        .with = "ESMTPS",
        .id = "kp1lvYWVKi0O1kp1lvYABi",
        .date_utc = "2023-09-18T13:30:14Z",
        .offset = -420,
        .date_text = "Mon, 18 Sep 2023 06:30:14 -0700",
    },
    {
        .name = "mailchannels-trex-no-with",
        .value = "from relay.example.net (relay.example.net [192.0.2.200]) (using TLSv1.3 with "
                 "cipher TLS_AES_256_GCM_SHA384) by 203.0.113.20 (trex/6.9.1); Mon, 18 Sep 2023 "
                 "13:30:14 +0000",
        .has_from = TRUE,
        .from_helo = "relay.example.net",
        .from_rdns = "relay.example.net",
        .from_ip = "192.0.2.200",
        .has_by = TRUE,
        .by_host = "203.0.113.20",
        .by_ip = "203.0.113.20",
        .date_utc = "2023-09-18T13:30:14Z",
        .offset = 0,
        .date_text = "Mon, 18 Sep 2023 13:30:14 +0000",
    },
    {
        .name = "symantec-symcld-no-with",
        .value = "from mail.example.com (mail.example.com [192.0.2.40]) (using TLSv1.2 with "
                 "cipher DHE-RSA-AES256-GCM-SHA384 (256 bits)) by "
                 "server-2.bemta.az-b.eu-west-1.aws.symcld.net id 5A/6B-12345-ABCDEF01; Mon, 18 "
                 "Sep 2023 13:30:14 +0000",
        .has_from = TRUE,
        .from_helo = "mail.example.com",
        .from_rdns = "mail.example.com",
        .from_ip = "192.0.2.40",
        .has_by = TRUE,
        .by_host = "server-2.bemta.az-b.eu-west-1.aws.symcld.net",
        .id = "5A/6B-12345-ABCDEF01",
        .date_utc = "2023-09-18T13:30:14Z",
        .offset = 0,
        .date_text = "Mon, 18 Sep 2023 13:30:14 +0000",
    },
    {
        .name = "kerio-using-after-with",
        .value = "from [192.0.2.50] ([192.0.2.50]) (authenticated user alice@example.org) by "
                 "mail.example.org (Kerio Connect 9.2.12 patch 1) with ESMTPSA (using TLSv1.2 "
                 "with cipher ECDHE-RSA-AES256-GCM-SHA384 (256 bits)); Tue, 4 Feb 2020 10:11:12 "
                 "+0100",
        .has_from = TRUE,
        .from_helo = "[192.0.2.50]",
        .from_ip = "192.0.2.50",
        .has_by = TRUE,
        .by_host = "mail.example.org",
        .with = "ESMTPSA",
        .date_utc = "2020-02-04T09:11:12Z",
        .offset = 60,
        .date_text = "Tue, 4 Feb 2020 10:11:12 +0100",
    },

    /* ---- Exim ---- */
    {
        /* helo= in the comment: the word after "from" is the verified rDNS name. */
        .name = "exim-old-ip-port-helo",
        .value = "from host.example.net ([192.0.2.66]:45321 helo=User) by server3.example.com "
                 "with esmtpsa (TLSv1.2:ECDHE-RSA-AES256-GCM-SHA384:256) (Exim 4.92) "
                 "(envelope-from <a@example.net>) id 1oxikm-00BXtl-4S for user@example.com; Wed, "
                 "23 Nov 2022 00:57:00 -0500",
        .has_from = TRUE,
        .from_helo = "User",
        .from_rdns = "host.example.net",
        .from_ip = "192.0.2.66",
        .has_by = TRUE,
        .by_host = "server3.example.com",
        .with = "esmtpsa",
        .id = "1oxikm-00BXtl-4S",
        .for_addr = "user@example.com",
        .date_utc = "2022-11-23T05:57:00Z",
        .offset = -300,
        .date_text = "Wed, 23 Nov 2022 00:57:00 -0500",
    },
    {
        .name = "exim-new-tls-clause-port-helo",
        .value = "from [192.0.2.62] (port=56303 helo=DESKTOP-ABC123) by server3.example.com with "
                 "esmtpsa (TLS1.3) tls TLS_AES_256_GCM_SHA384 (Exim 4.95) (envelope-from "
                 "<a@example.net>) id 1oxikm-00BXtl-4T for user@example.com; Wed, 23 Nov 2022 "
                 "00:57:00 -0500",
        .has_from = TRUE,
        .from_helo = "DESKTOP-ABC123",
        .from_ip = "192.0.2.62",
        .has_by = TRUE,
        .by_host = "server3.example.com",
        .with = "esmtpsa",
        .id = "1oxikm-00BXtl-4T",
        .for_addr = "user@example.com",
        .tls_clause = "TLS_AES_256_GCM_SHA384",
        .date_utc = "2022-11-23T05:57:00Z",
        .offset = -300,
        .date_text = "Wed, 23 Nov 2022 00:57:00 -0500",
    },
    {
        .name = "exim-port-helo-literal",
        .value = "from [192.0.2.1] (port=37652 helo=[192.0.2.29]) by mail.example.com with "
                 "esmtpsa (TLS1.2) tls TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 (Exim 4.96) "
                 "(envelope-from <a@example.com>) id 1qABCd-0002Ef-3G; Tue, 5 Mar 2024 08:09:10 "
                 "+0000",
        .has_from = TRUE,
        .from_helo = "[192.0.2.29]",
        .from_ip = "192.0.2.1",
        .has_by = TRUE,
        .by_host = "mail.example.com",
        .with = "esmtpsa",
        .id = "1qABCd-0002Ef-3G",
        .tls_clause = "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        .date_utc = "2024-03-05T08:09:10Z",
        .offset = 0,
        .date_text = "Tue, 5 Mar 2024 08:09:10 +0000",
    },
    {
        .name = "exim-esmtps-no-details",
        .value = "from host.example.net ([192.0.2.66]:51122 helo=mail.example.net) by "
                 "server.example.com with esmtps (envelope-from <a@example.net>) id "
                 "1qABCd-0002Ef-3H for user@example.com; Tue, 5 Mar 2019 08:09:10 +0000",
        .has_from = TRUE,
        .from_helo = "mail.example.net",
        .from_rdns = "host.example.net",
        .from_ip = "192.0.2.66",
        .has_by = TRUE,
        .by_host = "server.example.com",
        .with = "esmtps",
        .id = "1qABCd-0002Ef-3H",
        .for_addr = "user@example.com",
        .date_utc = "2019-03-05T08:09:10Z",
        .offset = 0,
        .date_text = "Tue, 5 Mar 2019 08:09:10 +0000",
    },
    {
        /* Exim 3 leaves "helo=" out as Exim 4 does when the greeting equals the verified
         * rDNS name: the first word is both. */
        .name = "exim3-cipher-comment",
        .value = "from host.example.net ([192.0.2.66]) by mail.example.com with esmtp (Cipher "
                 "TLSv1:DES-CBC3-SHA:168) (Exim 3.36 #1) id 19ABCD-0001ab-00 for "
                 "user@example.com; Mon, 06 Oct 2003 10:11:12 +0200",
        .has_from = TRUE,
        .from_helo = "host.example.net",
        .from_rdns = "host.example.net",
        .from_ip = "192.0.2.66",
        .has_by = TRUE,
        .by_host = "mail.example.com",
        .with = "esmtp",
        .id = "19ABCD-0001ab-00",
        .for_addr = "user@example.com",
        .date_utc = "2003-10-06T08:11:12Z",
        .offset = 120,
        .date_text = "Mon, 06 Oct 2003 10:11:12 +0200",
    },
    {
        /* No "helo=": the HELO equalled the verified rDNS name, and the "(Exim ...)" comment
         * says the line is Exim's (mimekit-comcast-dovecot-exim-postfix-12hops.eml hop 3). */
        .name = "exim-helo-equals-rdns",
        .value = "from kerckhoffs.example.org ([192.0.2.222]) by lists.example.org with esmtp "
                 "(Exim 4.84_2 #2 (Debian)) id 1cv8aO-0001hE-5W for <list@example.org>; Mon, 03 "
                 "Apr 2017 22:28:24 +0200",
        .has_from = TRUE,
        .from_helo = "kerckhoffs.example.org",
        .from_rdns = "kerckhoffs.example.org",
        .from_ip = "192.0.2.222",
        .has_by = TRUE,
        .by_host = "lists.example.org",
        .with = "esmtp",
        .id = "1cv8aO-0001hE-5W",
        .for_addr = "list@example.org",
        .date_utc = "2017-04-03T20:28:24Z",
        .offset = 120,
        .date_text = "Mon, 03 Apr 2017 22:28:24 +0200",
    },
    {
        /* The same with the client's port: only Exim writes a lone "[ip]:port" comment
         * (mikelmail-gmail-2009-sslv3-rc4.eml hop 4). */
        .name = "exim-helo-equals-rdns-port",
        .value = "from mail-a.example.com ([198.51.100.215]:39047) by mail.example.net with esmtp "
                 "id 1Mp3wA-0007kA-Ic for <user@example.net>; Sat, 19 Sep 2009 21:41:30 +0400",
        .has_from = TRUE,
        .from_helo = "mail-a.example.com",
        .from_rdns = "mail-a.example.com",
        .from_ip = "198.51.100.215",
        .has_by = TRUE,
        .by_host = "mail.example.net",
        .with = "esmtp",
        .id = "1Mp3wA-0007kA-Ic",
        .for_addr = "user@example.net",
        .date_utc = "2009-09-19T17:41:30Z",
        .offset = 240,
        .date_text = "Sat, 19 Sep 2009 21:41:30 +0400",
    },
    {
        /* A local submission: the word after "from" is the submitting user, not a greeting
         * (mimekit-comcast-dovecot-exim-postfix-12hops.eml hop 1). */
        .name = "exim-local-user",
        .value = "from wk by host.example.com with local (Exim 4.84 #3 (Debian)) id "
                 "1cv8Wo-0000SY-2J; Mon, 03 Apr 2017 22:24:42 +0200",
        .has_from = TRUE,
        .from_word = "wk",
        .has_by = TRUE,
        .by_host = "host.example.com",
        .with = "local",
        .id = "1cv8Wo-0000SY-2J",
        .date_utc = "2017-04-03T20:24:42Z",
        .offset = 120,
        .date_text = "Mon, 03 Apr 2017 22:24:42 +0200",
    },
    {
        .name = "exim-local-rmail-user",
        .value = "from uucp by host.example.org with local-rmail (Exim 4.84_2 #1 (Debian)) id "
                 "1cv8aO-0001bv-1k for <list@example.org>; Mon, 03 Apr 2017 22:28:24 +0200",
        .has_from = TRUE,
        .from_word = "uucp",
        .has_by = TRUE,
        .by_host = "host.example.org",
        .with = "local-rmail",
        .id = "1cv8aO-0001bv-1k",
        .for_addr = "list@example.org",
        .date_utc = "2017-04-03T20:28:24Z",
        .offset = 120,
        .date_text = "Mon, 03 Apr 2017 22:28:24 +0200",
    },

    /* ---- sendmail family ---- */
    {
        .name = "sendmail-may-be-forged-tls-after-id",
        .value = "from mail.example.net (mail.example.net [192.0.2.45] (may be forged)) by "
                 "mx.example.com (8.14.7/8.14.7) with ESMTP id 39M7cvTZ011886 "
                 "(version=TLSv1/SSLv3 cipher=DHE-RSA-AES256-SHA bits=256 verify=NOT) for "
                 "<user@example.com>; Sun, 22 Oct 2023 02:38:57 -0500",
        .has_from = TRUE,
        .from_helo = "mail.example.net",
        .from_rdns = "mail.example.net",
        .from_ip = "192.0.2.45",
        .has_by = TRUE,
        .by_host = "mx.example.com",
        .with = "ESMTP",
        .id = "39M7cvTZ011886",
        .for_addr = "user@example.com",
        .date_utc = "2023-10-22T07:38:57Z",
        .offset = -300,
        .date_text = "Sun, 22 Oct 2023 02:38:57 -0500",
    },
    {
        .name = "sendmail-ipv6-literal",
        .value = "from host.example.org (host.example.org [IPv6:2001:db8::1]) by mx.example.com "
                 "(8.15.2/8.15.2) with ESMTP id 41ABCDEF012345; Mon, 19 Aug 2019 21:33:11 -0400",
        .has_from = TRUE,
        .from_helo = "host.example.org",
        .from_rdns = "host.example.org",
        .from_ip = "2001:db8::1",
        .has_by = TRUE,
        .by_host = "mx.example.com",
        .with = "ESMTP",
        .id = "41ABCDEF012345",
        .date_utc = "2019-08-20T01:33:11Z",
        .offset = -240,
        .date_text = "Mon, 19 Aug 2019 21:33:11 -0400",
    },
    {
        .name = "sendmail-submission-no-from",
        .value = "(from alice@localhost) by host.example.com (8.17.1.9/8.17.1.9/Submit) id "
                 "55PIDtDZ927863; Thu, 26 Jun 2025 02:13:55 +0800",
        .has_by = TRUE,
        .by_host = "host.example.com",
        .id = "55PIDtDZ927863",
        .date_utc = "2025-06-25T18:13:55Z",
        .offset = 480,
        .date_text = "Thu, 26 Jun 2025 02:13:55 +0800",
    },
    {
        .name = "pps-esmtps-verify-no",
        .value = "from a79-253.smtp-out.example.com (a79-253.smtp-out.example.com "
                 "[198.51.100.253]) by mx07-00096706.pphosted.com (PPS) with ESMTPS id "
                 "3ntn7us9ex-1 (version=TLSv1.2 cipher=ECDHE-RSA-AES128-SHA256 bits=128 "
                 "verify=NO) for <user@example.com>; Tue, 19 Sep 2023 11:36:40 -0700",
        .has_from = TRUE,
        .from_helo = "a79-253.smtp-out.example.com",
        .from_rdns = "a79-253.smtp-out.example.com",
        .from_ip = "198.51.100.253",
        .has_by = TRUE,
        .by_host = "mx07-00096706.pphosted.com",
        .with = "ESMTPS",
        .id = "3ntn7us9ex-1",
        .for_addr = "user@example.com",
        .date_utc = "2023-09-19T18:36:40Z",
        .offset = -420,
        .date_text = "Tue, 19 Sep 2023 11:36:40 -0700",
    },
    {
        .name = "barracuda-ess-no-with",
        .value = "from mail.example.org (mail.example.org [203.0.113.4]) by "
                 "mx1403.ess.rzc.cudaops.com (version=TLSv1.2 cipher=ECDHE-RSA-AES256-SHA384 "
                 "bits=256 verify=NO); Sat, 27 Jan 2024 20:46:27 +0000",
        .has_from = TRUE,
        .from_helo = "mail.example.org",
        .from_rdns = "mail.example.org",
        .from_ip = "203.0.113.4",
        .has_by = TRUE,
        .by_host = "mx1403.ess.rzc.cudaops.com",
        .date_utc = "2024-01-27T20:46:27Z",
        .offset = 0,
        .date_text = "Sat, 27 Jan 2024 20:46:27 +0000",
    },
    {
        /* sendmail writes "([ip])" when the address has no rDNS name: unlike Exim's
         * "([ip])", the first word is the HELO name alone. */
        .name = "sendmail-no-rdns",
        .value = "from gandalf ([192.0.2.131]) (authenticated bits=0) by mail.example.com "
                 "(8.12.5/8.12.5) with ESMTP id g9JLefrm028228 for <list@example.org>; Sat, 19 "
                 "Oct 2002 16:40:41 -0500",
        .has_from = TRUE,
        .from_helo = "gandalf",
        .from_ip = "192.0.2.131",
        .has_by = TRUE,
        .by_host = "mail.example.com",
        .with = "ESMTP",
        .id = "g9JLefrm028228",
        .for_addr = "list@example.org",
        .date_utc = "2002-10-19T21:40:41Z",
        .offset = -300,
        .date_text = "Sat, 19 Oct 2002 16:40:41 -0500",
    },

    /* ---- OpenSMTPD ---- */
    {
        .name = "opensmtpd-colon-list",
        .value = "from mail.example.net (mail.example.net [198.51.100.9]) by smtp.example.org "
                 "(OpenSMTPD) with ESMTPS id 96f08978 (TLSv1.3:TLS_AES_256_GCM_SHA384:256:NO) "
                 "auth=no for <user@example.org>; Thu, 9 Mar 2023 07:08:09 +1100",
        .has_from = TRUE,
        .from_helo = "mail.example.net",
        .from_rdns = "mail.example.net",
        .from_ip = "198.51.100.9",
        .has_by = TRUE,
        .by_host = "smtp.example.org",
        .with = "ESMTPS",
        .id = "96f08978",
        .for_addr = "user@example.org",
        .date_utc = "2023-03-08T20:08:09Z",
        .offset = 660,
        .date_text = "Thu, 9 Mar 2023 07:08:09 +1100",
    },
    {
        /* Before 2016 every clause ended in ';' and TLS stood bare on its own line: the date
         * is still the text after the last ';', and "TLS version=..." is no tls clause. */
        .name = "opensmtpd-pre2016-semicolons",
        .value = "from mail.example.net (mail.example.net [198.51.100.9]);\r\n\tby "
                 "smtp.example.org (OpenSMTPD) with ESMTP id 3a2b1c0d;\r\n\tTLS "
                 "version=TLSv1/SSLv3 cipher=ECDHE-RSA-AES256-GCM-SHA384 bits=256 "
                 "verify=NO;\r\n\tfor <user@example.org>;\r\n\tMon, 9 Mar 2015 07:08:09 +1100 "
                 "(AEDT)",
        .has_from = TRUE,
        .from_helo = "mail.example.net",
        .from_rdns = "mail.example.net",
        .from_ip = "198.51.100.9",
        .has_by = TRUE,
        .by_host = "smtp.example.org",
        .with = "ESMTP",
        .id = "3a2b1c0d",
        .for_addr = "user@example.org",
        .date_utc = "2015-03-08T20:08:09Z",
        .offset = 660,
        .date_text = "Mon, 9 Mar 2015 07:08:09 +1100",
    },

    /* ---- qmail family, "encrypted" forms ---- */
    {
        /* No clause at all, but a well-formed note and a date: a hop, not an unparsed one. */
        .name = "qmail-invoked-from-network",
        .value = "(qmail 4441 invoked from network); 2 Feb 2023 01:42:45 -0000",
        .date_utc = "2023-02-02T01:42:45Z",
        .offset = 0,
        .date_text = "2 Feb 2023 01:42:45 -0000",
        .problems = "neither a from nor a by clause was found",
    },
    {
        .name = "qmail-unknown-helo-bare-ip-no-weekday",
        .value = "from unknown (HELO mail.example.com) (192.0.2.7) by mx.example.net with SMTP; "
                 "22 Aug 2016 09:22:13 -0000",
        .has_from = TRUE,
        .from_helo = "mail.example.com",
        .from_ip = "192.0.2.7",
        .has_by = TRUE,
        .by_host = "mx.example.net",
        .with = "SMTP",
        .date_utc = "2016-08-22T09:22:13Z",
        .offset = 0,
        .date_text = "22 Aug 2016 09:22:13 -0000",
    },
    {
        /* An empty greeting: the HELO is known to be absent, "unknown" is still no name. */
        .name = "qmail-empty-helo",
        .value = "from unknown (HELO ) (203.0.113.106) by smtp.example.net with SMTP; 24 May "
                 "2016 12:30:11 -0000",
        .has_from = TRUE,
        .from_ip = "203.0.113.106",
        .has_by = TRUE,
        .by_host = "smtp.example.net",
        .with = "SMTP",
        .date_utc = "2016-05-24T12:30:11Z",
        .offset = 0,
        .date_text = "24 May 2016 12:30:11 -0000",
    },
    {
        .name = "qmail-tls-encrypted-in-with",
        .value = "from unknown (HELO mail.example.com) (192.0.2.7) by 127.0.0.1 with "
                 "(DHE-RSA-AES128-SHA encrypted) SMTP; 22 Aug 2016 09:22:13 -0000",
        .has_from = TRUE,
        .from_helo = "mail.example.com",
        .from_ip = "192.0.2.7",
        .has_by = TRUE,
        .by_host = "127.0.0.1",
        .by_ip = "127.0.0.1",
        .with = "SMTP",
        .date_utc = "2016-08-22T09:22:13Z",
        .offset = 0,
        .date_text = "22 Aug 2016 09:22:13 -0000",
    },
    {
        /* qpsmtpd writes its AUTH note after the date: the date is still read. */
        .name = "qpsmtpd-encrypted-auth-after-date",
        .value = "from host.example.com (HELO [127.0.0.1]) (192.0.2.112) by smtp.example.net "
                 "(qpsmtpd/0.94) with (TLS_AES_256_GCM_SHA384 encrypted) ESMTPSA; Tue, 04 Jul "
                 "2023 20:17:56 +0000 (plain) smtp.auth=noreply@example.net",
        .has_from = TRUE,
        .from_helo = "[127.0.0.1]",
        .from_rdns = "host.example.com",
        .from_ip = "192.0.2.112",
        .has_by = TRUE,
        .by_host = "smtp.example.net",
        .with = "ESMTPSA",
        .date_utc = "2023-07-04T20:17:56Z",
        .offset = 0,
        .date_text = "Tue, 04 Jul 2023 20:17:56 +0000",
        .problems = "text after the date was ignored",
    },
    {
        .name = "t-online-encrypted-two-digit-year",
        .value = "from mail.example.com (192.0.2.8) by fwd80.t-online.de with "
                 "(TLSv1.2:ECDHE-RSA-AES256-GCM-SHA384 encrypted) esmtp id 1r1vTl-1t1xWL0; Thu, "
                 "07 Sep 23 14:07:33 +0200",
        .has_from = TRUE,
        .from_helo = "mail.example.com",
        .from_ip = "192.0.2.8",
        .has_by = TRUE,
        .by_host = "fwd80.t-online.de",
        .with = "esmtp",
        .id = "1r1vTl-1t1xWL0",
        .date_utc = "2023-09-07T12:07:33Z",
        .offset = 120,
        .date_text = "Thu, 07 Sep 23 14:07:33 +0200",
    },
    {
        /* t-online writes ports into both names (phishingpot-1288-*.eml hop 1): "ip:port" is
         * the client's address, never a HELO; the by host loses its ":8080". */
        .name = "t-online-ports-in-names",
        .value = "from 198.51.100.124:45726 by spica26.example.net:8080; Thu, 7 Sep 2023 "
                 "14:07:33 +0200 (CEST)",
        .has_from = TRUE,
        .from_word = "198.51.100.124:45726",
        .from_ip = "198.51.100.124",
        .has_by = TRUE,
        .by_host = "spica26.example.net",
        .date_utc = "2023-09-07T12:07:33Z",
        .offset = 120,
        .date_text = "Thu, 7 Sep 2023 14:07:33 +0200",
    },
    {
        .name = "messagelabs-encrypted-smtp",
        .value = "from unknown (HELO mail.example.com) (192.0.2.10) by "
                 "server-4.tower-697.messagelabs.com with ECDHE-RSA-AES256-GCM-SHA384 encrypted "
                 "SMTP; 6 Aug 2024 00:02:17 -0000",
        .has_from = TRUE,
        .from_helo = "mail.example.com",
        .from_ip = "192.0.2.10",
        .has_by = TRUE,
        .by_host = "server-4.tower-697.messagelabs.com",
        .with = "ECDHE-RSA-AES256-GCM-SHA384 encrypted SMTP",
        .date_utc = "2024-08-06T00:02:17Z",
        .offset = 0,
        .date_text = "6 Aug 2024 00:02:17 -0000",
    },

    /* ---- Courier ---- */
    {
        /* Courier's id comes after the date: a keyword after the date words starts a clause. */
        .name = "courier-id-after-date",
        .value = "from ws1.example.org (ws1.example.org [192.0.2.46]) (TLS: "
                 "TLSv1.2,256bits,ECDHE-RSA-AES256-GCM-SHA384) by mail.example.org with ESMTPS; "
                 "Sat, 21 Mar 2020 00:40:12 +0200 id 00000000005A1C77.000000005E75464C.00004771",
        .has_from = TRUE,
        .from_helo = "ws1.example.org",
        .from_rdns = "ws1.example.org",
        .from_ip = "192.0.2.46",
        .has_by = TRUE,
        .by_host = "mail.example.org",
        .with = "ESMTPS",
        .id = "00000000005A1C77.000000005E75464C.00004771",
        .date_utc = "2020-03-20T22:40:12Z",
        .offset = 120,
        .date_text = "Sat, 21 Mar 2020 00:40:12 +0200",
    },
    {
        .name = "courier-auth-and-tls-mapped-ipv4",
        .value = "from ws1.example.org (ws1.example.org [::ffff:192.0.2.46]) (AUTH: LOGIN alice, "
                 "TLS: TLSv1/SSLv3,256bits,AES256-GCM-SHA384) by mail.example.org with ESMTPSA; "
                 "Sat, 21 Mar 2020 00:40:12 +0200 id 00000000005A1C77.000000005E75464D.00004772",
        .has_from = TRUE,
        .from_helo = "ws1.example.org",
        .from_rdns = "ws1.example.org",
        .from_ip = "::ffff:192.0.2.46",
        .has_by = TRUE,
        .by_host = "mail.example.org",
        .with = "ESMTPSA",
        .id = "00000000005A1C77.000000005E75464D.00004772",
        .date_utc = "2020-03-20T22:40:12Z",
        .offset = 120,
        .date_text = "Sat, 21 Mar 2020 00:40:12 +0200",
    },

    /* ---- Gateways and services ---- */
    {
        .name = "ironport-esmtp-tls-cipher",
        .value = "from mail.example.com (HELO mail.example.com) ([192.0.2.11]) by "
                 "esa1.example.iphmx.com with ESMTP/TLS/ECDHE-RSA-AES256-GCM-SHA384; 26 May 2025 "
                 "13:44:26 +0200",
        .has_from = TRUE,
        .from_helo = "mail.example.com",
        .from_rdns = "mail.example.com",
        .from_ip = "192.0.2.11",
        .has_by = TRUE,
        .by_host = "esa1.example.iphmx.com",
        .with = "ESMTP/TLS/ECDHE-RSA-AES256-GCM-SHA384",
        .date_utc = "2025-05-26T11:44:26Z",
        .offset = 120,
        .date_text = "26 May 2025 13:44:26 +0200",
    },
    {
        .name = "mimecast-double-with",
        .value = "from mail.example.com (mail.example.com [192.0.2.12]) by relay.mimecast.com "
                 "with ESMTP with STARTTLS (version=TLSv1.2, "
                 "cipher=TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384) id za-mta-140-abcDEF123-1; Mon, "
                 "18 Sep 2023 09:30:14 -0400",
        .has_from = TRUE,
        .from_helo = "mail.example.com",
        .from_rdns = "mail.example.com",
        .from_ip = "192.0.2.12",
        .has_by = TRUE,
        .by_host = "relay.mimecast.com",
        .with = "ESMTP with STARTTLS",
        .id = "za-mta-140-abcDEF123-1",
        .date_utc = "2023-09-18T13:30:14Z",
        .offset = -240,
        .date_text = "Mon, 18 Sep 2023 09:30:14 -0400",
    },
    {
        .name = "zonemta-authenticated-sender",
        .value = "from [192.0.2.13] (Authenticated sender: tawkto) by mx6.mta.example.net "
                 "(ZoneMTA) with ESMTPSA id 18a9f1b2c3d000e1f2.001 for <user@example.com> "
                 "(version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384); Mon, 18 Sep 2023 13:30:14 +0000",
        .has_from = TRUE,
        .from_helo = "[192.0.2.13]",
        .from_ip = "192.0.2.13",
        .has_by = TRUE,
        .by_host = "mx6.mta.example.net",
        .with = "ESMTPSA",
        .id = "18a9f1b2c3d000e1f2.001",
        .for_addr = "user@example.com",
        .date_utc = "2023-09-18T13:30:14Z",
        .offset = 0,
        .date_text = "Mon, 18 Sep 2023 13:30:14 +0000",
    },
    {
        /* ZoneMTA puts the rDNS name after the address (phishingpot-6002-*.eml hop 1). */
        .name = "zonemta-rdns-after-address",
        .value = "from [203.0.113.124] ([203.0.113.124] host124.example.net) by "
                 "mailer.example.com (ZoneMTA) with ESMTP id 199c605ad23000535c.003 for "
                 "<user@example.org>; Wed, 08 Oct 2025 22:51:26 +0000",
        .has_from = TRUE,
        .from_helo = "[203.0.113.124]",
        .from_rdns = "host124.example.net",
        .from_ip = "203.0.113.124",
        .has_by = TRUE,
        .by_host = "mailer.example.com",
        .with = "ESMTP",
        .id = "199c605ad23000535c.003",
        .for_addr = "user@example.org",
        .date_utc = "2025-10-08T22:51:26Z",
        .offset = 0,
        .date_text = "Wed, 08 Oct 2025 22:51:26 +0000",
    },
    {
        /* Forcepoint names its product where the by host belongs
         * (patchwork-exch2010-notls-forcepoint-vger.eml hop 2): the name is all of it. */
        .name = "forcepoint-product-as-by-host",
        .value = "from gw.example.com (unknown [192.0.2.59]) by Forcepoint Email with ESMTP id "
                 "EF227A58CA1FC4ADCFA3; Tue, 20 Aug 2019 09:33:03 +0800 (CST)",
        .has_from = TRUE,
        .from_helo = "gw.example.com",
        .from_ip = "192.0.2.59",
        .has_by = TRUE,
        .by_host = "Forcepoint Email",
        .with = "ESMTP",
        .id = "EF227A58CA1FC4ADCFA3",
        .date_utc = "2019-08-20T01:33:03Z",
        .offset = 480,
        .date_text = "Tue, 20 Aug 2019 09:33:03 +0800",
    },
    {
        .name = "websense-product-as-by-host",
        .value = "from gw.example.org (unknown [192.0.2.196]) by Websense Email Security Gateway "
                 "with ESMTP id DE02F188BFAF for <user@example.org>; Sun, 29 Nov 2015 09:45:14 "
                 "+0100 (CET)",
        .has_from = TRUE,
        .from_helo = "gw.example.org",
        .from_ip = "192.0.2.196",
        .has_by = TRUE,
        .by_host = "Websense Email Security Gateway",
        .with = "ESMTP",
        .id = "DE02F188BFAF",
        .for_addr = "user@example.org",
        .date_utc = "2015-11-29T08:45:14Z",
        .offset = 60,
        .date_text = "Sun, 29 Nov 2015 09:45:14 +0100",
    },
    {
        .name = "haraka-new-envelope-from-tls-clause",
        .value = "from mail.example.com (mail.example.com [192.0.2.14]) by mx.example.org "
                 "(Haraka/3.0.2) with ESMTPS id 8E4B5C6D-1A2B-4C3D-9E8F-0123456789AB.1\r\n\t"
                 "envelope-from <a@example.com>\r\n\ttls TLS_AES_256_GCM_SHA384; Mon, 18 Sep "
                 "2023 09:30:14 -0400",
        .has_from = TRUE,
        .from_helo = "mail.example.com",
        .from_rdns = "mail.example.com",
        .from_ip = "192.0.2.14",
        .has_by = TRUE,
        .by_host = "mx.example.org",
        .with = "ESMTPS",
        .id = "8E4B5C6D-1A2B-4C3D-9E8F-0123456789AB.1",
        .tls_clause = "TLS_AES_256_GCM_SHA384",
        .date_utc = "2023-09-18T13:30:14Z",
        .offset = -240,
        .date_text = "Mon, 18 Sep 2023 09:30:14 -0400",
    },
    {
        .name = "ecelerity-ip-port-in-brackets",
        .value = "from [192.0.2.76] ([192.0.2.76:46764] helo=app1.example.net) by "
                 "mx2.example.com (envelope-from <a@example.com>) (ecelerity 4.7.0.20111 "
                 "r(msys-ecelerity:tags/4.7.0-ga^0)) with ESMTPS (cipher=TLS_AES_256_GCM_SHA384 "
                 "subject=\"/C=US/O=Example, inc./OU=0:app;1:ia5/CN=app1.example.net\") id "
                 "98/24-55697-C5277876; Wed, 15 Jan 2025 08:31:24 +0000",
        .has_from = TRUE,
        .from_helo = "app1.example.net",
        .from_ip = "192.0.2.76",
        .has_by = TRUE,
        .by_host = "mx2.example.com",
        .with = "ESMTPS",
        .id = "98/24-55697-C5277876",
        .date_utc = "2025-01-15T08:31:24Z",
        .offset = 0,
        .date_text = "Wed, 15 Jan 2025 08:31:24 +0000",
    },
    {
        /* Yahoo's MX: the address first, the greeting in "(EHLO x)", a bare address as by. */
        .name = "yahoo-mx-ehlo-smtps",
        .value = "from 198.51.100.197 (EHLO o1361.shared.example.com) by 198.51.100.150 with "
                 "SMTPs (version=TLS1_3 cipher=TLS_AES_128_GCM_SHA256); Mon, 18 Sep 2023 "
                 "13:30:17 +0000",
        .has_from = TRUE,
        .from_helo = "o1361.shared.example.com",
        .from_ip = "198.51.100.197",
        .has_by = TRUE,
        .by_host = "198.51.100.150",
        .by_ip = "198.51.100.150",
        .with = "SMTPs",
        .date_utc = "2023-09-18T13:30:17Z",
        .offset = 0,
        .date_text = "Mon, 18 Sep 2023 13:30:17 +0000",
    },
    {
        .name = "yahoo-store-https-pod-id",
        .value = "from 198.51.100.150 by atlas209.free.mail.ne1.yahoo.com pod-id NONE with "
                 "HTTPS; Mon, 18 Sep 2023 13:30:17 +0000",
        .has_from = TRUE,
        .from_helo = "198.51.100.150",
        .from_ip = "198.51.100.150",
        .has_by = TRUE,
        .by_host = "atlas209.free.mail.ne1.yahoo.com",
        .by_extra = "pod-id NONE",
        .with = "HTTPS",
        .date_utc = "2023-09-18T13:30:17Z",
        .offset = 0,
        .date_text = "Mon, 18 Sep 2023 13:30:17 +0000",
    },
    {
        /* IBM's protocol words run on to a ';'; the TLS comment stands before the date. */
        .name = "ibm-domino-tls-after-semicolon",
        .value = "from mail.example.com (192.0.2.16) by gw.example.com (192.0.2.140) with IBM "
                 "ESMTP SMTP Gateway: Authorized Use Only! Violators will be prosecuted;\r\n\t"
                 "(version=TLSv1/SSLv3 cipher=AES128-GCM-SHA256 bits=128/128)\r\n\tWed, 8 Mar "
                 "2017 10:11:12 -0500",
        .has_from = TRUE,
        .from_helo = "mail.example.com",
        .from_ip = "192.0.2.16",
        .has_by = TRUE,
        .by_host = "gw.example.com",
        .by_ip = "192.0.2.140",
        .with = "IBM ESMTP SMTP Gateway: Authorized Use Only! Violators will be prosecuted",
        .date_utc = "2017-03-08T15:11:12Z",
        .offset = -300,
        .date_text = "Wed, 8 Mar 2017 10:11:12 -0500",
    },
    {
        /* A second "from" (the envelope sender) after "for" does not replace the first. */
        .name = "ibm-gateway-for-from",
        .value = "from localhost by gw.example.com with IBM ESMTP SMTP Gateway: Authorized Use "
                 "Only! Violators will be prosecuted for <a@example.com> from <b@example.com>; "
                 "Wed, 8 Mar 2017 16:46:25 -0000",
        .has_from = TRUE,
        .from_helo = "localhost",
        .has_by = TRUE,
        .by_host = "gw.example.com",
        .with = "IBM ESMTP SMTP Gateway: Authorized Use Only! Violators will be prosecuted",
        .for_addr = "a@example.com",
        .date_utc = "2017-03-08T16:46:25Z",
        .offset = 0,
        .date_text = "Wed, 8 Mar 2017 16:46:25 -0000",
    },
    {
        /* No ';' before the date; fractional seconds; "(UTC)" is a comment. */
        .name = "sendgrid-no-semicolon",
        .value = "from MTU2NDU4ODE (unknown) by geopod-ismtpd-3 (SG) with HTTP id "
                 "1WQcEpDGTWOZLa89q1ZTRA Mon, 18 Sep 2023 13:30:14.490 +0000 (UTC)",
        .has_from = TRUE,
        .from_helo = "MTU2NDU4ODE",
        .has_by = TRUE,
        .by_host = "geopod-ismtpd-3",
        .with = "HTTP",
        .id = "1WQcEpDGTWOZLa89q1ZTRA",
        .date_utc = "2023-09-18T13:30:14Z",
        .offset = 0,
        .date_text = "Mon, 18 Sep 2023 13:30:14.490 +0000",
    },
    {
        .name = "sendgrid-go-timestamp",
        .value = "by filterdrecv-9c566959b-njbnd with SMTP id "
                 "filterdrecv-9c566959b-njbnd-1-650850E6-60\r\n        2023-09-18 "
                 "13:30:14.644090596 +0000 UTC m=+7747775.302840424",
        .has_by = TRUE,
        .by_host = "filterdrecv-9c566959b-njbnd",
        .with = "SMTP",
        .id = "filterdrecv-9c566959b-njbnd-1-650850E6-60",
        .date_utc = "2023-09-18T13:30:14Z",
        .offset = 0,
        .date_text = "2023-09-18 13:30:14.644090596 +0000 UTC m=+7747775.302840424",
    },
    {
        /* Mailgun's API hop: "<unknown>" is a placeholder, not a HELO, and "[]" no address. */
        .name = "mailgun-http-unknown",
        .value = "from <unknown> (<unknown> []) by 47a34c698db9 with HTTP id "
                 "64c287db8eae254b7ee92baf; Thu, 27 Jul 2023 15:06:03 GMT",
        .has_from = TRUE,
        .has_by = TRUE,
        .by_host = "47a34c698db9",
        .with = "HTTP",
        .id = "64c287db8eae254b7ee92baf",
        .date_utc = "2023-07-27T15:06:03Z",
        .offset = 0,
        .date_text = "Thu, 27 Jul 2023 15:06:03 GMT",
    },
    {
        .name = "mailgun-smtp-version-comment",
        .value = "by 4180d336a0af with SMTP id 67042f84e23a578696be1aec (version=TLS1.2, "
                 "cipher=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256); Mon, 07 Oct 2024 19:00:20 GMT",
        .has_by = TRUE,
        .by_host = "4180d336a0af",
        .with = "SMTP",
        .id = "67042f84e23a578696be1aec",
        .date_utc = "2024-10-07T19:00:20Z",
        .offset = 0,
        .date_text = "Mon, 07 Oct 2024 19:00:20 GMT",
    },
    {
        /* hMailServer puts the ';' on its own after the TLS comment. */
        .name = "hmailserver-lone-semicolon",
        .value = "from mail.example.com (Unknown [192.0.2.17]) by HMAIL with ESMTPS "
                 "(version=TLSv1.2 cipher=ECDHE-RSA-AES256-GCM-SHA384 bits=256)\r\n ;\r\n Mon, "
                 "18 Sep 2023 15:30:14 +0200",
        .has_from = TRUE,
        .from_helo = "mail.example.com",
        .from_ip = "192.0.2.17",
        .has_by = TRUE,
        .by_host = "HMAIL",
        .with = "ESMTPS",
        .date_utc = "2023-09-18T13:30:14Z",
        .offset = 120,
        .date_text = "Mon, 18 Sep 2023 15:30:14 +0200",
    },
    {
        .name = "communigate-esmtp-tls",
        .value = "from mail.example.com ([192.0.2.18]) by cgp.example.com (CommuniGate Pro SMTP "
                 "4.0.3) with ESMTP-TLS id 5026665 for user@example.com; Thu, 18 Sep 2003 "
                 "15:30:14 +0200",
        .has_from = TRUE,
        .from_helo = "mail.example.com",
        .from_ip = "192.0.2.18",
        .has_by = TRUE,
        .by_host = "cgp.example.com",
        .with = "ESMTP-TLS",
        .id = "5026665",
        .for_addr = "user@example.com",
        .date_utc = "2003-09-18T13:30:14Z",
        .offset = 120,
        .date_text = "Thu, 18 Sep 2003 15:30:14 +0200",
    },
    {
        /* ZMailer on vger quotes the greeting; the ';' in the ORCPT comment is no separator. */
        .name = "vger-quoted-ehlo-orcpt",
        .value = "from mail.example.com ([192.0.2.19]:4731 \"EHLO example.com\"\r\n        "
                 "rhost-flags-OK-OK-OK-FAIL) by vger.kernel.org with ESMTP\r\n        id "
                 "S1728627AbfHTBdL (ORCPT <rfc822;list@example.org>);\r\n        Mon, 19 Aug "
                 "2019 21:33:11 -0400",
        .has_from = TRUE,
        .from_helo = "example.com",
        .from_rdns = "mail.example.com",
        .from_ip = "192.0.2.19",
        .has_by = TRUE,
        .by_host = "vger.kernel.org",
        .with = "ESMTP",
        .id = "S1728627AbfHTBdL",
        .date_utc = "2019-08-20T01:33:11Z",
        .offset = -240,
        .date_text = "Mon, 19 Aug 2019 21:33:11 -0400",
    },
    {
        .name = "vger-listexpand-via",
        .value = "(majordomo@vger.kernel.org) by vger.kernel.org via listexpand id "
                 "S1728887AbfHTBdL (ORCPT <rfc822;list@example.org>); Mon, 19 Aug 2019 21:33:11 "
                 "-0400",
        .has_by = TRUE,
        .by_host = "vger.kernel.org",
        .id = "S1728887AbfHTBdL",
        .via = "listexpand",
        .date_utc = "2019-08-20T01:33:11Z",
        .offset = -240,
        .date_text = "Mon, 19 Aug 2019 21:33:11 -0400",
    },
    {
        .name = "fqdp-with-then-via",
        .value = "from mx03.example.net (mx03.example.net [192.0.2.174]) by pt02.example.net "
                 "([192.0.2.173]) with FQDP via TCP; 21 Aug 2016 10:49:40 -0000",
        .has_from = TRUE,
        .from_helo = "mx03.example.net",
        .from_rdns = "mx03.example.net",
        .from_ip = "192.0.2.174",
        .has_by = TRUE,
        .by_host = "pt02.example.net",
        .by_ip = "192.0.2.173",
        .with = "FQDP",
        .via = "TCP",
        .date_utc = "2016-08-21T10:49:40Z",
        .offset = 0,
        .date_text = "21 Aug 2016 10:49:40 -0000",
    },

    /* ---- Old and rare identity forms (found by tests/test-conformance) ---- */
    {
        /* smail and old Exim put the address in brackets after the name, outside a comment. */
        .name = "address-after-name-outside-comment",
        .value = "from relay.example.org [192.0.2.33] by mx.example.net with esmtp (Exim 3.35 "
                 "#1) id 1AbCdE-0001Xy-00; Mon, 13 Jan 2003 09:41:12 +1300",
        .has_from = TRUE,
        .from_helo = "relay.example.org",
        .from_ip = "192.0.2.33",
        .has_by = TRUE,
        .by_host = "mx.example.net",
        .with = "esmtp",
        .id = "1AbCdE-0001Xy-00",
        .date_utc = "2003-01-12T20:41:12Z",
        .offset = 780,
        .date_text = "Mon, 13 Jan 2003 09:41:12 +1300",
    },
    {
        /* The same after a qmail-style HELO comment: the first word is then the rDNS name. */
        .name = "address-after-ehlo-comment",
        .value = "from dsl-7.example.net (EHLO homepc) [198.51.100.64] by mail.example.com "
                 "(mx042) with SMTP; 11 Mar 2008 08:02:31 +0100",
        .has_from = TRUE,
        .from_helo = "homepc",
        .from_rdns = "dsl-7.example.net",
        .from_ip = "198.51.100.64",
        .has_by = TRUE,
        .by_host = "mail.example.com",
        .with = "SMTP",
        .date_utc = "2008-03-11T07:02:31Z",
        .offset = 60,
        .date_text = "11 Mar 2008 08:02:31 +0100",
    },
    {
        /* No space between the rDNS name and the address. */
        .name = "rdns-glued-to-address",
        .value = "from mail.example.org (host7.example.net[198.51.100.7]) by mx.example.com "
                 "(mx7) with SMTP id <20040517101500012345qwert>; Mon, 17 May 2004 10:15:00 "
                 "+0000",
        .has_from = TRUE,
        .from_helo = "mail.example.org",
        .from_rdns = "host7.example.net",
        .from_ip = "198.51.100.7",
        .has_by = TRUE,
        .by_host = "mx.example.com",
        .with = "SMTP",
        .id = "<20040517101500012345qwert>",
        .date_utc = "2004-05-17T10:15:00Z",
        .offset = 0,
        .date_text = "Mon, 17 May 2004 10:15:00 +0000",
    },
    {
        /* "unknown" and a name in angle brackets are placeholders, not rDNS names. */
        .name = "placeholder-glued-to-address",
        .value = "from mail.example.org (<unknown.domain>[198.51.100.9]) by mx.example.com "
                 "(mx7) with SMTP id <20040517101600012345asdfg>; Mon, 17 May 2004 10:16:00 "
                 "+0000",
        .has_from = TRUE,
        .from_helo = "mail.example.org",
        .from_ip = "198.51.100.9",
        .has_by = TRUE,
        .by_host = "mx.example.com",
        .with = "SMTP",
        .id = "<20040517101600012345asdfg>",
        .date_utc = "2004-05-17T10:16:00Z",
        .offset = 0,
        .date_text = "Mon, 17 May 2004 10:16:00 +0000",
    },
    {
        .name = "unknown-glued-to-address",
        .value = "from 192.0.2.3 (unknown[198.51.100.65]) by mx.example.com (Postfix) with SMTP "
                 "id 4C1D2E3F4A; Wed,  3 Dec 2003 06:05:04 -0500 (EST)",
        .has_from = TRUE,
        .from_helo = "192.0.2.3",
        .from_ip = "198.51.100.65",
        .has_by = TRUE,
        .by_host = "mx.example.com",
        .with = "SMTP",
        .id = "4C1D2E3F4A",
        .date_utc = "2003-12-03T11:05:04Z",
        .offset = -300,
        .date_text = "Wed, 3 Dec 2003 06:05:04 -0500",
    },
    {
        /* sendmail's ident user before the rDNS name. */
        .name = "sendmail-ident-before-rdns",
        .value = "from relay.example.org (IDENT:user@gw.example.net [192.0.2.45]) by "
                 "mx.example.com (8.12.9/8.12.9) with SMTP id h4QAbCd01234 for "
                 "<u@example.com>; Mon, 26 May 2003 14:20:00 +0100",
        .has_from = TRUE,
        .from_helo = "relay.example.org",
        .from_rdns = "gw.example.net",
        .from_ip = "192.0.2.45",
        .has_by = TRUE,
        .by_host = "mx.example.com",
        .with = "SMTP",
        .id = "h4QAbCd01234",
        .for_addr = "u@example.com",
        .date_utc = "2003-05-26T13:20:00Z",
        .offset = 60,
        .date_text = "Mon, 26 May 2003 14:20:00 +0100",
    },
    {
        /* sendmail's ident user before a bracketed address (no rDNS name). */
        .name = "sendmail-ident-before-address",
        .value = "from client7 (user@[192.0.2.115]) by mx.example.com (8.12.9/8.12.9) with SMTP "
                 "id h4QAbCd05678; Mon, 26 May 2003 14:25:00 +0100",
        .has_from = TRUE,
        .from_helo = "client7",
        .from_ip = "192.0.2.115",
        .has_by = TRUE,
        .by_host = "mx.example.com",
        .with = "SMTP",
        .id = "h4QAbCd05678",
        .date_utc = "2003-05-26T13:25:00Z",
        .offset = 60,
        .date_text = "Mon, 26 May 2003 14:25:00 +0100",
    },
    {
        /* qmail with SMTP AUTH: the user before the bare address, in a comment of its own. */
        .name = "qmail-auth-user-before-address",
        .value = "from unknown (HELO client.example.org) (user@192.0.2.70) (envelope-sender "
                 "<user@example.org>) by mail.example.net (qmail-ldap-1.03) with SMTP for "
                 "<u@example.com>; 7 Jul 2004 07:07:07 -0000",
        .has_from = TRUE,
        .from_helo = "client.example.org",
        .from_ip = "192.0.2.70",
        .has_by = TRUE,
        .by_host = "mail.example.net",
        .with = "SMTP",
        .for_addr = "u@example.com",
        .date_utc = "2004-07-07T07:07:07Z",
        .offset = 0,
        .date_text = "7 Jul 2004 07:07:07 -0000",
    },
    {
        /* A comment that is one host name is the rDNS name (LSMTP, Content Technologies). */
        .name = "rdns-alone-in-comment",
        .value = "from MAILHOST (mailhost.example.com) by gw.example.net (LSMTP for Windows NT "
                 "v1.1b) with SMTP id <33.00ABCDEF@gw.example.net>; Fri, 20 Oct 2006 16:45:10 "
                 "-0500",
        .has_from = TRUE,
        .from_helo = "MAILHOST",
        .from_rdns = "mailhost.example.com",
        .has_by = TRUE,
        .by_host = "gw.example.net",
        .with = "SMTP",
        .id = "<33.00ABCDEF@gw.example.net>",
        .date_utc = "2006-10-20T21:45:10Z",
        .offset = -300,
        .date_text = "Fri, 20 Oct 2006 16:45:10 -0500",
    },
    {
        /* ... but a product version or a word without a top-level domain is not. */
        .name = "version-alone-in-comment-is-no-rdns",
        .value = "from relay.example.org (v1.2) (mail) by gw.example.net with SMTP; Fri, 20 "
                 "Oct 2006 16:45:10 -0500",
        .has_from = TRUE,
        .from_helo = "relay.example.org",
        .has_by = TRUE,
        .by_host = "gw.example.net",
        .with = "SMTP",
        .date_utc = "2006-10-20T21:45:10Z",
        .offset = -300,
        .date_text = "Fri, 20 Oct 2006 16:45:10 -0500",
    },
    {
        /* MDaemon brackets a parenthesised address. */
        .name = "mdaemon-parenthesised-address",
        .value = "from smtp.example.org [(192.0.2.21)] by mail.example.net (192.0.2.24) (MDaemon "
                 "PRO v20.0.1)  with ESMTP id md50000012345.msg; Thu, 2 Apr 2020 15:30:45 +0200",
        .has_from = TRUE,
        .from_helo = "smtp.example.org",
        .from_ip = "192.0.2.21",
        .has_by = TRUE,
        .by_host = "mail.example.net",
        .by_ip = "192.0.2.24",
        .with = "ESMTP",
        .id = "md50000012345.msg",
        .date_utc = "2020-04-02T13:30:45Z",
        .offset = 120,
        .date_text = "Thu, 2 Apr 2020 15:30:45 +0200",
    },
    {
        /* TIS smap: a comma-separated comment glued to the name, "via" before "id". */
        .name = "smap-comma-list",
        .value = "from relay.example.org(192.0.2.51, HELO mail.example.org) by gw.example.net "
                 "via smap (V1.3) id xma012345; Wed, 3 Mar 2004 09:10:11 -0800",
        .has_from = TRUE,
        .from_helo = "mail.example.org",
        .from_rdns = "relay.example.org",
        .from_ip = "192.0.2.51",
        .has_by = TRUE,
        .by_host = "gw.example.net",
        .id = "xma012345",
        .via = "smap",
        .date_utc = "2004-03-03T17:10:11Z",
        .offset = -480,
        .date_text = "Wed, 3 Mar 2004 09:10:11 -0800",
    },
    {
        /* TIS Gauntlet: a comma after the by host, an asctime date without zone. */
        .name = "gauntlet-comma-after-by-host",
        .value = "from relay.example.org(192.0.2.54) via SMTP by gw.example.net, id "
                 "smtpdAAAa1b2c3; Thu Dec  1 08:09:10 2005",
        .has_from = TRUE,
        .from_helo = "relay.example.org",
        .from_ip = "192.0.2.54",
        .has_by = TRUE,
        .by_host = "gw.example.net",
        .id = "smtpdAAAa1b2c3",
        .via = "SMTP",
        .date_utc = "2005-12-01T08:09:10Z",
        .offset = 0,
        .date_text = "Thu Dec 1 08:09:10 2005",
    },
    {
        /* GMX's old Nemesis: a lone comma between the with and the id clause. */
        .name = "nemesis-lone-comma",
        .value = "from [192.0.2.145] (helo=mail.example.org) by mx.example.net with ESMTP "
                 "(Nemesis), id 0ABcdE-1FgHiJ-000123; Mon, 7 Feb 2005 11:22:33 +0100",
        .has_from = TRUE,
        .from_helo = "mail.example.org",
        .from_ip = "192.0.2.145",
        .has_by = TRUE,
        .by_host = "mx.example.net",
        .with = "ESMTP",
        .id = "0ABcdE-1FgHiJ-000123",
        .date_utc = "2005-02-07T10:22:33Z",
        .offset = 60,
        .date_text = "Mon, 7 Feb 2005 11:22:33 +0100",
    },
    {
        /* LMTP's greeting, LHLO, in a qmail-style comment. */
        .name = "lhlo-comment",
        .value = "from backend.example.com (LHLO backend.example.com) (192.0.2.20) by "
                 "store.example.com with LMTP; Wed, 9 Sep 2015 09:09:09 -0700 (PDT)",
        .has_from = TRUE,
        .from_helo = "backend.example.com",
        .from_rdns = "backend.example.com",
        .from_ip = "192.0.2.20",
        .has_by = TRUE,
        .by_host = "store.example.com",
        .with = "LMTP",
        .date_utc = "2015-09-09T16:09:09Z",
        .offset = -420,
        .date_text = "Wed, 9 Sep 2015 09:09:09 -0700",
    },
    {
        /* Jetsend: date(1)'s format, the zone name before the year. */
        .name = "date1-zone-before-year",
        .value = "from mailer.example.org ([192.0.2.77] helo=example.org) by mailer-7 "
                 "(envelope-from bounce@example.org) Jetsend MTA 0.0.1 with ESMTP; Tue Jun 25 "
                 "08:30:00 EDT 2019",
        .has_from = TRUE,
        .from_helo = "example.org",
        .from_rdns = "mailer.example.org",
        .from_ip = "192.0.2.77",
        .has_by = TRUE,
        .by_host = "mailer-7",
        .by_extra = "Jetsend MTA 0.0.1",
        .with = "ESMTP",
        .date_utc = "2019-06-25T12:30:00Z",
        .offset = -240,
        .date_text = "Tue Jun 25 08:30:00 EDT 2019",
    },
    {
        /* Stray punctuation between the ';' and the date. */
        .name = "punctuation-before-date",
        .value = "from store.example.org ([unix socket]) by store.example.org (Cyrus v2.3.16) "
                 "with LMTPA;_ Fri, 4 Dec 2009 17:00:01 +0100",
        .has_from = TRUE,
        .from_helo = "store.example.org",
        .has_by = TRUE,
        .by_host = "store.example.org",
        .with = "LMTPA",
        .date_utc = "2009-12-04T16:00:01Z",
        .offset = 60,
        .date_text = "_ Fri, 4 Dec 2009 17:00:01 +0100",
    },

    /* ---- Damaged and hostile lines ---- */
    {
        /* qmail left the by host out (mimekit-exchangelabs-p256-mapi-assp-qmail.eml hop 4):
         * "with" is a keyword, not a host named "with". */
        .name = "qmail-by-without-host",
        .value = "from unknown (HELO relay.example.net) (192.0.2.35) by with SMTP; 15 Nov 2017 "
                 "14:16:18 -0000",
        .has_from = TRUE,
        .from_helo = "relay.example.net",
        .from_ip = "192.0.2.35",
        .has_by = TRUE,
        .with = "SMTP",
        .date_utc = "2017-11-15T14:16:18Z",
        .offset = 0,
        .date_text = "15 Nov 2017 14:16:18 -0000",
    },
    {
        .name = "from-without-host",
        .value = "from by mx.example.com with ESMTP id 4AB1; Mon, 6 Jan 2025 10:00:00 +0000",
        .has_from = TRUE,
        .has_by = TRUE,
        .by_host = "mx.example.com",
        .with = "ESMTP",
        .id = "4AB1",
        .date_utc = "2025-01-06T10:00:00Z",
        .offset = 0,
        .date_text = "Mon, 6 Jan 2025 10:00:00 +0000",
    },
    {
        .name = "with-without-protocol",
        .value = "from a.example.org (a.example.org [192.0.2.1]) by mx.example.com with id 12 "
                 "for <user@example.com>; Mon, 6 Jan 2025 10:00:00 +0000",
        .has_from = TRUE,
        .from_helo = "a.example.org",
        .from_rdns = "a.example.org",
        .from_ip = "192.0.2.1",
        .has_by = TRUE,
        .by_host = "mx.example.com",
        .id = "12",
        .for_addr = "user@example.com",
        .date_utc = "2025-01-06T10:00:00Z",
        .offset = 0,
        .date_text = "Mon, 6 Jan 2025 10:00:00 +0000",
    },
    {
        .name = "nested-comments",
        .value = "from x.example.com (y.example.com [192.0.2.1] (nested (deeper) text)) by "
                 "mx.example.net (note (nested)) with ESMTP id 123; Mon, 18 Sep 2023 13:30:14 "
                 "+0000",
        .has_from = TRUE,
        .from_helo = "x.example.com",
        .from_rdns = "y.example.com",
        .from_ip = "192.0.2.1",
        .has_by = TRUE,
        .by_host = "mx.example.net",
        .with = "ESMTP",
        .id = "123",
        .date_utc = "2023-09-18T13:30:14Z",
        .offset = 0,
        .date_text = "Mon, 18 Sep 2023 13:30:14 +0000",
    },
    {
        /* A '(' that nothing closes must not swallow the by clause and the date. */
        .name = "unbalanced-open-parenthesis",
        .value = "from x.example.com (y.example.com [192.0.2.1] by mx.example.net with ESMTP id "
                 "123; Mon, 18 Sep 2023 13:30:14 +0000",
        .has_from = TRUE,
        .from_helo = "x.example.com",
        /* With the '(' skipped, "[192.0.2.1]" is a bracketed address among the from words,
         * read as in "from host.example.com [192.0.2.1] by ...". */
        .from_ip = "192.0.2.1",
        .has_by = TRUE,
        .by_host = "mx.example.net",
        .with = "ESMTP",
        .id = "123",
        .date_utc = "2023-09-18T13:30:14Z",
        .offset = 0,
        .date_text = "Mon, 18 Sep 2023 13:30:14 +0000",
        .problems = "unbalanced parentheses",
    },
    {
        .name = "unbalanced-close-parenthesis",
        .value = "from x.example.com (y.example.com [192.0.2.1])) by mx.example.net with ESMTP "
                 "id 123; Mon, 18 Sep 2023 13:30:14 +0000",
        .has_from = TRUE,
        .from_helo = "x.example.com",
        .from_rdns = "y.example.com",
        .from_ip = "192.0.2.1",
        .has_by = TRUE,
        .by_host = "mx.example.net",
        .with = "ESMTP",
        .id = "123",
        .date_utc = "2023-09-18T13:30:14Z",
        .offset = 0,
        .date_text = "Mon, 18 Sep 2023 13:30:14 +0000",
        .problems = "unbalanced parentheses",
    },
    {
        /* A comment between "by" and "with" ends the wait for the by host: "with" stays a
         * keyword. */
        .name = "malformed-by-without-host",
        .value = "from [192.0.2.5] (account user@example.net HELO host.example.net) by "
                 "(Postfix) with esmtpa (Exim 4.86) id 4CA80EAC911C for user@example.org; Tue, "
                 "24 May 2016 13:09:41 +0100",
        .has_from = TRUE,
        .from_helo = "host.example.net",
        .from_ip = "192.0.2.5",
        .has_by = TRUE,
        .with = "esmtpa",
        .id = "4CA80EAC911C",
        .for_addr = "user@example.org",
        .date_utc = "2016-05-24T12:09:41Z",
        .offset = 60,
        .date_text = "Tue, 24 May 2016 13:09:41 +0100",
    },
    {
        .name = "date-unreadable",
        .value = "from a.example.com (a.example.com [192.0.2.2]) by b.example.com with ESMTP id "
                 "9; Sat, 31 Feb 2024 10:00:00 +0000",
        .has_from = TRUE,
        .from_helo = "a.example.com",
        .from_rdns = "a.example.com",
        .from_ip = "192.0.2.2",
        .has_by = TRUE,
        .by_host = "b.example.com",
        .with = "ESMTP",
        .id = "9",
        .date_text = "Sat, 31 Feb 2024 10:00:00 +0000",
        .problems = "the date could not be read",
    },
    {
        .name = "empty-value",
        .value = "",
        .unparsed = TRUE,
        .problems = "the line carries no date; neither a from nor a by clause was found",
    },
    {
        .name = "only-white-space",
        .value = " \r\n\t ",
        .unparsed = TRUE,
        .problems = "the line carries no date; neither a from nor a by clause was found",
    },
    {
        .name = "garbage",
        .value = "garbage !!! ### [[[ <<< \"\"\" ))) ;;;",
        .unparsed = TRUE,
        .problems = "the line carries no date; unbalanced parentheses; neither a from nor a by "
                    "clause was found",
    },
};

static gchar *
format_utc (gint64 utc)
{
    g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (utc);
    if (dt == NULL)
        return g_strdup ("(unrepresentable)");
    return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

static void
compare_string (GString *errors, const char *row, const char *field, const char *expected,
                const char *actual)
{
    if (g_strcmp0 (expected, actual) != 0)
        g_string_append_printf (errors, "  %s: %s is %s%s%s, expected %s%s%s\n", row, field,
                                actual ? "\"" : "", actual ? actual : "NULL", actual ? "\"" : "",
                                expected ? "\"" : "", expected ? expected : "NULL",
                                expected ? "\"" : "");
}

static void
compare_bool (GString *errors, const char *row, const char *field, gboolean expected,
              gboolean actual)
{
    if (!expected != !actual)
        g_string_append_printf (errors, "  %s: %s is %s, expected %s\n", row, field,
                                actual ? "TRUE" : "FALSE", expected ? "TRUE" : "FALSE");
}

/* Reports every mismatch of a table, one line each (cmocka truncates one long message), then
 * fails the test. */
static void
fail_on_errors (GString *errors, gsize rows)
{
    if (errors->len == 0)
        return;
    g_auto (GStrv) lines = g_strsplit (errors->str, "\n", -1);
    guint count = 0;
    for (guint i = 0; lines[i]; i++) {
        if (*lines[i] == '\0')
            continue;
        print_error ("%s\n", lines[i]);
        count++;
    }
    fail_msg ("%u mismatches in a table of %zu rows", count, rows);
}

static gchar *
join_problems (const HtReceived *r)
{
    if (r->n_problems == 0)
        return NULL;
    GString *s = g_string_new (NULL);
    for (guint i = 0; i < r->n_problems; i++) {
        if (i > 0)
            g_string_append (s, "; ");
        g_string_append (s, r->problems[i]);
    }
    return g_string_free (s, FALSE);
}

static void
check_case (GString *errors, gsize i, const HtReceived *r)
{
    const char *row = cases[i].name;
    compare_bool (errors, row, "has_from", cases[i].has_from, r->has_from);
    if (cases[i].from_word)
        compare_string (errors, row, "from_word", cases[i].from_word, r->from_word);
    compare_string (errors, row, "from_helo", cases[i].from_helo, r->from_helo);
    compare_string (errors, row, "from_rdns", cases[i].from_rdns, r->from_rdns);
    compare_string (errors, row, "from_ip", cases[i].from_ip, r->from_ip);
    compare_bool (errors, row, "has_by", cases[i].has_by, r->has_by);
    compare_string (errors, row, "by_host", cases[i].by_host, r->by_host);
    compare_string (errors, row, "by_ip", cases[i].by_ip, r->by_ip);
    compare_string (errors, row, "by_extra", cases[i].by_extra, r->by_extra);
    compare_string (errors, row, "with", cases[i].with, r->with);
    compare_string (errors, row, "id", cases[i].id, r->id);
    compare_string (errors, row, "for", cases[i].for_addr, r->for_addr);
    compare_string (errors, row, "via", cases[i].via, r->via);
    compare_string (errors, row, "tls_clause", cases[i].tls_clause, r->tls_clause);
    compare_string (errors, row, "date_text", cases[i].date_text, r->date_text);
    compare_bool (errors, row, "date_valid", cases[i].date_utc != NULL, r->date_valid);
    if (cases[i].date_utc != NULL && r->date_valid) {
        g_autofree gchar *utc = format_utc (r->date_utc);
        compare_string (errors, row, "date_utc", cases[i].date_utc, utc);
        if (cases[i].offset != r->date_offset)
            g_string_append_printf (errors, "  %s: date_offset is %d, expected %d\n", row,
                                    r->date_offset, cases[i].offset);
    }
    compare_bool (errors, row, "unparsed", cases[i].unparsed, ht_received_is_unparsed (r));
    g_autofree gchar *problems = join_problems (r);
    compare_string (errors, row, "problems", cases[i].problems, problems);
}

static void
test_forms (void **state)
{
    (void) state;
    g_autoptr (GString) errors = g_string_new (NULL);
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr (HtReceived) r = ht_received_parse (cases[i].value);
        assert_non_null (r);
        check_case (errors, i, r);
    }
    fail_on_errors (errors, G_N_ELEMENTS (cases));
}

/* The same rows parsed one after the other into one arena, as a message's lines are: a
 * small first chunk makes the arena grow many times on the way, and every line must still
 * read as it does alone once all are parsed. */
static void
test_forms_in_one_arena (void **state)
{
    (void) state;
    g_autoptr (GString) errors = g_string_new (NULL);
    HtArena arena;
    ht_arena_init (&arena, 64);
    HtReceived *parsed[G_N_ELEMENTS (cases)];
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
        parsed[i] = ht_received_parse_in (&arena, cases[i].value);
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        check_case (errors, i, parsed[i]);
        ht_received_free (parsed[i]); /* does nothing: the arena owns the line */
    }
    ht_arena_clear (&arena);
    fail_on_errors (errors, G_N_ELEMENTS (cases));
}

/* ---- ht_received_parse_date ---- */

static const struct {
    const char *name;
    const char *text;
    const char *utc; /* NULL: must be refused */
    gint offset;
} dates[] = {
    {"rfc5322", "Tue, 20 Aug 2019 09:32:56 +0800", "2019-08-20T01:32:56Z", 480},
    {"rfc5322-negative-zone", "Mon, 5 Dec 2011 16:49:35 -0800", "2011-12-06T00:49:35Z", -480},
    {"rfc5322-minus-zero", "Wed, 8 Mar 2017 16:46:25 -0000", "2017-03-08T16:46:25Z", 0},
    {"double-space-day", "Wed,  8 Mar 2017 16:46:12 +0000", "2017-03-08T16:46:12Z", 0},
    {"no-weekday-qmail", "22 Aug 2016 09:22:13 -0000", "2016-08-22T09:22:13Z", 0},
    {"no-weekday-ironport", "26 May 2025 13:44:26 +0200", "2025-05-26T11:44:26Z", 120},
    {"weekday-no-comma", "Tue 20 Aug 2019 09:32:56 +0800", "2019-08-20T01:32:56Z", 480},
    {"full-weekday-and-month", "Tuesday, 20 August 2019 09:32:56 +0800", "2019-08-20T01:32:56Z",
     480},
    {"sept", "Mon, 18 Sept 2023 13:30:14 +0000", "2023-09-18T13:30:14Z", 0},
    {"two-digit-year-2000s", "Thu, 07 Sep 23 14:07:33 +0200", "2023-09-07T12:07:33Z", 120},
    {"two-digit-year-1900s", "Tue, 07 Sep 99 14:07:33 +0200", "1999-09-07T12:07:33Z", 120},
    {"no-seconds", "Tue, 20 Aug 2019 09:32 +0800", "2019-08-20T01:32:00Z", 480},
    {"single-digit-hour", "Tue, 20 Aug 2019 9:32:56 +0800", "2019-08-20T01:32:56Z", 480},
    {"zone-with-colon", "Tue, 20 Aug 2019 09:32:56 +02:00", "2019-08-20T07:32:56Z", 120},
    {"no-zone-is-utc", "Tue, 20 Aug 2019 09:32:56", "2019-08-20T09:32:56Z", 0},
    {"named-zone-gmt", "Thu, 27 Jul 2023 15:06:03 GMT", "2023-07-27T15:06:03Z", 0},
    {"named-zone-ut", "Thu, 27 Jul 2023 15:06:03 UT", "2023-07-27T15:06:03Z", 0},
    {"named-zone-z", "Thu, 27 Jul 2023 15:06:03 Z", "2023-07-27T15:06:03Z", 0},
    {"named-zone-pst", "Mon, 5 Dec 2011 16:49:35 PST", "2011-12-06T00:49:35Z", -480},
    {"named-zone-edt", "Mon, 5 Sep 2011 16:49:35 EDT", "2011-09-05T20:49:35Z", -240},
    {"named-zone-cdt-lower", "Mon, 5 Sep 2011 16:49:35 cdt", "2011-09-05T21:49:35Z", -300},
    {"pdt-comment-leftover", "Mon, 01 Oct 2018 07:01:38 -0700 (PDT)", "2018-10-01T14:01:38Z", -420},
    {"unclosed-comment-leftover", "Mon, 01 Oct 2018 07:01:38 -0700 (PDT", "2018-10-01T14:01:38Z",
     -420},
    {"multi-word-comment-leftover", "Mon, 1 Jan 2024 00:00:00 +0000 (Coordinated Universal Time)",
     "2024-01-01T00:00:00Z", 0},
    {"numeric-zone-then-name", "Tue, 20 Aug 2019 09:32:56 +0200 CEST", "2019-08-20T07:32:56Z", 120},
    {"fractional-seconds", "Mon, 18 Sep 2023 13:30:14.490 +0000", "2023-09-18T13:30:14Z", 0},
    {"fractional-seconds-utc-comment", "Mon, 18 Sep 2023 13:30:14.490 +0000 (UTC)",
     "2023-09-18T13:30:14Z", 0},
    {"leap-second", "Mon, 31 Dec 2018 23:59:60 +0000", "2018-12-31T23:59:59Z", 0},
    {"go-timestamp", "2023-07-28 19:32:25.928333532 +0000 UTC m=+6810983.819096959",
     "2023-07-28T19:32:25Z", 0},
    {"go-timestamp-no-monotonic", "2023-09-18 13:30:14.644090596 +0000 UTC", "2023-09-18T13:30:14Z",
     0},
    {"go-timestamp-cest", "2023-07-28 21:32:25.9 +0200 CEST m=+1.5", "2023-07-28T19:32:25Z", 120},
    {"go-timestamp-unnamed-zone", "2023-07-28 16:32:25.9 -0300 -03 m=+1.5", "2023-07-28T19:32:25Z",
     -180},
    {"asctime", "Mon Jan  6 10:00:00 2025", "2025-01-06T10:00:00Z", 0},
    {"asctime-single-space", "Mon Jan 6 10:00:00 2025", "2025-01-06T10:00:00Z", 0},
    {"asctime-zone-after-year", "Mon Mar 03 09:15:00 2003 -0800", "2003-03-03T17:15:00Z", -480},
    {"date1-zone-before-year", "Tue Jun 25 08:30:00 EDT 2019", "2019-06-25T12:30:00Z", -240},
    {"date1-numeric-zone-before-year", "Tue Jun 25 08:30:00 +0200 2019", "2019-06-25T06:30:00Z",
     120},
    {"punctuation-before-date", "_ Fri, 4 Dec 2009 17:00:01 +0100", "2009-12-04T16:00:01Z", 60},
    {"epoch", "Thu, 1 Jan 1970 00:00:00 +0000", "1970-01-01T00:00:00Z", 0},

    {"31-february", "Sat, 31 Feb 2024 10:00:00 +0000", NULL, 0},
    {"29-february-not-leap", "Thu, 29 Feb 2023 10:00:00 +0000", NULL, 0},
    {"day-zero", "0 Aug 2019 09:32:56 +0800", NULL, 0},
    {"day-32", "32 Aug 2019 09:32:56 +0800", NULL, 0},
    {"hour-25", "Sat, 30 Jan 2024 25:00:00 +0000", NULL, 0},
    {"minute-60", "Tue, 20 Aug 2019 09:60:56 +0800", NULL, 0},
    {"second-61", "Tue, 20 Aug 2019 09:32:61 +0800", NULL, 0},
    {"year-1969", "Thu, 1 Jan 1969 00:00:00 +0000", NULL, 0},
    {"utc-before-1970", "Thu, 1 Jan 1970 00:30:00 +0100", NULL, 0},
    {"utc-after-9999", "Fri, 31 Dec 9999 23:59:59 -1000", NULL, 0},
    {"two-digit-year-1950s", "Tue, 07 Sep 55 14:07:33 +0200", NULL, 0},
    {"zone-out-of-range", "Tue, 20 Aug 2019 09:32:56 +2400", NULL, 0},
    {"zone-minutes-out-of-range", "Tue, 20 Aug 2019 09:32:56 +0160", NULL, 0},
    {"ambiguous-zone-name-alone", "Tue, 20 Aug 2019 09:32:56 IST", NULL, 0},
    {"military-zone", "Tue, 20 Aug 2019 09:32:56 A", NULL, 0},
    {"trailing-junk", "Tue, 20 Aug 2019 09:32:56 +0800 junk", NULL, 0},
    {"text-after-comment", "Mon, 1 Jan 2024 00:00:00 +0000 (UTC) x", NULL, 0},
    {"unknown-month", "20 Foo 2019 09:32:56 +0800", NULL, 0},
    {"month-prefix-only", "Tue, 20 Junk 2019 09:32:56 +0800", NULL, 0},
    {"go-timestamp-bad-day", "2023-07-2x 10:00:00 +0000", NULL, 0},
    {"go-timestamp-30-february", "2023-02-30 10:00:00 +0000 UTC", NULL, 0},
    {"iso-t-separator", "2023-07-28T19:32:25Z", NULL, 0},
    {"garbage", "garbage", NULL, 0},
    {"empty", "", NULL, 0},
    {"only-a-comment", "(PDT)", NULL, 0},
    {"time-only", "09:32:56 +0800", NULL, 0},
    {"date1-unknown-zone-before-year", "Tue Jun 25 08:30:00 CEST 2019", NULL, 0},
    {"date1-zone-without-year", "Tue Jun 25 08:30:00 EDT", NULL, 0},
    {"punctuation-only", "_ -- ..", NULL, 0},
};

static void
test_parse_date (void **state)
{
    (void) state;
    g_autoptr (GString) errors = g_string_new (NULL);
    for (gsize i = 0; i < G_N_ELEMENTS (dates); i++) {
        gint64 utc = -1;
        gint offset = 12345;
        gboolean ok = ht_received_parse_date (dates[i].text, &utc, &offset);
        if (dates[i].utc == NULL) {
            if (ok) {
                g_autofree gchar *got = format_utc (utc);
                g_string_append_printf (errors, "  %s: \"%s\" was read as %s, expected refusal\n",
                                        dates[i].name, dates[i].text, got);
            }
            continue;
        }
        if (!ok) {
            g_string_append_printf (errors, "  %s: \"%s\" was refused, expected %s\n",
                                    dates[i].name, dates[i].text, dates[i].utc);
            continue;
        }
        g_autofree gchar *got = format_utc (utc);
        compare_string (errors, dates[i].name, "utc", dates[i].utc, got);
        if (offset != dates[i].offset)
            g_string_append_printf (errors, "  %s: offset is %d, expected %d\n", dates[i].name,
                                    offset, dates[i].offset);
    }
    /* NULL text is refused, not a crash. */
    gint64 utc;
    gint offset;
    if (ht_received_parse_date (NULL, &utc, &offset))
        g_string_append (errors, "  NULL text was accepted\n");
    fail_on_errors (errors, G_N_ELEMENTS (dates));
}

/* ---- ht_received_ip_from_literal ---- */

static const struct {
    const char *literal;
    const char *ip;
} literals[] = {
    {"[192.0.2.1]", "192.0.2.1"},
    {"192.0.2.1", "192.0.2.1"},
    {"[IPv6:2001:db8::1]", "2001:db8::1"},
    {"IPv6:2001:db8::1", "2001:db8::1"},
    {"[2001:db8::1]", "2001:db8::1"},
    {"2001:db8::1", "2001:db8::1"},
    {"[192.0.2.1]:4731", "192.0.2.1"},
    {"192.0.2.1:25", "192.0.2.1"},
    {"[192.0.2.76:46764]", "192.0.2.76"},
    {"[(192.0.2.21)]", "192.0.2.21"},
    {"[2001:db8::1]:45321", "2001:db8::1"},
    {"[::ffff:192.0.2.46]", "::ffff:192.0.2.46"},
    {"::1", "::1"},
    {"fe80::1%9", "fe80::1%9"},
    {"[fe80::1c2d:3e4f:5a6b:7c8d%9]", "fe80::1c2d:3e4f:5a6b:7c8d%9"},
    {" [192.0.2.1] ", "192.0.2.1"},
    {"[]", NULL},
    {"[192.0.2.1", NULL},
    {"example.com", NULL},
    {"unknown", NULL},
    {"192.0.2.256", NULL},
    {"192.0.2", NULL},
    {"[example.com]", NULL},
    {"", NULL},
    {NULL, NULL},
};

static void
test_ip_from_literal (void **state)
{
    (void) state;
    g_autoptr (GString) errors = g_string_new (NULL);
    for (gsize i = 0; i < G_N_ELEMENTS (literals); i++) {
        g_autofree gchar *ip = ht_received_ip_from_literal (literals[i].literal);
        compare_string (errors, literals[i].literal ? literals[i].literal : "NULL", "ip",
                        literals[i].ip, ip);
    }
    fail_on_errors (errors, G_N_ELEMENTS (literals));
}

/* ---- ht_received_unfold ---- */

static const struct {
    const char *value;
    const char *unfolded;
} folds[] = {
    {"from a\r\n\tby b", "from a by b"},
    {"from a\n by b", "from a by b"},
    {"  from   a  ", "from a"},
    {"\r\n", ""},
    {"", ""},
    {"a\t\tb", "a b"},
};

static void
test_unfold (void **state)
{
    (void) state;
    for (gsize i = 0; i < G_N_ELEMENTS (folds); i++) {
        g_autofree gchar *unfolded = ht_received_unfold (folds[i].value);
        if (g_strcmp0 (unfolded, folds[i].unfolded) != 0)
            fail_msg ("row %zu: \"%s\", expected \"%s\"", i, unfolded, folds[i].unfolded);
    }
}

/* ---- Huge and hostile values: linear time, no crash ---- */

#define HUGE_LENGTH (200 * 1024)

static gchar *
repeat_to (const char *prefix, const char *unit, const char *suffix, gsize length)
{
    GString *s = g_string_new (prefix);
    while (s->len < length)
        g_string_append (s, unit);
    g_string_append (s, suffix);
    return g_string_free (s, FALSE);
}

static gdouble
seconds_to_parse (const char *value)
{
    gint64 start = g_get_monotonic_time ();
    g_autoptr (HtReceived) r = ht_received_parse (value);
    assert_non_null (r);
    return (g_get_monotonic_time () - start) / 1e6;
}

static void
test_huge_value (void **state)
{
    (void) state;
    /* A 200 KB comment inside an otherwise ordinary line: every clause is still found. */
    g_autofree gchar *value = repeat_to (
        "from a.example.com (a.example.com [192.0.2.1]) (", "padding words ",
        ") by b.example.com with ESMTPS id 1; Mon, 1 Jan 2024 00:00:00 +0000", HUGE_LENGTH);
    g_autoptr (HtReceived) r = ht_received_parse (value);
    assert_true (strlen (value) > HUGE_LENGTH);
    assert_string_equal (r->from_helo, "a.example.com");
    assert_string_equal (r->from_ip, "192.0.2.1");
    assert_string_equal (r->by_host, "b.example.com");
    assert_string_equal (r->with, "ESMTPS");
    assert_true (r->date_valid);
    assert_int_equal (r->date_utc, 1704067200);

    /* 200 KB of one word and of many words, after the date too. */
    g_autofree gchar *word =
        repeat_to ("by ", "x", "; Mon, 1 Jan 2024 00:00:00 +0000", HUGE_LENGTH);
    g_autoptr (HtReceived) w = ht_received_parse (word);
    assert_int_equal (strlen (w->by_host), HUGE_LENGTH - strlen ("by "));
    assert_true (w->date_valid);
    g_autofree gchar *tail =
        repeat_to ("by b.example.com; Mon, 1 Jan 2024 00:00:00 +0000", " x", "", HUGE_LENGTH);
    g_autoptr (HtReceived) t = ht_received_parse (tail);
    assert_string_equal (t->by_host, "b.example.com");
    assert_true (t->date_valid);
}

static void
test_hostile_values_are_linear (void **state)
{
    (void) state;
    /* Each unit repeated to 2 MB. A parser that rescans the rest of the value per character
     * takes minutes here; a linear one well under a second, sanitizers included. */
    static const char *const units[] = {
        "[",
        "<",
        "\"",
        "(",
        ")",
        "((",
        "(a",
        "\\",
        ";",
        "from ",
        "by x ",
        "with ",
        "tls ",
        "x=",
        "[1 ",
        "(TLS: ",
        "(using cipher ",
        "(a:b) ",
        "HELO ",
    };
    for (gsize i = 0; i < G_N_ELEMENTS (units); i++) {
        g_autofree gchar *value = repeat_to ("from a ", units[i], "", 10 * HUGE_LENGTH);
        gdouble seconds = seconds_to_parse (value);
        if (seconds > 5.0)
            fail_msg ("a 2 MB value of \"%s\" took %.1f s to parse", units[i], seconds);
    }
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_forms),
        cmocka_unit_test (test_forms_in_one_arena),
        cmocka_unit_test (test_parse_date),
        cmocka_unit_test (test_ip_from_literal),
        cmocka_unit_test (test_unfold),
        cmocka_unit_test (test_huge_value),
        cmocka_unit_test (test_hostile_values_are_linear),
    };
    return cmocka_run_group_tests_name ("received", tests, NULL, NULL);
}
