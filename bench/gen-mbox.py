#!/usr/bin/env python3
"""Writes a deterministic mbox for benchmarks: N messages of 4-8 realistic hops (Gmail,
Postfix, Exim, Sendmail, Exchange 2010/2016, Exchange Online), documentation addresses only.
With --attachment-kb K every message carries a base64 attachment of about K KiB.
Usage: gen-mbox.py N OUT [--attachment-kb K] [--seed S]"""
import argparse
import base64
import random

HOPS = [
    # (template, needs from) -- {n} message number, {d} date, {ip} documentation address
    "from mail-wr1-f{a}.google.com (mail-wr1-f{a}.google.com. [198.51.100.{a}])\n\tby mx.google.com with ESMTPS id x{n}si{a}.{a}\n\tfor <user{a}@example.com>\n\t(version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256);\n\t{d}",
    "by 2002:a05:6504:{a:x}:b0:1f6::{a:x} with SMTP id {n}csp{a};\n\t{d}",
    "from relay{a}.example.org (relay{a}.example.org [192.0.2.{a}])\n\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)\n\t key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256)\n\t(No client certificate requested)\n\tby mx.example.net (Postfix) with ESMTPS id 4Xy{n}\n\tfor <user@example.net>; {d}",
    "from relay{a}.example.org (relay{a}.example.org [192.0.2.{a}])\n\tby mx.example.net (Postfix) with ESMTPS id 4Xz{n}\n\tfor <user@example.net>; {d}",
    "from [203.0.113.{a}] (port=5{a} helo=host{a}.example.net)\n\tby mail.example.net with esmtpsa (TLS1.3) tls TLS_AES_256_GCM_SHA384\n\t(Exim 4.96) (envelope-from <a{a}@example.net>)\n\tid 1tXyZa-000{n}-1x; {d}",
    "from host{a}.example.net ([203.0.113.{a}]:4{a} helo=host{a}.example.net)\n\tby mail.example.net with esmtps (TLSv1.2:ECDHE-RSA-AES256-GCM-SHA384:256)\n\t(Exim 4.92) (envelope-from <a{a}@example.net>) id 1tX{n}-0005; {d}",
    "from a{a}.example.org (a{a}.example.org [192.0.2.{a}])\n\tby relay.example.org (8.14.4/8.14.4) with ESMTP id 4AB{n}\n\t(version=TLSv1/SSLv3 cipher=DHE-RSA-AES256-SHA bits=256 verify=NOT)\n\tfor <user@example.org>; {d}",
    "from mail-wr1-f{a}.google.com (198.51.100.{a}) by EDGE01.example.com\n (192.0.2.10) with Microsoft SMTP Server (TLS) id 14.3.498.0; {d}",
    "from EDGE01.example.com (192.0.2.10) by EXCH01.corp.example.com (192.0.2.20)\n with Microsoft SMTP Server (TLS) id 14.3.498.0; {d}",
    "from EX16-01.example.com (192.0.2.61) by EX16-02.example.com (192.0.2.62)\n with Microsoft SMTP Server (version=TLS1_2,\n cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.1.2507.39; {d}",
    "from EXCH01.corp.example.com (203.0.113.20) by\n DB5PEPF0000{a:X}.mail.protection.outlook.com (2001:db8:1c5:2::{a:x}) with Microsoft SMTP\n Server (version=TLS1_3, cipher=TLS_AES_256_GCM_SHA384) id 15.20.7677.15\n via Frontend Transport; {d}",
    "from DB5PEPF0000{a:X}.eop-eur04.prod.protection.outlook.com\n (2001:db8:1c5:2::{a:x}) by AM6PR04MB{a}.eurprd04.prod.outlook.com\n (2001:db8:1c5:12::4) with Microsoft SMTP Server (version=TLS1_2,\n cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.7677.12; {d}",
    "from AM6PR04MB{a}.eurprd04.prod.outlook.com (::1) by\n AM6PR04MB5678.eurprd04.prod.outlook.com with HTTPS; {d}",
]

DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def date(t):
    # 2025-01-06 (a Monday) plus t seconds, written as RFC 5322 in +0000
    day, rest = divmod(t, 86400)
    return "%s, %02d Jan 2025 %02d:%02d:%02d +0000" % (
        DAYS[day % 7], 6 + day % 25, rest // 3600, rest // 60 % 60, rest % 60)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int)
    parser.add_argument("out")
    parser.add_argument("--attachment-kb", type=int, default=0)
    parser.add_argument("--seed", type=int, default=20250106)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    blob = base64.encodebytes(bytes(rng.getrandbits(8) for _ in range(args.attachment_kb * 768))).decode() if args.attachment_kb else ""
    with open(args.out, "w") as out:
        for n in range(args.count):
            t = n * 37
            hops = [rng.choice(HOPS) for _ in range(rng.randint(4, 8))]
            lines = []
            for i, hop in enumerate(hops):
                a = rng.randint(2, 250)
                lines.append("Received: " + hop.format(n=n, a=a, d=date(t + i)))
            lines.reverse()  # newest first
            out.write("From sender@example.org Mon Jan  6 10:00:00 2025\n")
            out.write("\n".join(lines) + "\n")
            out.write("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=s1;\n"
                      "\th=from:to:subject:date:message-id; bh=%s;\n\tb=%s\n"
                      % (base64.b64encode(rng.randbytes(32)).decode(), base64.b64encode(rng.randbytes(128)).decode()))
            out.write("Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=example.org;\n"
                      "\tdkim=pass header.d=example.org; dmarc=pass header.from=example.org\n")
            out.write("From: Sender %d <sender@example.org>\nTo: user@example.net\n" % n)
            out.write("Subject: =?UTF-8?Q?Benchmark_message_%d_=E2=80=93_quarterly?=\n" % n)
            out.write("Date: %s\nMessage-ID: <%d.bench@example.org>\nMIME-Version: 1.0\n" % (date(t), n))
            if blob:
                out.write('Content-Type: multipart/mixed; boundary="b%d"\n\n' % n)
                out.write("--b%d\nContent-Type: text/plain; charset=utf-8\n\nSee the attachment.\n\n" % n)
                out.write('--b%d\nContent-Type: application/octet-stream; name="data.bin"\n'
                          "Content-Transfer-Encoding: base64\n\n%s\n--b%d--\n\n" % (n, blob, n))
            else:
                out.write("Content-Type: text/plain; charset=utf-8\n\nHello,\nthis is message %d.\n\n" % n)


if __name__ == "__main__":
    main()
