/* test-tls.c - Unit tests for ht-tls: the TLS verdict of one row per real-world Received form.
 *
 * Lines are written for this test in the shape of the forms in received-tls-formats.md, with
 * documentation addresses and names (product host names kept where they identify the product).
 * A field left out of a row is expected to be NULL, FALSE, UNKNOWN or NONE; `bits` 0 means
 * "not recorded" (HtTls.bits is -1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <glib.h>
#include <string.h>

#include "ht-received.h"
#include "ht-tls.h"

#define YES HT_TLS_USED_YES
#define NO HT_TLS_USED_NO
#define UNKNOWN HT_TLS_USED_UNKNOWN

#define SSL3 HT_TLS_VERSION_SSL3
#define TLS10 HT_TLS_VERSION_1_0
#define TLS11 HT_TLS_VERSION_1_1
#define TLS12 HT_TLS_VERSION_1_2
#define TLS13 HT_TLS_VERSION_1_3
#define AMBIGUOUS HT_TLS_VERSION_AMBIGUOUS

static const struct {
    const char *name;
    const char *value;
    HtTlsUsed used;
    HtTlsVersion version;
    gboolean inferred;
    const char *version_text;
    const char *cipher;
    gint bits;
    const char *client_certificate;
    const char *evidence;
} cases[] = {
    /* ---- Microsoft Exchange on-premises and Exchange Online ---- */
    {
        .name = "exchange-2010-tls-only",
        .value = "from EXCH01.corp.example.com (192.0.2.10) by MAIL01.corp.example.com "
                 "(192.0.2.11) with Microsoft SMTP Server (TLS) id 14.3.498.0; Sun, 2 Jun 2024 "
                 "10:46:10 +0200",
        .used = YES,
        .evidence = "(TLS)",
    },
    {
        /* Exchange writes "(TLS)" whenever TLS was used: its absence proves plaintext. */
        .name = "exchange-2010-plain",
        .value = "from User (198.51.100.23) by owa.example.org (192.0.2.47) with Microsoft SMTP "
                 "Server id 14.3.294.0; Mon, 11 Sep 2023 16:30:33 +0300",
        .used = NO,
        .evidence = "with Microsoft SMTP Server",
    },
    {
        .name = "exchange-2007-plain",
        .value = "from EX2007.example.com (192.0.2.5) by hub.example.com (192.0.2.6) with "
                 "Microsoft SMTP Server id 8.3.485.1; Thu, 12 Mar 2015 11:02:03 -0500",
        .used = NO,
        .evidence = "with Microsoft SMTP Server",
    },
    {
        .name = "exchange-2007-tls-only",
        .value = "from EX2007.example.com (192.0.2.5) by hub.example.com (192.0.2.6) with "
                 "Microsoft SMTP Server (TLS) id 8.2.213.0; Thu, 12 Mar 2009 11:02:03 -0500",
        .used = YES,
        .evidence = "(TLS)",
    },
    {
        .name = "exchange-2013-tls-only-frontend",
        .value = "from MBX01.example.org (192.0.2.170) by MBX02.example.org (192.0.2.169) with "
                 "Microsoft SMTP Server (TLS) id 15.0.1473.3 via Frontend Transport; Sun, 12 Oct "
                 "2025 22:50:14 -0500",
        .used = YES,
        .evidence = "(TLS)",
    },
    {
        /* Early Exchange 2016 builds still wrote "(TLS)". */
        .name = "exchange-2016-cu1-tls-only",
        .value = "from mbx1.example.org (192.0.2.64) by mbx2.example.org (192.0.2.66) with "
                 "Microsoft SMTP Server (TLS) id 15.1.466.34; Mon, 4 Mar 2024 10:00:00 +0100",
        .used = YES,
        .evidence = "(TLS)",
    },
    {
        .name = "exchange-2016-tls12-p384",
        .value = "from mbx1.example.org (192.0.2.64) by mbx2.example.org (192.0.2.66) with "
                 "Microsoft SMTP Server (version=TLS1_2, "
                 "cipher=TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384_P384) id 15.1.2507.32; Sat, 6 Sep "
                 "2025 14:16:50 +0200",
        .used = YES,
        .version = TLS12,
        .version_text = "TLS1_2",
        .cipher = "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384_P384",
        .evidence = "(version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384_P384)",
    },
    {
        .name = "exchange-2019-tls12",
        .value = "from mbx1.example.org (192.0.2.64) by mbx2.example.org (192.0.2.66) with "
                 "Microsoft SMTP Server (version=TLS1_2, "
                 "cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.2.1748.10; Sat, 6 Sep 2025 "
                 "14:16:50 +0200",
        .used = YES,
        .version = TLS12,
        .version_text = "TLS1_2",
        .cipher = "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        .evidence = "(version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384)",
    },
    {
        .name = "exchange-2019-frontend-plain",
        .value = "from User (192.0.2.21) by MBX3.example.org (192.0.2.37) with Microsoft SMTP "
                 "Server id 15.2.1748.10 via Frontend Transport; Sat, 6 Sep 2025 14:16:50 +0200",
        .used = NO,
        .evidence = "with Microsoft SMTP Server",
    },
    {
        /* A version written by the server is stated, not inferred from the suite. */
        .name = "exo-frontend-tls13",
        .value = "from mout.example.net (203.0.113.20) by\r\n "
                 "CO1PEPF000044FC.mail.protection.outlook.com (198.51.100.202) with Microsoft "
                 "SMTP\r\n Server (version=TLS1_3, cipher=TLS_AES_256_GCM_SHA384) id 15.20.8377.0 "
                 "via Frontend\r\n Transport; Wed, 15 Jan 2025 23:15:33 +0000",
        .used = YES,
        .version = TLS13,
        .version_text = "TLS1_3",
        .cipher = "TLS_AES_256_GCM_SHA384",
        .evidence = "(version=TLS1_3, cipher=TLS_AES_256_GCM_SHA384)",
    },
    {
        .name = "exo-frontend-plain",
        .value = "from mail.example.net (192.0.2.30) by "
                 "BN8NAM11FT095.mail.protection.outlook.com (198.51.100.206) with Microsoft SMTP "
                 "Server id 15.20.6521.44 via Frontend Transport; Tue, 4 Jul 2023 20:17:57 +0000",
        .used = NO,
        .evidence = "with Microsoft SMTP Server",
    },
    {
        .name = "exo-https-store-delivery",
        .value = "from SA3PR19MB7370.namprd19.prod.outlook.com (::1) by "
                 "MN0PR19MB6312.namprd19.prod.outlook.com with HTTPS; Tue, 19 Sep 2023 18:36:46 "
                 "+0000",
        .used = YES,
        .evidence = "with HTTPS",
    },
    {
        /* In-process submission: no transport to encrypt, so nothing is said. */
        .name = "exo-mapi",
        .value = "from AM0PR09MB3876.eurprd09.prod.outlook.com ([fe80::1c2d:3e4f:5a6b:7c8d]) by "
                 "AM0PR09MB3876.eurprd09.prod.outlook.com ([fe80::1c2d:3e4f:5a6b:7c8d%9]) with "
                 "mapi id 15.20.3412.024; Fri, 2 Oct 2020 08:11:12 +0000",
    },
    {
        .name = "iis-smtpsvc-over-tls",
        .value = "from relay.example.com ([192.0.2.195]) by exch01.example.com over TLS secured "
                 "channel with Microsoft SMTPSVC(6.0.3790.4675); Mon, 5 Dec 2011 16:49:35 -0800",
        .used = YES,
        .evidence = "over TLS secured channel",
    },
    {
        .name = "iis-smtpsvc-plain",
        .value = "from [203.0.113.95] ([203.0.113.95]) by SRV22 with Microsoft "
                 "SMTPSVC(10.0.20348.1); Tue, 7 Nov 2023 03:14:15 +0100",
        .used = NO,
        .evidence = "with Microsoft SMTPSVC",
    },
    {
        .name = "exchange-55-ims-smtp",
        .value = "from mail.example.com by gw.example.com with SMTP (Microsoft Exchange Internet "
                 "Mail Service Version 5.5.2653.13) id YJQP6DKP; Tue, 20 Mar 2001 10:11:12 -0500",
        .used = NO,
        .evidence = "with SMTP",
    },

    /* ---- Google ---- */
    {
        .name = "gmail-mx-tls12-after-for",
        .value = "from mail.example.org (mail.example.org. [192.0.2.95]) by mx.google.com with "
                 "ESMTPS id z129-v6si8080952wmg.157.2018.10.01.07.01.38 for <user@example.com> "
                 "(version=TLS1_2 cipher=ECDHE-RSA-AES128-GCM-SHA256 bits=128/128); Mon, 01 Oct "
                 "2018 07:01:38 -0700 (PDT)",
        .used = YES,
        .version = TLS12,
        .version_text = "TLS1_2",
        .cipher = "ECDHE-RSA-AES128-GCM-SHA256",
        .bits = 128,
        .evidence = "(version=TLS1_2 cipher=ECDHE-RSA-AES128-GCM-SHA256 bits=128/128)",
    },
    {
        .name = "gmail-mx-tls13",
        .value = "from mail.example.org (mail.example.org. [192.0.2.95]) by mx.google.com with "
                 "ESMTPS id a2si1.2023.09.19.11.36.40 for <user@example.com> (version=TLS1_3 "
                 "cipher=TLS_AES_128_GCM_SHA256 bits=128/128); Tue, 19 Sep 2023 11:36:40 -0700 "
                 "(PDT)",
        .used = YES,
        .version = TLS13,
        .version_text = "TLS1_3",
        .cipher = "TLS_AES_128_GCM_SHA256",
        .bits = 128,
        .evidence = "(version=TLS1_3 cipher=TLS_AES_128_GCM_SHA256 bits=128/128)",
    },
    {
        /* Gmail spells TLS 1.0 "TLS1". */
        .name = "gmail-mx-tls1",
        .value = "from mail.example.org (mail.example.org. [192.0.2.95]) by mx.google.com with "
                 "ESMTPS id a3si2.2016.01.02.03.04.05 for <user@example.com> (version=TLS1 "
                 "cipher=ECDHE-RSA-AES128-SHA bits=128/128); Sat, 02 Jan 2016 03:04:05 -0800 "
                 "(PST)",
        .used = YES,
        .version = TLS10,
        .version_text = "TLS1",
        .cipher = "ECDHE-RSA-AES128-SHA",
        .bits = 128,
        .evidence = "(version=TLS1 cipher=ECDHE-RSA-AES128-SHA bits=128/128)",
    },
    {
        .name = "gmail-mx-plain",
        .value = "from mail.example.org (mail.example.org. [192.0.2.95]) by mx.google.com with "
                 "ESMTP id a4si3.2023.06.16.18.52.53 for <user@example.com>; Fri, 16 Jun 2023 "
                 "18:52:53 -0700 (PDT)",
        .used = NO,
        .evidence = "with ESMTP",
    },
    {
        .name = "gmail-smtps-google-transport-security",
        .value = "from mail-sor-f65.google.com (mail-sor-f65.google.com. [198.51.100.65]) by "
                 "mx.google.com with SMTPS id a1sor123456wmb.1.2023.01.02.03.04.05 for "
                 "<user@example.com> (Google Transport Security); Mon, 02 Jan 2023 03:04:05 -0800 "
                 "(PST)",
        .used = YES,
        .evidence = "(Google Transport Security)",
    },
    {
        .name = "gmail-utf8smtpsa-tls13",
        .value = "from [192.0.2.105] ([203.0.113.71]) by smtp.gmail.com with UTF8SMTPSA id "
                 "q13sm3530285wmc.44.2023.06.16.18.52.53 for <user@example.com> (version=TLS1_3 "
                 "cipher=TLS_AES_128_GCM_SHA256 bits=128/128); Fri, 16 Jun 2023 18:52:53 -0700 "
                 "(PDT)",
        .used = YES,
        .version = TLS13,
        .version_text = "TLS1_3",
        .cipher = "TLS_AES_128_GCM_SHA256",
        .bits = 128,
        .evidence = "(version=TLS1_3 cipher=TLS_AES_128_GCM_SHA256 bits=128/128)",
    },
    {
        /* By design: a line without a from records no link, so its protocol word is no
         * evidence either way. */
        .name = "gmail-internal-smtp-no-from",
        .value = "by 2002:a05:6504:1c8:b0:1f6:5e0e:297f with SMTP id e11csp1624961vqt; Tue, 19 "
                 "Sep 2023 11:36:47 -0700 (PDT)",
    },
    {
        .name = "gmail-http-no-from",
        .value = "by 2002:a05:6504:1c8:b0:1f6:5e0e:297f with HTTP; Tue, 19 Sep 2023 11:36:46 "
                 "-0700 (PDT)",
    },
    {
        /* "TLSv1/SSLv3" names the cipher's family, not a protocol version. */
        .name = "gmail-2011-tlsv1-sslv3-other",
        .value = "from mail.example.net (mail.example.net [192.0.2.33]) by mx.google.com with "
                 "ESMTPS id x1si123.2011.03.04.05.06.07 (version=TLSv1/SSLv3 cipher=OTHER); Fri, "
                 "04 Mar 2011 05:06:07 -0800 (PST)",
        .used = YES,
        .version = AMBIGUOUS,
        .version_text = "TLSv1/SSLv3",
        .cipher = "OTHER",
        .evidence = "(version=TLSv1/SSLv3 cipher=OTHER)",
    },
    {
        .name = "gmail-2009-sslv3-no-bits",
        .value = "from mail.example.net (mail.example.net [192.0.2.33]) by mx.google.com with "
                 "ESMTPS id 9si1234567.2009.05.06.07.08.09 (version=SSLv3 cipher=RC4-MD5); Wed, "
                 "06 May 2009 07:08:09 -0700 (PDT)",
        .used = YES,
        .version = SSL3,
        .version_text = "SSLv3",
        .cipher = "RC4-MD5",
        .evidence = "(version=SSLv3 cipher=RC4-MD5)",
    },

    /* ---- Postfix and the Postfix-style "(using ...)" comment ---- */
    {
        .name = "postfix-tls13-kex-client-cn-verified",
        .value = "from mx1.example.org (mx1.example.org [IPv6:2001:db8::25]) (using TLSv1.3 with "
                 "cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 "
                 "server-signature RSA-PSS (4096 bits) server-digest SHA256 client-signature "
                 "RSA-PSS (4096 bits)) (Client CN \"mx1.example.org\", Issuer \"Example CA\" "
                 "(verified OK)) by mx.example.com (Postfix) with ESMTPS id 4Q1r2s3T4vz5 for "
                 "<user@example.com>; Tue, 20 Aug 2019 09:32:56 +0800 (CST)",
        .used = YES,
        .version = TLS13,
        .version_text = "TLSv1.3",
        .cipher = "TLS_AES_256_GCM_SHA384",
        .bits = 256,
        .client_certificate = "verified",
        .evidence = "(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) "
                    "key-exchange X25519 server-signature RSA-PSS (4096 bits) server-digest "
                    "SHA256 client-signature RSA-PSS (4096 bits))",
    },
    {
        .name = "postfix-client-cn-not-verified",
        .value = "from mail-ej1-f54.google.com (mail-ej1-f54.google.com [198.51.100.54]) (using "
                 "TLSv1.3 with cipher TLS_AES_128_GCM_SHA256 (128/128 bits) key-exchange X25519 "
                 "server-signature RSA-PSS (2048 bits) server-digest SHA256) (Client CN "
                 "\"smtp.gmail.com\", Issuer \"GTS CA 1D4\" (not verified)) by mx.example.com "
                 "(Postfix) with ESMTPS id 4AbCdE for <user@example.com>; Wed, 21 Jun 2023 "
                 "10:00:00 +0000 (UTC)",
        .used = YES,
        .version = TLS13,
        .version_text = "TLSv1.3",
        .cipher = "TLS_AES_128_GCM_SHA256",
        .bits = 128,
        .client_certificate = "not-verified",
        .evidence = "(using TLSv1.3 with cipher TLS_AES_128_GCM_SHA256 (128/128 bits) "
                    "key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest "
                    "SHA256)",
    },
    {
        /* The details win over the protocol word: Postfix wrote ESMTP, TLS was used. */
        .name = "postfix-tlsv1-client-did-not-present",
        .value = "from old.example.net (unknown [198.51.100.7]) (using TLSv1 with cipher "
                 "DHE-RSA-AES256-SHA (256/256 bits)) (Client did not present a certificate) by "
                 "mx.example.com (Postfix) with ESMTP id 1A2B3C4D5E; Thu, 3 May 2012 14:15:16 "
                 "+0200 (CEST)",
        .used = YES,
        .version = TLS10,
        .version_text = "TLSv1",
        .cipher = "DHE-RSA-AES256-SHA",
        .bits = 256,
        .client_certificate = "not-presented",
        .evidence = "(using TLSv1 with cipher DHE-RSA-AES256-SHA (256/256 bits))",
    },
    {
        .name = "postfix-no-client-certificate-requested",
        .value = "from a.example.net (a.example.net [198.51.100.8]) (using TLSv1.2 with cipher "
                 "ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)) (No client certificate requested) "
                 "by mx.example.com (Postfix) with ESMTPS id 1A2B3C4D5F; Thu, 3 May 2018 "
                 "14:15:16 +0200 (CEST)",
        .used = YES,
        .version = TLS12,
        .version_text = "TLSv1.2",
        .cipher = "ECDHE-RSA-AES256-GCM-SHA384",
        .bits = 256,
        .client_certificate = "not-requested",
        .evidence = "(using TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits))",
    },
    {
        .name = "postfix-esmtps-no-details",
        .value = "from in.example.com (in.example.com [192.0.2.9]) by in2.example.com (Postfix) "
                 "with ESMTPS for <test@example.com>; Thu, 3 May 2018 14:15:16 +0200",
        .used = YES,
        .evidence = "with ESMTPS",
    },
    {
        .name = "postfix-esmtp-plain",
        .value = "from in.example.com (in.example.com [192.0.2.9]) by in2.example.com (Postfix) "
                 "with ESMTP id 4A1B2C; Thu, 3 May 2018 14:15:16 +0200",
        .used = NO,
        .evidence = "with ESMTP",
    },
    {
        .name = "postfix-utf8smtps-no-details",
        .value = "from in.example.com (in.example.com [192.0.2.9]) by in2.example.com (Postfix) "
                 "with UTF8SMTPS id 4A1B2D; Thu, 3 May 2018 14:15:16 +0200",
        .used = YES,
        .evidence = "with UTF8SMTPS",
    },
    {
        .name = "postfix-utf8smtp-plain",
        .value = "from in.example.com (in.example.com [192.0.2.9]) by in2.example.com (Postfix) "
                 "with UTF8SMTP id 4A1B2E; Thu, 3 May 2018 14:15:16 +0200",
        .used = NO,
        .evidence = "with UTF8SMTP",
    },
    {
        /* LibreSSL's name for a TLS 1.3 suite; the version is stated, not inferred. */
        .name = "postfix-libressl-aead",
        .value = "from host.example.org (host.example.org [192.0.2.77]) (using TLSv1.3 with "
                 "cipher AEAD-AES128-GCM-SHA256 (128/128 bits)) by mail.example.org (Postfix) "
                 "with ESMTPS id 4KxYz; Sat, 1 Jan 2022 12:00:00 +0100 (CET)",
        .used = YES,
        .version = TLS13,
        .version_text = "TLSv1.3",
        .cipher = "AEAD-AES128-GCM-SHA256",
        .bits = 128,
        .evidence = "(using TLSv1.3 with cipher AEAD-AES128-GCM-SHA256 (128/128 bits))",
    },
    {
        .name = "postfix-local-pickup",
        .value = "by mail.example.com (Postfix, from userid 0) id 4A1B2C3D4E; Thu, 3 May 2018 "
                 "14:15:16 +0200 (CEST)",
    },
    {
        .name = "cloudmark-cmgw-bits-without-parentheses",
        .value = "from host.example.org ([192.0.2.77]) (using TLSv1.2 with cipher "
                 "ECDHE-RSA-AES256-GCM-SHA384 256/256 bits) (Client did not present a "
                 "certificate) by CMGW with ESMTPS id kp1lvYWVKi0O1kp1lvYABi; Mon, 18 Sep 2023 "
                 "06:30:14 -0700",
        .used = YES,
        .version = TLS12,
        .version_text = "TLSv1.2",
        .cipher = "ECDHE-RSA-AES256-GCM-SHA384",
        .bits = 256,
        .client_certificate = "not-presented",
        .evidence = "(using TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 256/256 bits)",
    },
    {
        .name = "mailchannels-trex-no-with-no-bits",
        .value = "from relay.example.net (relay.example.net [192.0.2.200]) (using TLSv1.3 with "
                 "cipher TLS_AES_256_GCM_SHA384) by 203.0.113.20 (trex/6.9.1); Mon, 18 Sep 2023 "
                 "13:30:14 +0000",
        .used = YES,
        .version = TLS13,
        .version_text = "TLSv1.3",
        .cipher = "TLS_AES_256_GCM_SHA384",
        .evidence = "(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384)",
    },
    {
        .name = "symantec-256-bits-no-with",
        .value = "from mail.example.com (mail.example.com [192.0.2.40]) (using TLSv1.2 with "
                 "cipher DHE-RSA-AES256-GCM-SHA384 (256 bits)) by "
                 "server-2.bemta.az-b.eu-west-1.aws.symcld.net id 5A/6B-12345-ABCDEF01; Mon, 18 "
                 "Sep 2023 13:30:14 +0000",
        .used = YES,
        .version = TLS12,
        .version_text = "TLSv1.2",
        .cipher = "DHE-RSA-AES256-GCM-SHA384",
        .bits = 256,
        .evidence = "(using TLSv1.2 with cipher DHE-RSA-AES256-GCM-SHA384 (256 bits))",
    },
    {
        .name = "kerio-using-after-with",
        .value = "from [192.0.2.50] ([192.0.2.50]) (authenticated user alice@example.org) by "
                 "mail.example.org (Kerio Connect 9.2.12 patch 1) with ESMTPSA (using TLSv1.2 "
                 "with cipher ECDHE-RSA-AES256-GCM-SHA384 (256 bits)); Tue, 4 Feb 2020 10:11:12 "
                 "+0100",
        .used = YES,
        .version = TLS12,
        .version_text = "TLSv1.2",
        .cipher = "ECDHE-RSA-AES256-GCM-SHA384",
        .bits = 256,
        .evidence = "(using TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256 bits))",
    },
    {
        .name = "migadu-lmtps",
        .value = "from mx.example.com (mx.example.com [192.0.2.90]) (using TLSv1.3 with cipher "
                 "TLS_AES_256_GCM_SHA384 (256/256 bits)) by ms9.example.com with LMTPS id "
                 "gKlRBGzXTmV; Mon, 18 Sep 2023 13:30:14 +0000",
        .used = YES,
        .version = TLS13,
        .version_text = "TLSv1.3",
        .cipher = "TLS_AES_256_GCM_SHA384",
        .bits = 256,
        .evidence = "(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))",
    },
    {
        .name = "dovecot-lmtp-plain",
        .value = "from mx.example.com ([192.0.2.1]) by imap.example.com with LMTP id "
                 "cKYaEDoWeWnQgxoAwIJJpQ (envelope-from <a@example.org>) for <b@example.com>; "
                 "Tue, 27 Jan 2026 19:47:06 +0000",
        .used = NO,
        .evidence = "with LMTP",
    },

    /* ---- Exim ---- */
    {
        .name = "exim-old-openssl-colon-list",
        .value = "from host.example.net ([192.0.2.66]:45321 helo=User) by server3.example.com "
                 "with esmtpsa (TLSv1.2:ECDHE-RSA-AES256-GCM-SHA384:256) (Exim 4.92) "
                 "(envelope-from <a@example.net>) id 1oxikm-00BXtl-4S for user@example.com; Wed, "
                 "23 Nov 2022 00:57:00 -0500",
        .used = YES,
        .version = TLS12,
        .version_text = "TLSv1.2",
        .cipher = "ECDHE-RSA-AES256-GCM-SHA384",
        .bits = 256,
        .evidence = "(TLSv1.2:ECDHE-RSA-AES256-GCM-SHA384:256)",
    },
    {
        .name = "exim-old-gnutls-colon-list",
        .value = "from host.example.net ([192.0.2.66]) by server3.example.com with esmtps "
                 "(TLS1.2:ECDHE_RSA_AES_256_GCM_SHA384:256) (Exim 4.80) (envelope-from "
                 "<a@example.net>) id 1abcDE-000123-Xy; Wed, 23 Nov 2016 00:57:00 -0500",
        .used = YES,
        .version = TLS12,
        .version_text = "TLS1.2",
        .cipher = "ECDHE_RSA_AES_256_GCM_SHA384",
        .bits = 256,
        .evidence = "(TLS1.2:ECDHE_RSA_AES_256_GCM_SHA384:256)",
    },
    {
        .name = "exim-old-tlsv1",
        .value = "from host.example.net ([192.0.2.66]) by server3.example.com with esmtpsa "
                 "(TLSv1:DHE-RSA-AES256-SHA:256) (Exim 4.87) (envelope-from <a@example.net>) id "
                 "1abcDE-000124-Xy; Wed, 23 Nov 2016 00:57:00 -0500",
        .used = YES,
        .version = TLS10,
        .version_text = "TLSv1",
        .cipher = "DHE-RSA-AES256-SHA",
        .bits = 256,
        .evidence = "(TLSv1:DHE-RSA-AES256-SHA:256)",
    },
    {
        .name = "exim-old-tls13-colon-list",
        .value = "from host.example.net ([192.0.2.66]) by server3.example.com with esmtps "
                 "(TLSv1.3:TLS_AES_256_GCM_SHA384:256) (Exim 4.92) (envelope-from "
                 "<a@example.net>) id 1abcDE-000125-Xy; Wed, 23 Nov 2022 00:57:00 -0500",
        .used = YES,
        .version = TLS13,
        .version_text = "TLSv1.3",
        .cipher = "TLS_AES_256_GCM_SHA384",
        .bits = 256,
        .evidence = "(TLSv1.3:TLS_AES_256_GCM_SHA384:256)",
    },
    {
        .name = "exim-new-version-comment-and-tls-clause",
        .value = "from [192.0.2.62] (port=56303 helo=DESKTOP-ABC123) by server3.example.com with "
                 "esmtpsa (TLS1.3) tls TLS_AES_256_GCM_SHA384 (Exim 4.95) (envelope-from "
                 "<a@example.net>) id 1oxikm-00BXtl-4T for user@example.com; Wed, 23 Nov 2022 "
                 "00:57:00 -0500",
        .used = YES,
        .version = TLS13,
        .version_text = "TLS1.3",
        .cipher = "TLS_AES_256_GCM_SHA384",
        .evidence = "(TLS1.3) tls TLS_AES_256_GCM_SHA384",
    },
    {
        .name = "exim-new-tls12",
        .value = "from [192.0.2.1] (port=37652 helo=[192.0.2.29]) by mail.example.com with "
                 "esmtpsa (TLS1.2) tls TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 (Exim 4.96) "
                 "(envelope-from <a@example.com>) id 1qABCd-0002Ef-3G; Tue, 5 Mar 2024 08:09:10 "
                 "+0000",
        .used = YES,
        .version = TLS12,
        .version_text = "TLS1.2",
        .cipher = "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        .evidence = "(TLS1.2) tls TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    },
    {
        .name = "exim3-cipher-prefix",
        .value = "from host.example.net ([192.0.2.66]) by mail.example.com with esmtp (Cipher "
                 "TLSv1:DES-CBC3-SHA:168) (Exim 3.36 #1) id 19ABCD-0001ab-00 for "
                 "user@example.com; Mon, 06 Oct 2003 10:11:12 +0200",
        .used = YES,
        .version = TLS10,
        .version_text = "TLSv1",
        .cipher = "DES-CBC3-SHA",
        .bits = 168,
        .evidence = "(Cipher TLSv1:DES-CBC3-SHA:168)",
    },
    {
        .name = "exim450-tls-cipher-prefix",
        .value = "from host.example.net ([192.0.2.66]) by mail.example.com with esmtp "
                 "(tls_cipher TLS-1.0:RSA_AES_256_CBC_SHA:32) (Exim 4.50) id 1ABCDE-0001ab-00 for "
                 "user@example.com; Mon, 06 Oct 2005 10:11:12 +0200",
        .used = YES,
        .version = TLS10,
        .version_text = "TLS-1.0",
        .cipher = "RSA_AES_256_CBC_SHA",
        .bits = 32,
        .evidence = "(tls_cipher TLS-1.0:RSA_AES_256_CBC_SHA:32)",
    },
    {
        .name = "exim-esmtps-no-details",
        .value = "from host.example.net ([192.0.2.66]:51122 helo=mail.example.net) by "
                 "server.example.com with esmtps (envelope-from <a@example.net>) id "
                 "1qABCd-0002Ef-3H for user@example.com; Tue, 5 Mar 2019 08:09:10 +0000",
        .used = YES,
        .evidence = "with esmtps",
    },
    {
        .name = "exim-esmtp-plain",
        .value = "from host.example.net ([192.0.2.66]:51122 helo=mail.example.net) by "
                 "server.example.com with esmtp (Exim 4.92) (envelope-from <a@example.net>) id "
                 "1qABCd-0002Ef-3I; Tue, 5 Mar 2019 08:09:10 +0000",
        .used = NO,
        .evidence = "with esmtp",
    },
    {
        .name = "exim-ssmtp-implicit-tls",
        .value = "from host.example.net ([192.0.2.66]:51122 helo=mail.example.net) by "
                 "server.example.com with ssmtp (Exim 4.50) id 1qABCd-0002Ef-3J; Tue, 5 Mar 2019 "
                 "08:09:10 +0000",
        .used = YES,
        .evidence = "with ssmtp",
    },
    {
        .name = "exim-local",
        .value = "from alice by host.example.com with local (Exim 4.92) (envelope-from "
                 "<alice@example.com>) id 1qABCd-0002Ef-3K; Tue, 5 Mar 2019 08:09:10 +0000",
    },

    /* ---- sendmail and sendmail-derived gateways ---- */
    {
        .name = "sendmail-tlsv1-sslv3-verify-not",
        .value = "from mail.example.net (mail.example.net [192.0.2.45] (may be forged)) by "
                 "mx.example.com (8.14.7/8.14.7) with ESMTP id 39M7cvTZ011886 "
                 "(version=TLSv1/SSLv3 cipher=DHE-RSA-AES256-SHA bits=256 verify=NOT) for "
                 "<user@example.com>; Sun, 22 Oct 2023 02:38:57 -0500",
        .used = YES,
        .version = AMBIGUOUS,
        .version_text = "TLSv1/SSLv3",
        .cipher = "DHE-RSA-AES256-SHA",
        .bits = 256,
        .client_certificate = "not-requested",
        .evidence = "(version=TLSv1/SSLv3 cipher=DHE-RSA-AES256-SHA bits=256 verify=NOT)",
    },
    {
        .name = "sendmail-key-exchange",
        .value = "from mail.example.net (mail.example.net [192.0.2.45]) by mx.example.com "
                 "(8.18.1/8.18.1) with ESMTPS id 41ABCDEF012345 (version=TLSv1.3 "
                 "cipher=TLS_AES_256_GCM_SHA384 bits=256 verify=NOT key_exchange=X25519) for "
                 "<user@example.com>; Sun, 22 Oct 2023 02:38:57 -0500",
        .used = YES,
        .version = TLS13,
        .version_text = "TLSv1.3",
        .cipher = "TLS_AES_256_GCM_SHA384",
        .bits = 256,
        .client_certificate = "not-requested",
        .evidence = "(version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 bits=256 verify=NOT "
                    "key_exchange=X25519)",
    },
    {
        .name = "sendmail-verify-ok",
        .value = "from mail.example.net (mail.example.net [192.0.2.45]) by mx.example.com "
                 "(8.17.1/8.17.1) with ESMTPS id 41ABCDEF012346 (version=TLSv1.2 "
                 "cipher=ECDHE-RSA-AES256-GCM-SHA384 bits=256 verify=OK); Sun, 22 Oct 2023 "
                 "02:38:57 -0500",
        .used = YES,
        .version = TLS12,
        .version_text = "TLSv1.2",
        .cipher = "ECDHE-RSA-AES256-GCM-SHA384",
        .bits = 256,
        .client_certificate = "verified",
        .evidence = "(version=TLSv1.2 cipher=ECDHE-RSA-AES256-GCM-SHA384 bits=256 verify=OK)",
    },
    {
        .name = "sendmail-plain",
        .value = "from mail.example.net (localhost [127.0.0.1]) by mail.example.net "
                 "(8.17.1.9/8.17.1.9/Debian-2+deb12u2) with ESMTP id 55PIDtfj927864 for "
                 "<user@example.com>; Thu, 26 Jun 2025 02:13:55 +0800",
        .used = NO,
        .evidence = "with ESMTP",
    },
    {
        .name = "pps-verify-no",
        .value = "from a79-253.smtp-out.example.com (a79-253.smtp-out.example.com "
                 "[198.51.100.253]) by mx07-00096706.pphosted.com (PPS) with ESMTPS id "
                 "3ntn7us9ex-1 (version=TLSv1.2 cipher=ECDHE-RSA-AES128-SHA256 bits=128 "
                 "verify=NO) for <user@example.com>; Tue, 19 Sep 2023 11:36:40 -0700",
        .used = YES,
        .version = TLS12,
        .version_text = "TLSv1.2",
        .cipher = "ECDHE-RSA-AES128-SHA256",
        .bits = 128,
        .client_certificate = "not-presented",
        .evidence = "(version=TLSv1.2 cipher=ECDHE-RSA-AES128-SHA256 bits=128 verify=NO)",
    },
    {
        .name = "fortimail-tls13",
        .value = "from mail.example.org (mail.example.org [203.0.113.4]) by "
                 "fortimail-02.example.net with ESMTPS id 60RKkRFs029920-60RKkRFu029920 "
                 "(version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 bits=256 verify=NO); Sat, 27 Jan "
                 "2024 22:46:27 +0200",
        .used = YES,
        .version = TLS13,
        .version_text = "TLSv1.3",
        .cipher = "TLS_AES_256_GCM_SHA384",
        .bits = 256,
        .client_certificate = "not-presented",
        .evidence = "(version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 bits=256 verify=NO)",
    },
    {
        .name = "barracuda-tlsv1",
        .value = "from mail.example.org (mail.example.org [203.0.113.4]) by "
                 "barracudain.example.org with ESMTP id SCo6TjhTrzELcj0f (version=TLSv1 "
                 "cipher=AES128-SHA bits=128 verify=NO); Sat, 27 Jan 2024 22:46:27 +0200",
        .used = YES,
        .version = TLS10,
        .version_text = "TLSv1",
        .cipher = "AES128-SHA",
        .bits = 128,
        .client_certificate = "not-presented",
        .evidence = "(version=TLSv1 cipher=AES128-SHA bits=128 verify=NO)",
    },
    {
        .name = "barracuda-ess-no-with",
        .value = "from mail.example.org (mail.example.org [203.0.113.4]) by "
                 "mx1403.ess.rzc.cudaops.com (version=TLSv1.2 cipher=ECDHE-RSA-AES256-SHA384 "
                 "bits=256 verify=NO); Sat, 27 Jan 2024 20:46:27 +0000",
        .used = YES,
        .version = TLS12,
        .version_text = "TLSv1.2",
        .cipher = "ECDHE-RSA-AES256-SHA384",
        .bits = 256,
        .client_certificate = "not-presented",
        .evidence = "(version=TLSv1.2 cipher=ECDHE-RSA-AES256-SHA384 bits=256 verify=NO)",
    },
    {
        .name = "improvmx-esmtp-bits-pair",
        .value = "from mail.example.org (mail.example.org [203.0.113.4]) by mx.example.net with "
                 "ESMTP (version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256) for "
                 "<user@example.net>; Sat, 27 Jan 2024 20:46:27 +0000",
        .used = YES,
        .version = TLS13,
        .version_text = "TLSv1.3",
        .cipher = "TLS_AES_256_GCM_SHA384",
        .bits = 256,
        .evidence = "(version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256)",
    },

    /* ---- OpenSMTPD ---- */
    {
        /* The last field says whether the client certificate was verified, not whether one
         * was presented. */
        .name = "opensmtpd-colon-list-not-verified",
        .value = "from mail.example.net (mail.example.net [198.51.100.9]) by smtp.example.org "
                 "(OpenSMTPD) with ESMTPS id 96f08978 (TLSv1.3:TLS_AES_256_GCM_SHA384:256:NO) "
                 "auth=no for <user@example.org>; Thu, 9 Mar 2023 07:08:09 +1100",
        .used = YES,
        .version = TLS13,
        .version_text = "TLSv1.3",
        .cipher = "TLS_AES_256_GCM_SHA384",
        .bits = 256,
        .client_certificate = "not-verified",
        .evidence = "(TLSv1.3:TLS_AES_256_GCM_SHA384:256:NO)",
    },
    {
        .name = "opensmtpd-colon-list-verified-libressl",
        .value = "from mail.example.net (mail.example.net [198.51.100.9]) by smtp.example.org "
                 "(OpenSMTPD) with ESMTPS id 96f08979 (TLSv1.3:AEAD-AES256-GCM-SHA384:256:YES) "
                 "for <user@example.org>; Thu, 9 Mar 2023 07:08:09 +1100",
        .used = YES,
        .version = TLS13,
        .version_text = "TLSv1.3",
        .cipher = "AEAD-AES256-GCM-SHA384",
        .bits = 256,
        .client_certificate = "verified",
        .evidence = "(TLSv1.3:AEAD-AES256-GCM-SHA384:256:YES)",
    },
    {
        .name = "opensmtpd-pre2016-bare-tls-line",
        .value = "from mail.example.net (mail.example.net [198.51.100.9]);\r\n\tby "
                 "smtp.example.org (OpenSMTPD) with ESMTP id 3a2b1c0d;\r\n\tTLS "
                 "version=TLSv1/SSLv3 cipher=ECDHE-RSA-AES256-GCM-SHA384 bits=256 "
                 "verify=NO;\r\n\tfor <user@example.org>;\r\n\tMon, 9 Mar 2015 07:08:09 +1100 "
                 "(AEDT)",
        .used = YES,
        .version = AMBIGUOUS,
        .version_text = "TLSv1/SSLv3",
        .cipher = "ECDHE-RSA-AES256-GCM-SHA384",
        .bits = 256,
        .client_certificate = "not-presented",
        .evidence = "TLS version=TLSv1/SSLv3 cipher=ECDHE-RSA-AES256-GCM-SHA384 bits=256 "
                    "verify=NO",
    },
    {
        .name = "opensmtpd-plain",
        .value = "from localhost (localhost [::1]) by mail.example.com.br (OpenSMTPD) with ESMTP "
                 "id a087098a for <user@example.com>; Mon, 18 Sep 2023 13:30:14 +0000",
        .used = NO,
        .evidence = "with ESMTP",
    },

    /* ---- qmail family and other "encrypted" forms ---- */
    {
        .name = "qmail-invoked-from-network",
        .value = "(qmail 4441 invoked from network); 2 Feb 2023 01:42:45 -0000",
    },
    {
        .name = "qmail-smtp-plain",
        .value = "from unknown (HELO mail.example.com) (192.0.2.7) by mx.example.net with SMTP; "
                 "22 Aug 2016 09:22:13 -0000",
        .used = NO,
        .evidence = "with SMTP",
    },
    {
        .name = "qmail-qmqp",
        .value = "from unknown (HELO mail.example.com) (192.0.2.7) by mx.example.net with QMQP; "
                 "22 Aug 2016 09:22:13 -0000",
    },
    {
        .name = "qmail-tls-encrypted-smtp",
        .value = "from unknown (HELO mail.example.com) (192.0.2.7) by 127.0.0.1 with "
                 "(DHE-RSA-AES128-SHA encrypted) SMTP; 22 Aug 2016 09:22:13 -0000",
        .used = YES,
        .cipher = "DHE-RSA-AES128-SHA",
        .evidence = "(DHE-RSA-AES128-SHA encrypted)",
    },
    {
        .name = "qmail-fork-esmtps-encrypted-after",
        .value = "from unknown (HELO mail.example.com) (192.0.2.7) by relay.example.net with "
                 "ESMTPS (AES128-GCM-SHA256 encrypted); 22 Aug 2021 09:22:13 -0000",
        .used = YES,
        .cipher = "AES128-GCM-SHA256",
        .evidence = "(AES128-GCM-SHA256 encrypted)",
    },
    {
        /* The one inference: a TLS 1.3-only suite means TLS 1.3. */
        .name = "qpsmtpd-tls13-suite-inferred",
        .value = "from host.example.com (HELO [127.0.0.1]) (192.0.2.112) by smtp.example.net "
                 "(qpsmtpd/0.94) with (TLS_AES_256_GCM_SHA384 encrypted) ESMTPSA; Tue, 04 Jul "
                 "2023 20:17:56 +0000 (plain) smtp.auth=noreply@example.net",
        .used = YES,
        .version = TLS13,
        .inferred = TRUE,
        .cipher = "TLS_AES_256_GCM_SHA384",
        .evidence = "(TLS_AES_256_GCM_SHA384 encrypted)",
    },
    {
        .name = "qpsmtpd-old-encrypted-smtp",
        .value = "from host.example.com (HELO mail.example.com) (192.0.2.112) by "
                 "smtp.example.net (qpsmtpd/0.84) with (ECDHE-RSA-AES256-GCM-SHA384 encrypted) "
                 "SMTP; Tue, 04 Jul 2017 20:17:56 +0000",
        .used = YES,
        .cipher = "ECDHE-RSA-AES256-GCM-SHA384",
        .evidence = "(ECDHE-RSA-AES256-GCM-SHA384 encrypted)",
    },
    {
        .name = "t-online-version-and-cipher-encrypted",
        .value = "from mail.example.com (192.0.2.8) by fwd80.t-online.de with "
                 "(TLSv1.2:ECDHE-RSA-AES256-GCM-SHA384 encrypted) esmtp id 1r1vTl-1t1xWL0; Thu, "
                 "07 Sep 23 14:07:33 +0200",
        .used = YES,
        .version = TLS12,
        .version_text = "TLSv1.2",
        .cipher = "ECDHE-RSA-AES256-GCM-SHA384",
        .evidence = "(TLSv1.2:ECDHE-RSA-AES256-GCM-SHA384 encrypted)",
    },
    {
        .name = "messagelabs-encrypted-smtp",
        .value = "from unknown (HELO mail.example.com) (192.0.2.10) by "
                 "server-4.tower-697.messagelabs.com with ECDHE-RSA-AES256-GCM-SHA384 encrypted "
                 "SMTP; 6 Aug 2024 00:02:17 -0000",
        .used = YES,
        .cipher = "ECDHE-RSA-AES256-GCM-SHA384",
        .evidence = "with ECDHE-RSA-AES256-GCM-SHA384 encrypted SMTP",
    },
    {
        .name = "messagelabs-using-no-with",
        .value = "from [192.0.2.9] (using TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 "
                 "(256/256 bits)) by server-4.tower-697.messagelabs.com id 12/34-56789-ABCDEF01; "
                 "Tue, 6 Aug 2024 00:02:17 +0000",
        .used = YES,
        .version = TLS12,
        .version_text = "TLSv1.2",
        .cipher = "ECDHE-RSA-AES256-GCM-SHA384",
        .bits = 256,
        .evidence = "(using TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits))",
    },
    {
        /* A MessageLabs line cut short: its "by ... with" is lost, the "<cipher> encrypted"
         * pair stands in the from clause and still names the cipher. */
        .name = "messagelabs-damaged-encrypted-without-with",
        .value = "from relay.example.com (HELO relay-eu.example) server-3.tower-with "
                 "AES256-GCM-SHA384 encrypted SMTP; 2 Oct 2019 08:00:01 -0000",
        .used = YES,
        .cipher = "AES256-GCM-SHA384",
        .evidence = "AES256-GCM-SHA384 encrypted",
    },
    {
        /* "encrypted" after a word that is no cipher-suite name says nothing. */
        .name = "encrypted-after-prose-is-no-cipher",
        .value = "from relay.example.com (relay.example.com [192.0.2.9]) by mx.example.net with "
                 "SMTP id 1 for <u@example.com>; Mon, 6 Jan 2025 10:00:00 +0000 (body was "
                 "encrypted) mail encrypted",
        .used = NO,
        .evidence = "with SMTP",
    },

    /* ---- Courier ---- */
    {
        .name = "courier-tls-comment",
        .value = "from ws1.example.org (ws1.example.org [192.0.2.46]) (TLS: "
                 "TLSv1.2,256bits,ECDHE-RSA-AES256-GCM-SHA384) by mail.example.org with ESMTPS; "
                 "Sat, 21 Mar 2020 00:40:12 +0200 id 00000000005A1C77.000000005E75464C.00004771",
        .used = YES,
        .version = TLS12,
        .version_text = "TLSv1.2",
        .cipher = "ECDHE-RSA-AES256-GCM-SHA384",
        .bits = 256,
        .evidence = "(TLS: TLSv1.2,256bits,ECDHE-RSA-AES256-GCM-SHA384)",
    },
    {
        .name = "courier-auth-and-tls",
        .value = "from ws1.example.org (ws1.example.org [::ffff:192.0.2.46]) (AUTH: LOGIN alice, "
                 "TLS: TLSv1/SSLv3,256bits,AES256-GCM-SHA384) by mail.example.org with ESMTPSA; "
                 "Sat, 21 Mar 2020 00:40:12 +0200 id 00000000005A1C77.000000005E75464D.00004772",
        .used = YES,
        .version = AMBIGUOUS,
        .version_text = "TLSv1/SSLv3",
        .cipher = "AES256-GCM-SHA384",
        .bits = 256,
        .evidence = "(AUTH: LOGIN alice, TLS: TLSv1/SSLv3,256bits,AES256-GCM-SHA384)",
    },
    {
        .name = "courier-old-spaced-bits",
        .value = "from ws1.example.org (ws1.example.org [192.0.2.46]) (TLS: TLSv1/SSLv3, "
                 "168bits,DES-CBC3-SHA) by mail.example.org with ESMTPS; Sat, 21 Mar 2009 "
                 "00:40:12 +0200 id 00000000005A1C77.000000005E75464E.00004773",
        .used = YES,
        .version = AMBIGUOUS,
        .version_text = "TLSv1/SSLv3",
        .cipher = "DES-CBC3-SHA",
        .bits = 168,
        .evidence = "(TLS: TLSv1/SSLv3, 168bits,DES-CBC3-SHA)",
    },
    {
        /* Courier built with GnuTLS: a real version, GnuTLS's cipher spelling, spaces after
         * the commas, and SASL details first. */
        .name = "courier-gnutls-tls13-auth",
        .value = "from [192.0.2.120] (ws2.example.org [192.0.2.120]) (AUTH: CRAM-MD5 alice, TLS: "
                 "TLS1.3, 128bits, ECDHE_RSA_AES_128_GCM_SHA256) by mail.example.org with "
                 "ESMTPSA id 0000000000A1B2C3.0000000065F0A1B2.00001234; Tue, 5 Mar 2024 "
                 "09:15:00 +0100",
        .used = YES,
        .version = TLS13,
        .version_text = "TLS1.3",
        .cipher = "ECDHE_RSA_AES_128_GCM_SHA256",
        .bits = 128,
        .evidence = "(AUTH: CRAM-MD5 alice, TLS: TLS1.3, 128bits, ECDHE_RSA_AES_128_GCM_SHA256)",
    },

    /* ---- Gateways and services ---- */
    {
        .name = "ironport-esmtp-tls-cipher",
        .value = "from mail.example.com (HELO mail.example.com) ([192.0.2.11]) by "
                 "esa1.example.iphmx.com with ESMTP/TLS/ECDHE-RSA-AES256-GCM-SHA384; 26 May 2025 "
                 "13:44:26 +0200",
        .used = YES,
        .cipher = "ECDHE-RSA-AES256-GCM-SHA384",
        .evidence = "with ESMTP/TLS/ECDHE-RSA-AES256-GCM-SHA384",
    },
    {
        .name = "ironport-esmtp-tls-tls13-suite",
        .value = "from mail.example.com (HELO mail.example.com) ([192.0.2.11]) by "
                 "esa1.example.iphmx.com with ESMTP/TLS/TLS_AES_256_GCM_SHA384; 26 May 2025 "
                 "13:44:26 +0200",
        .used = YES,
        .version = TLS13,
        .inferred = TRUE,
        .cipher = "TLS_AES_256_GCM_SHA384",
        .evidence = "with ESMTP/TLS/TLS_AES_256_GCM_SHA384",
    },
    {
        .name = "ironport-esmtp-tls-only",
        .value = "from mail.example.com (HELO mail.example.com) ([192.0.2.11]) by "
                 "esa1.example.iphmx.com with ESMTP/TLS; 26 May 2025 13:44:26 +0200",
        .used = YES,
        .evidence = "with ESMTP/TLS",
    },
    {
        .name = "ironport-esmtp-plain",
        .value = "from mail.example.com (HELO mail.example.com) ([192.0.2.11]) by "
                 "esa1.example.iphmx.com with ESMTP; 26 May 2025 13:44:26 +0200",
        .used = NO,
        .evidence = "with ESMTP",
    },
    {
        .name = "mimecast-starttls-version-cipher",
        .value = "from mail.example.com (mail.example.com [192.0.2.12]) by relay.mimecast.com "
                 "with ESMTP with STARTTLS (version=TLSv1.2, "
                 "cipher=TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384) id za-mta-140-abcDEF123-1; Mon, "
                 "18 Sep 2023 09:30:14 -0400",
        .used = YES,
        .version = TLS12,
        .version_text = "TLSv1.2",
        .cipher = "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
        .evidence = "(version=TLSv1.2, cipher=TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384)",
    },
    {
        /* "STARTTLS" in the protocol words says TLS even without the comment. */
        .name = "mimecast-starttls-and-auth-no-details",
        .value = "from mail.example.com (mail.example.com [192.0.2.12]) by relay.mimecast.com "
                 "with ESMTP with both STARTTLS and AUTH id za-mta-140-abcDEF123-2; Mon, 18 Sep "
                 "2023 09:30:14 -0400",
        .used = YES,
        .evidence = "with ESMTP with both STARTTLS and AUTH",
    },
    {
        .name = "zonemta-after-for",
        .value = "from [192.0.2.13] (Authenticated sender: tawkto) by mx6.mta.example.net "
                 "(ZoneMTA) with ESMTPSA id 18a9f1b2c3d000e1f2.001 for <user@example.com> "
                 "(version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384); Mon, 18 Sep 2023 13:30:14 +0000",
        .used = YES,
        .version = TLS13,
        .version_text = "TLSv1.3",
        .cipher = "TLS_AES_256_GCM_SHA384",
        .evidence = "(version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384)",
    },
    {
        .name = "haraka-old-verify-fail",
        .value = "from mail.example.com (mail.example.com [192.0.2.14]) by mx.example.org "
                 "(Haraka/2.8.13) with ESMTPSA id 8E4B5C6D-1A2B-4C3D-9E8F-0123456789AB.1 "
                 "envelope-from <a@example.com> (authenticated bits=0) (version=TLSv1/SSLv3 "
                 "cipher=ECDHE-RSA-AES256-GCM-SHA384 verify=FAIL); Mon, 18 Sep 2017 09:30:14 "
                 "-0400",
        .used = YES,
        .version = AMBIGUOUS,
        .version_text = "TLSv1/SSLv3",
        .cipher = "ECDHE-RSA-AES256-GCM-SHA384",
        .client_certificate = "failed",
        .evidence = "(version=TLSv1/SSLv3 cipher=ECDHE-RSA-AES256-GCM-SHA384 verify=FAIL)",
    },
    {
        .name = "haraka-new-tls-clause",
        .value = "from mail.example.com (mail.example.com [192.0.2.14]) by mx.example.org "
                 "(Haraka/3.0.2) with ESMTPS id 8E4B5C6D-1A2B-4C3D-9E8F-0123456789AB.1\r\n\t"
                 "envelope-from <a@example.com>\r\n\ttls TLS_AES_256_GCM_SHA384; Mon, 18 Sep "
                 "2023 09:30:14 -0400",
        .used = YES,
        .version = TLS13,
        .inferred = TRUE,
        .cipher = "TLS_AES_256_GCM_SHA384",
        .evidence = "tls TLS_AES_256_GCM_SHA384",
    },
    {
        .name = "ecelerity-cipher-only",
        .value = "from [192.0.2.119] ([192.0.2.119:5829] helo=[192.0.2.153]) by "
                 "mta2.example.net (envelope-from <a@example.com>) (ecelerity 5.0.0.74392 "
                 "r(msys-ecelerity:tags/5.0.0.3)) with ESMTPSA (cipher=AES-256-GCM) id "
                 "C1/C0-26909-6FDF9386; Fri, 30 May 2025 18:50:30 +0000",
        .used = YES,
        .cipher = "AES-256-GCM",
        .evidence = "(cipher=AES-256-GCM)",
    },
    {
        .name = "ecelerity-tls13-suite-with-subject",
        .value = "from [192.0.2.76] ([192.0.2.76:46764] helo=app1.example.net) by "
                 "mx2.example.com (envelope-from <a@example.com>) (ecelerity 4.7.0.20111 "
                 "r(msys-ecelerity:tags/4.7.0-ga^0)) with ESMTPS (cipher=TLS_AES_256_GCM_SHA384 "
                 "subject=\"/C=US/O=Example, inc./CN=app1.example.net\") id "
                 "98/24-55697-C5277876; Wed, 15 Jan 2025 08:31:24 +0000",
        .used = YES,
        .version = TLS13,
        .inferred = TRUE,
        .cipher = "TLS_AES_256_GCM_SHA384",
        .evidence = "(cipher=TLS_AES_256_GCM_SHA384 subject=\"/C=US/O=Example, "
                    "inc./CN=app1.example.net\")",
    },
    {
        .name = "yahoo-mx-smtps-lowercase-s",
        .value = "from 198.51.100.197 (EHLO o1361.shared.example.com) by 198.51.100.150 with "
                 "SMTPs (version=TLS1_3 cipher=TLS_AES_128_GCM_SHA256); Mon, 18 Sep 2023 "
                 "13:30:17 +0000",
        .used = YES,
        .version = TLS13,
        .version_text = "TLS1_3",
        .cipher = "TLS_AES_128_GCM_SHA256",
        .evidence = "(version=TLS1_3 cipher=TLS_AES_128_GCM_SHA256)",
    },
    {
        .name = "yahoo-store-https",
        .value = "from 198.51.100.150 by atlas209.free.mail.ne1.yahoo.com pod-id NONE with "
                 "HTTPS; Mon, 18 Sep 2023 13:30:17 +0000",
        .used = YES,
        .evidence = "with HTTPS",
    },
    {
        .name = "yahoo-web-http",
        .value = "from sonic.gate.mail.ne1.yahoo.com by sonic312.consmr.mail.sg3.yahoo.com with "
                 "HTTP; Mon, 18 Sep 2023 13:30:17 +0000",
    },
    {
        .name = "ibm-domino-tls-after-semicolon",
        .value = "from mail.example.com (192.0.2.16) by gw.example.com (192.0.2.140) with IBM "
                 "ESMTP SMTP Gateway: Authorized Use Only! Violators will be prosecuted;\r\n\t"
                 "(version=TLSv1/SSLv3 cipher=AES128-GCM-SHA256 bits=128/128)\r\n\tWed, 8 Mar "
                 "2017 10:11:12 -0500",
        .used = YES,
        .version = AMBIGUOUS,
        .version_text = "TLSv1/SSLv3",
        .cipher = "AES128-GCM-SHA256",
        .bits = 128,
        .evidence = "(version=TLSv1/SSLv3 cipher=AES128-GCM-SHA256 bits=128/128)",
    },
    {
        /* IBM's cloud gateway writes its own name before the protocol word
         * (spamscope-proofpoint-ibm-domino-imsva-15hops.eml hop 2): ESMTP, no TLS details. */
        .name = "ibm-notes-name-before-esmtp",
        .value = "from relay.example.com (192.0.2.159) by smtp.notes.example.com (192.0.2.16) "
                 "with smtp.notes.example.com ESMTP; Wed, 8 Mar 2017 16:45:51 -0000",
        .used = NO,
        .evidence = "with ESMTP",
    },
    {
        /* Domino's banner as the with clause, without the TLS comment of the row above. */
        .name = "ibm-domino-banner-plain",
        .value = "from mail.example.com (192.0.2.16) by gw.example.com (192.0.2.140) with IBM "
                 "ESMTP SMTP Gateway: Authorized Use Only! Violators will be prosecuted; Wed, 8 "
                 "Mar 2017 16:46:21 -0000",
        .used = NO,
        .evidence = "with ESMTP",
    },
    {
        .name = "sendgrid-http",
        .value = "from MTU2NDU4ODE (unknown) by geopod-ismtpd-3 (SG) with HTTP id "
                 "1WQcEpDGTWOZLa89q1ZTRA Mon, 18 Sep 2023 13:30:14.490 +0000 (UTC)",
    },
    {
        .name = "sendgrid-go-timestamp-no-from",
        .value = "by filterdrecv-9c566959b-njbnd with SMTP id "
                 "filterdrecv-9c566959b-njbnd-1-650850E6-60 2023-09-18 13:30:14.644090596 +0000 "
                 "UTC m=+7747775.302840424",
    },
    {
        .name = "mailgun-http-unknown",
        .value = "from <unknown> (<unknown> []) by 47a34c698db9 with HTTP id "
                 "64c287db8eae254b7ee92baf; Thu, 27 Jul 2023 15:06:03 GMT",
    },
    {
        /* No from, but details: they always win. */
        .name = "mailgun-smtp-version-comment",
        .value = "by 4180d336a0af with SMTP id 67042f84e23a578696be1aec (version=TLS1.2, "
                 "cipher=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256); Mon, 07 Oct 2024 19:00:20 GMT",
        .used = YES,
        .version = TLS12,
        .version_text = "TLS1.2",
        .cipher = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        .evidence = "(version=TLS1.2, cipher=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)",
    },
    {
        .name = "hmailserver-lone-semicolon",
        .value = "from mail.example.com (Unknown [192.0.2.17]) by HMAIL with ESMTPS "
                 "(version=TLSv1.2 cipher=ECDHE-RSA-AES256-GCM-SHA384 bits=256)\r\n ;\r\n Mon, "
                 "18 Sep 2023 15:30:14 +0200",
        .used = YES,
        .version = TLS12,
        .version_text = "TLSv1.2",
        .cipher = "ECDHE-RSA-AES256-GCM-SHA384",
        .bits = 256,
        .evidence = "(version=TLSv1.2 cipher=ECDHE-RSA-AES256-GCM-SHA384 bits=256)",
    },
    {
        .name = "communigate-esmtp-tls",
        .value = "from mail.example.com ([192.0.2.18]) by cgp.example.com (CommuniGate Pro SMTP "
                 "4.0.3) with ESMTP-TLS id 5026665 for user@example.com; Thu, 18 Sep 2003 "
                 "15:30:14 +0200",
        .used = YES,
        .evidence = "with ESMTP-TLS",
    },
    {
        .name = "vger-orcpt-plain",
        .value = "from mail.example.com ([192.0.2.19]:4731 \"EHLO example.com\" "
                 "rhost-flags-OK-OK-OK-FAIL) by vger.kernel.org with ESMTP id S1728627AbfHTBdL "
                 "(ORCPT <rfc822;list@example.org>); Mon, 19 Aug 2019 21:33:11 -0400",
        .used = NO,
        .evidence = "with ESMTP",
    },
    {
        .name = "zoho-smtps-no-details",
        .value = "from [192.0.2.220] (192.0.2.220 [192.0.2.220]) by mx.zoho.eu with SMTPS id "
                 "1703125760122629.831580403869; Thu, 21 Dec 2023 03:29:20 +0100 (CET)",
        .used = YES,
        .evidence = "with SMTPS",
    },
    {
        .name = "gmx-nemesis-esmtps",
        .value = "from mout.example.net ([192.0.2.174]) by mx-ha.gmx.net (mxgmx107 [192.0.2.5]) "
                 "with ESMTPS (Nemesis) id 1MN5if-1r2Xyz3ABC-00Ixyz; Mon, 18 Sep 2023 15:30:14 "
                 "+0200",
        .used = YES,
        .evidence = "with ESMTPS",
    },
    {
        .name = "mdaemon-esmtpa",
        .value = "from [192.0.2.3] by mail.example.com (MDaemon PRO v15.0.0) with ESMTPA id "
                 "md50207311817.msg for <user@example.com>; Mon, 18 Sep 2023 15:30:14 +0200",
        .used = NO,
        .evidence = "with ESMTPA",
    },
    {
        /* Forcepoint Email writes Postfix's comments, and itself as the by "host". */
        .name = "forcepoint-using-before-by",
        .value = "from mail.example.org (mail.example.org [192.0.2.80]) (using TLSv1.2 with "
                 "cipher AES256-SHA (256/256 bits)) (No client certificate requested) by "
                 "Forcepoint Email with ESMTPS id 2595E8ACDEFA9FB4E81B; Mon, 6 Jan 2025 10:00:00 "
                 "+0000",
        .used = YES,
        .version = TLS12,
        .version_text = "TLSv1.2",
        .cipher = "AES256-SHA",
        .bits = 256,
        .client_certificate = "not-requested",
        .evidence = "(using TLSv1.2 with cipher AES256-SHA (256/256 bits))",
    },
    {
        .name = "websense-plain",
        .value = "from relay.example.org (unknown [192.0.2.196]) by Websense Email Security "
                 "Gateway with ESMTP id DE02F188BFAF for <u@example.com>; Sun, 29 Nov 2015 "
                 "09:45:14 +0100 (CET)",
        .used = NO,
        .evidence = "with ESMTP",
    },
    {
        .name = "proofpoint-essentials-ppe",
        .value = "from mail.example.org (mail.example.org [192.0.2.81]) (using TLSv1.2 with "
                 "cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)) (No client certificate "
                 "requested) by mx.example.net (PPE Hosted ESMTP Server) with ESMTPS id "
                 "4AbC1d2EfG; Mon, 6 Jan 2025 10:00:00 +0000",
        .used = YES,
        .version = TLS12,
        .version_text = "TLSv1.2",
        .cipher = "ECDHE-RSA-AES256-GCM-SHA384",
        .bits = 256,
        .client_certificate = "not-requested",
        .evidence = "(using TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits))",
    },
    {
        .name = "sentrion-sendmail-style",
        .value = "from mail.example.org (mail.example.org [192.0.2.91]) by mx.example.net "
                 "(Sentrion-MTA-4.5.6/Sentrion-MTA-4.5.6) with ESMTPS id 506ABCDE012345 "
                 "(version=TLSv1.2 cipher=ECDHE-RSA-AES256-GCM-SHA384 bits=256 verify=NO) for "
                 "<u@example.com>; Mon, 6 Jan 2025 10:00:00 +0000",
        .used = YES,
        .version = TLS12,
        .version_text = "TLSv1.2",
        .cipher = "ECDHE-RSA-AES256-GCM-SHA384",
        .bits = 256,
        .client_certificate = "not-presented",
        .evidence = "(version=TLSv1.2 cipher=ECDHE-RSA-AES256-GCM-SHA384 bits=256 verify=NO)",
    },
    {
        /* Oracle Communications Messaging Server: TLS only. */
        .name = "oracle-comms-esmtps",
        .value = "from mail.example.org (mail.example.org [192.0.2.82]) by "
                 "omta-ad2-fd1-301.example.com (Oracle Communications Messaging Server "
                 "8.1.0.1.20240215 64bit (built Feb 15 2024)) with ESMTPS id "
                 "<0SBU01ANM13GGX70@omta.example.com>; Mon, 6 Jan 2025 10:00:00 +0000",
        .used = YES,
        .evidence = "with ESMTPS",
    },
    {
        .name = "yandex-esmtpsa",
        .value = "from 192.0.2.84 (192.0.2.84 [192.0.2.84]) by mail.yandex.net (smtp/Yandex) "
                 "with ESMTPSA id abCdEf-12345; Mon, 6 Jan 2025 10:00:00 +0300",
        .used = YES,
        .evidence = "with ESMTPSA",
    },
    {
        .name = "yandex-forward-plain",
        .value = "from mail.example.org (mail.example.org [192.0.2.83]) by "
                 "forward400a.mail.yandex.net (Yandex) with ESMTP id 1A2B3C4D5E; Mon, 6 Jan 2025 "
                 "10:00:00 +0300",
        .used = NO,
        .evidence = "with ESMTP",
    },
    {
        .name = "securitygateway-plain",
        .value = "from mail.example.org (192.0.2.10) by gw.example.org (SecurityGateway 9.5.3) "
                 "with ESMTP id 1cac70c5211f498cafc5a9aa5109e877; Sun, 02 Jun 2024 10:46:12 +0200",
        .used = NO,
        .evidence = "with ESMTP",
    },
    {
        .name = "exchange-2013-via-mailbox-transport",
        .value = "from MBX01.example.org (192.0.2.170) by MBX02.example.org (192.0.2.169) with "
                 "Microsoft SMTP Server (TLS) id 15.0.1367.3 via Mailbox Transport; Sat, 6 Sep "
                 "2025 14:16:50 +0200",
        .used = YES,
        .evidence = "(TLS)",
    },
    {
        /* SparkPost's API injection: no SMTP link, nothing about TLS. */
        .name = "sparkpost-rest",
        .value = "from 192.0.2.90 by mta.example.com (SparkPost) with REST id "
                 "12/34-56789-ABCDEF; Mon, 6 Jan 2025 10:00:00 +0000",
        .used = UNKNOWN,
    },
    {
        /* Mailchimp's local injection: RFC 3848 says plain ESMTP. */
        .name = "mailchimp-localhost-esmtp",
        .value = "from localhost (localhost [127.0.0.1]) by mail230.example.net (Mailchimp) with "
                 "ESMTP id 4Ab1Cd2EfGz; Mon, 6 Jan 2025 10:00:00 +0000",
        .used = NO,
        .evidence = "with ESMTP",
    },
    {
        /* amavis re-injection hop. */
        .name = "amavis-reinjection",
        .value = "from mail.example.com ([127.0.0.1]) by localhost (mail.example.com "
                 "[127.0.0.1]) (amavisd-new, port 10024) with ESMTP id AbCdEf12345; Mon, 6 Jan "
                 "2025 10:00:00 +0000",
        .used = NO,
        .evidence = "with ESMTP",
    },
    {
        /* Postfix 3.10 smtpd_hide_client_session: no from, no with, no TLS. */
        .name = "postfix-310-hidden-session",
        .value = "by mail.example.com (Postfix) id 4YVh2c1RkLz7pQx for <u@example.com>; Mon, 6 "
                 "Jan 2025 10:00:00 +0000",
        .used = UNKNOWN,
    },
    {
        /* qmail left the by host out: "with" is still the keyword, and ESMTPS says TLS. */
        .name = "qmail-by-without-host-esmtps",
        .value = "from unknown (HELO relay.example.net) (192.0.2.35) by with ESMTPS; 15 Nov 2017 "
                 "14:16:18 -0000",
        .used = YES,
        .evidence = "with ESMTPS",
    },

    /* ---- Lines that say nothing, or lie about themselves ---- */
    {
        /* A "version=" that names no TLS version is not evidence. */
        .name = "product-version-comment-is-no-tls",
        .value = "from a.example.com (a.example.com [192.0.2.1]) by b.example.com (Gateway "
                 "version=2.0) with ESMTP id 1; Mon, 1 Jan 2024 00:00:00 +0000",
        .used = NO,
        .evidence = "with ESMTP",
    },
    {
        .name = "no-with",
        .value = "from a.example.com (a.example.com [192.0.2.1]) by b.example.com id 1; Mon, 1 "
                 "Jan 2024 00:00:00 +0000",
    },
    {
        .name = "empty-value",
        .value = "",
    },
    {
        .name = "garbage",
        .value = "garbage !!! ### [[[ <<< ))) ;;;",
    },
};

static const char *
used_name (HtTlsUsed used)
{
    switch (used) {
    case HT_TLS_USED_YES: return "YES";
    case HT_TLS_USED_NO: return "NO";
    case HT_TLS_USED_UNKNOWN: return "UNKNOWN";
    default: return "?";
    }
}

static const char *
version_name (HtTlsVersion version)
{
    switch (version) {
    case HT_TLS_VERSION_NONE: return "NONE";
    case HT_TLS_VERSION_SSL2: return "SSL2";
    case HT_TLS_VERSION_SSL3: return "SSL3";
    case HT_TLS_VERSION_1_0: return "1.0";
    case HT_TLS_VERSION_1_1: return "1.1";
    case HT_TLS_VERSION_1_2: return "1.2";
    case HT_TLS_VERSION_1_3: return "1.3";
    case HT_TLS_VERSION_AMBIGUOUS: return "AMBIGUOUS";
    default: return "?";
    }
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

static void
test_forms (void **state)
{
    (void) state;
    g_autoptr (GString) errors = g_string_new (NULL);
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        const char *row = cases[i].name;
        g_autoptr (HtReceived) r = ht_received_parse (cases[i].value);
        g_autoptr (HtTls) tls = ht_tls_from_received (r);
        assert_non_null (tls);
        if (tls->used != cases[i].used)
            g_string_append_printf (errors, "  %s: used is %s, expected %s\n", row,
                                    used_name (tls->used), used_name (cases[i].used));
        if (tls->version != cases[i].version)
            g_string_append_printf (errors, "  %s: version is %s, expected %s\n", row,
                                    version_name (tls->version), version_name (cases[i].version));
        if (!tls->version_inferred != !cases[i].inferred)
            g_string_append_printf (errors, "  %s: version_inferred is %s\n", row,
                                    tls->version_inferred ? "TRUE" : "FALSE");
        compare_string (errors, row, "version_text", cases[i].version_text, tls->version_text);
        compare_string (errors, row, "cipher", cases[i].cipher, tls->cipher);
        gint bits = cases[i].bits ? cases[i].bits : -1;
        if (tls->bits != bits)
            g_string_append_printf (errors, "  %s: bits is %d, expected %d\n", row, tls->bits,
                                    bits);
        compare_string (errors, row, "client_certificate", cases[i].client_certificate,
                        tls->client_certificate);
        compare_string (errors, row, "evidence", cases[i].evidence, tls->evidence);
        /* The contract: a verdict always names the text it came from. */
        if (tls->used != HT_TLS_USED_UNKNOWN && tls->evidence == NULL)
            g_string_append_printf (errors, "  %s: a verdict without evidence\n", row);
    }
    fail_on_errors (errors, G_N_ELEMENTS (cases));
}

/* ---- ht_tls_version_parse ---- */

static const struct {
    const char *text;
    HtTlsVersion version;
} versions[] = {
    {"TLSv1", TLS10},
    {"TLS1", TLS10},
    {"TLS1_0", TLS10},
    {"TLS1.0", TLS10},
    {"TLS-1.0", TLS10},
    {"TLSv1.0", TLS10},
    {"TLSv1.1", TLS11},
    {"TLS1_1", TLS11},
    {"TLS1.1", TLS11},
    {"TLS-1.1", TLS11},
    {"TLSv1.2", TLS12},
    {"TLS1_2", TLS12},
    {"TLS1.2", TLS12},
    {"TLS-1.2", TLS12},
    {"TLSv1.3", TLS13},
    {"TLS1_3", TLS13},
    {"TLS1.3", TLS13},
    {"TLS-1.3", TLS13},
    {"tlsv1.2", TLS12},
    {" TLSv1.2 ", TLS12},
    {"SSLv3", SSL3},
    {"SSL3", SSL3},
    {"SSLv3.0", SSL3},
    {"SSLv2", HT_TLS_VERSION_SSL2},
    {"SP_PROT_TLS1_2_SERVER", TLS12},
    {"SP_PROT_TLS1_0_CLIENT", TLS10},
    {"SP_PROT_TLS1_1_SERVER", TLS11},
    {"SP_PROT_TLS1_3_CLIENT", TLS13},
    {"SP_PROT_TLS1_SERVER", TLS10},
    {"SP_PROT_SSL3_CLIENT", SSL3},
    {"TLSv1/SSLv3", AMBIGUOUS},
    {"tlsv1/sslv3", AMBIGUOUS},
    {"", HT_TLS_VERSION_NONE},
    {"garbage", HT_TLS_VERSION_NONE},
    {"TLS", HT_TLS_VERSION_NONE},
    {"TLSv1.4", HT_TLS_VERSION_NONE},
    {"TLS1_2x", HT_TLS_VERSION_NONE},
    {"TLSv1.2.3", HT_TLS_VERSION_NONE},
    {"DTLSv1.2", HT_TLS_VERSION_NONE},
    {"1.2", HT_TLS_VERSION_NONE},
    {"SP_PROT_", HT_TLS_VERSION_NONE},
    {"SP_PROT_TLS1_2_BOGUS", HT_TLS_VERSION_NONE},
    {"TLS1_2_SERVER", HT_TLS_VERSION_NONE},
    {NULL, HT_TLS_VERSION_NONE},
};

static void
test_version_parse (void **state)
{
    (void) state;
    g_autoptr (GString) errors = g_string_new (NULL);
    for (gsize i = 0; i < G_N_ELEMENTS (versions); i++) {
        HtTlsVersion version = ht_tls_version_parse (versions[i].text);
        if (version != versions[i].version)
            g_string_append_printf (errors, "  \"%s\": %s, expected %s\n",
                                    versions[i].text ? versions[i].text : "NULL",
                                    version_name (version), version_name (versions[i].version));
    }
    fail_on_errors (errors, G_N_ELEMENTS (versions));
}

static void
test_version_name (void **state)
{
    (void) state;
    /* The JSON contract's spellings. */
    assert_string_equal (ht_tls_version_name (HT_TLS_VERSION_SSL3), "SSL3");
    assert_string_equal (ht_tls_version_name (HT_TLS_VERSION_1_0), "TLS1.0");
    assert_string_equal (ht_tls_version_name (HT_TLS_VERSION_1_1), "TLS1.1");
    assert_string_equal (ht_tls_version_name (HT_TLS_VERSION_1_2), "TLS1.2");
    assert_string_equal (ht_tls_version_name (HT_TLS_VERSION_1_3), "TLS1.3");
    assert_null (ht_tls_version_name (HT_TLS_VERSION_NONE));
    assert_null (ht_tls_version_name (HT_TLS_VERSION_AMBIGUOUS));
}

/* ---- ht_tls_used_from_protocol ---- */

static const struct {
    const char *with;
    HtTlsUsed used;
} protocols[] = {
    {"ESMTPS", YES},
    {"esmtps", YES},
    {"ESMTPSA", YES},
    {"esmtpsa", YES},
    {"UTF8SMTPS", YES},
    {"UTF8SMTPSA", YES},
    {"utf8esmtps", YES},
    {"LMTPS", YES},
    {"LMTPSA", YES},
    {"UTF8LMTPS", YES},
    {"SMTPs", YES},
    {"SMTPS", YES},
    {"ssmtp", YES},
    {"essmtpa", YES},
    {"HTTPS", YES},
    {"SMTP", NO},
    {"smtp", NO},
    {"ESMTP", NO},
    {"esmtp", NO},
    {"ESMTPA", NO},
    {"LMTP", NO},
    {"LMTPA", NO},
    {"UTF8SMTP", NO},
    {"UTF8SMTPA", NO},
    {"ESMTP with STARTTLS", NO}, /* only the first word: the caller reads the rest */
    {"HTTP", UNKNOWN},
    {"mapi", UNKNOWN},
    {"local", UNKNOWN},
    {"QMQP", UNKNOWN},
    {"NNFMP", UNKNOWN},
    {"FQDP", UNKNOWN},
    {"Microsoft SMTP Server", UNKNOWN},
    {"ESMTPX", UNKNOWN},
    {"", UNKNOWN},
    {NULL, UNKNOWN},
};

static void
test_used_from_protocol (void **state)
{
    (void) state;
    g_autoptr (GString) errors = g_string_new (NULL);
    for (gsize i = 0; i < G_N_ELEMENTS (protocols); i++) {
        HtTlsUsed used = ht_tls_used_from_protocol (protocols[i].with);
        if (used != protocols[i].used)
            g_string_append_printf (errors, "  \"%s\": %s, expected %s\n",
                                    protocols[i].with ? protocols[i].with : "NULL",
                                    used_name (used), used_name (protocols[i].used));
    }
    fail_on_errors (errors, G_N_ELEMENTS (protocols));
}

/* A huge value holding TLS text in many shapes parses and yields a verdict without crashing. */
static void
test_huge_value (void **state)
{
    (void) state;
    GString *s = g_string_new ("from a.example.com (a.example.com [192.0.2.1]) ");
    while (s->len < 200 * 1024)
        g_string_append (s, "(version= cipher= bits=x verify=) (using ) (TLS: ,,,) (a:b:c) "
                            "( encrypted) (TLS) ");
    g_string_append (s, "(using TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)) "
                        "by b.example.com with ESMTPS id 1; Mon, 1 Jan 2024 00:00:00 +0000");
    g_autofree gchar *value = g_string_free (s, FALSE);
    g_autoptr (HtReceived) r = ht_received_parse (value);
    g_autoptr (HtTls) tls = ht_tls_from_received (r);
    assert_int_equal (tls->used, HT_TLS_USED_YES);
    assert_int_equal (tls->version, HT_TLS_VERSION_1_2);
    assert_string_equal (tls->cipher, "ECDHE-RSA-AES256-GCM-SHA384");
    assert_string_equal (tls->evidence,
                         "(using TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits))");
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_forms),        cmocka_unit_test (test_version_parse),
        cmocka_unit_test (test_version_name), cmocka_unit_test (test_used_from_protocol),
        cmocka_unit_test (test_huge_value),
    };
    return cmocka_run_group_tests_name ("tls", tests, NULL, NULL);
}
