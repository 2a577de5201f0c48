/* Tests of ht-input: Outlook-paste repair, single messages, mboxes, unreadable sources. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <glib/gstdio.h>
#include <gmime/gmime.h>
#include <stdlib.h>
#include <string.h>

#include "ht-chain.h"
#include "ht-input.h"

/* Counts the hop fields of a parsed message and joins their unfolded values, newest first. */
static guint
count_received (const HtMessage *message)
{
    guint n = 0;
    for (guint i = 0; i < message->headers->len; i++) {
        const HtHeader *header = g_ptr_array_index (message->headers, i);
        const char *field;
        n += ht_chain_is_hop_field (header->name, &field);
    }
    return n;
}

static const char *
header_value (const HtMessage *message, const char *name)
{
    for (guint i = 0; i < message->headers->len; i++) {
        const HtHeader *header = g_ptr_array_index (message->headers, i);
        if (g_ascii_strcasecmp (header->name, name) == 0)
            return header->value;
    }
    return NULL;
}

static const struct {
    const char *name;
    const char *data;
    gboolean force_paste;
    guint received;       /* hop fields expected */
    gboolean paste;       /* read as a paste */
    const char *subject;  /* decoded subject expected, or NULL */
    const char *contains; /* a Received value must contain this (after repair), or NULL */
} cases[] = {
    {"plain eml",
     "Received: from a.example.com by b.example.com; Tue, 14 Jan 2025 10:00:00 +0000\n"
     "Subject: hi\n\nbody\n",
     FALSE, 1, FALSE, "hi", NULL},
    {"crlf eml",
     "Received: from a.example.com\r\n\tby b.example.com; Tue, 14 Jan 2025 10:00:00 +0000\r\n"
     "Subject: crlf\r\n\r\nbody\r\n",
     FALSE, 1, FALSE, "crlf", NULL},
    {"outlook marker, crlf, doubled blank lines",
     "Microsoft Mail Internet Headers Version 2.0\r\n"
     "Received: from b.example.com by c.example.com; Tue, 14 Jan 2025 10:00:02 +0000\r\n"
     "\r\n"
     "\r\n"
     "Received: from a.example.com by b.example.com; Tue, 14 Jan 2025 10:00:01 +0000\r\n"
     "Subject: pasted\r\n",
     FALSE, 2, TRUE, "pasted", NULL},
    {"lost folding",
     "Received: from a.example.com (192.0.2.1) by b.example.com (192.0.2.2) with\n"
     "Microsoft SMTP Server (TLS) id 14.3.498.0; Tue, 14 Jan 2025\n"
     "10:00:00 +0100\n"
     "Subject: lost\n",
     FALSE, 1, FALSE, "lost", "Microsoft SMTP Server (TLS) id 14.3.498.0"},
    {"pasted body after the headers",
     "Microsoft Mail Internet Headers Version 2.0\n"
     "Received: from a.example.com by b.example.com; Tue, 14 Jan 2025 10:00:00 +0000\n"
     "Subject: with body\n"
     "\n"
     "Hello, this body was pasted too.\n"
     "Regards\n",
     FALSE, 1, TRUE, "with body", NULL},
    {"blank lines between every field, no marker",
     "Received: from b.example.com by c.example.com; Tue, 14 Jan 2025 10:00:02 +0000\n\n"
     "Received: from a.example.com by b.example.com; Tue, 14 Jan 2025 10:00:01 +0000\n\n"
     "Subject: spaced\n\n"
     "From: a@example.com\n",
     FALSE, 2, TRUE, "spaced", NULL},
    {"forwarded text in the body is not a header",
     "Received: from a.example.com by b.example.com; Tue, 14 Jan 2025 10:00:00 +0000\n"
     "Subject: original\n"
     "\n"
     "From: someone@example.org\n"
     "Sent: Monday\n"
     "Subject: forwarded\n"
     "\n"
     "Text of the forwarded message.\n",
     FALSE, 1, FALSE, "original", NULL},
    {"--paste forces paste reading",
     "Received: from b.example.com by c.example.com; Tue, 14 Jan 2025 10:00:02 +0000\n\n"
     "Received: from a.example.com by b.example.com; Tue, 14 Jan 2025 10:00:01 +0000\n",
     TRUE, 2, TRUE, NULL, NULL},
    {"byte-order mark and leading blank lines",
     "\xEF\xBB\xBF\n\nReceived: from a.example.com by b.example.com; Tue, 14 Jan 2025 10:00:00 "
     "+0000\n"
     "Subject: bom\n",
     FALSE, 1, FALSE, "bom", NULL},
    {"header block only, no final newline",
     "Received: from a.example.com by b.example.com; Tue, 14 Jan 2025 10:00:00 +0000\n"
     "X-Received: by 2002:a05::1 with SMTP id x; Tue, 14 Jan 2025 10:00:01 +0000",
     FALSE, 2, FALSE, NULL, NULL},
    {"encoded subject",
     "Subject: =?UTF-8?B?R3LDvMOfZQ==?=\nReceived: by b.example.com; Tue, 14 Jan 2025 10:00:00 "
     "+0000\n\n",
     FALSE, 1, FALSE, "Grüße", NULL},
};

static void
test_parse_cases (void **state)
{
    (void) state;
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        HtInputOptions options = {.force_paste = cases[i].force_paste};
        g_autoptr (GError) error = NULL;
        g_autoptr (HtMessage) message =
            ht_input_parse_bytes ("-", cases[i].data, strlen (cases[i].data), &options, &error);
        if (message == NULL)
            fail_msg ("%s: %s", cases[i].name, error->message);
        if (count_received (message) != cases[i].received)
            fail_msg ("%s: %u hop fields, expected %u", cases[i].name, count_received (message),
                      cases[i].received);
        if (message->paste != cases[i].paste)
            fail_msg ("%s: paste is %d", cases[i].name, message->paste);
        if (g_strcmp0 (message->subject, cases[i].subject) != 0)
            fail_msg ("%s: subject '%s'", cases[i].name, message->subject);
        if (cases[i].contains) {
            const char *value = header_value (message, "Received");
            g_autofree gchar *unfolded = value ? ht_received_unfold (value) : NULL;
            if (unfolded == NULL || strstr (unfolded, cases[i].contains) == NULL)
                fail_msg ("%s: Received is '%s'", cases[i].name, value);
        }
    }
}

static void
test_no_message (void **state)
{
    (void) state;
    static const char *const inputs[] = {"", "\n\n\n", "\x01\x02\x03 binary \xff\xfe",
                                         "just a line of text\nand another\n"};
    for (gsize i = 0; i < G_N_ELEMENTS (inputs); i++) {
        g_autoptr (GError) error = NULL;
        g_autoptr (HtMessage) message =
            ht_input_parse_bytes ("-", inputs[i], strlen (inputs[i]), NULL, &error);
        assert_null (message);
        assert_true (g_error_matches (error, HT_INPUT_ERROR, HT_INPUT_ERROR_NO_MESSAGE));
    }
}

static void
test_nul_bytes (void **state)
{
    (void) state;
    static const char data[] = "Received: from a\0b.example.com by c.example.com; Tue, 14 Jan 2025 "
                               "10:00:00 +0000\nSubject: nul\n\nbody\n";
    g_autoptr (GError) error = NULL;
    g_autoptr (HtMessage) message = ht_input_parse_bytes ("-", data, sizeof data - 1, NULL, &error);
    assert_non_null (message);
    assert_int_equal (message->nul_bytes, 1);
    assert_int_equal (count_received (message), 1);
    assert_non_null (strstr (header_value (message, "Received"), "by c.example.com"));
}

static void
test_mbox (void **state)
{
    (void) state;
    g_autofree gchar *path =
        g_build_filename (HT_TOP_SRCDIR, "testdata", "three-messages.mbox", NULL);
    g_autoptr (GError) error = NULL;
    g_autoptr (HtInput) input = ht_input_open (path, NULL, &error);
    assert_non_null (input);
    guint n = 0;
    for (;;) {
        g_autoptr (HtMessage) message = ht_input_next (input, &error);
        if (message == NULL)
            break;
        assert_int_equal (message->index, n);
        assert_int_equal (count_received (message), 2);
        n++;
    }
    assert_null (error);
    assert_int_equal (n, 3);
}

static void
test_unreadable (void **state)
{
    (void) state;
    g_autoptr (GError) error = NULL;
    g_autoptr (HtInput) missing = ht_input_open ("/nonexistent/file.eml", NULL, &error);
    assert_null (missing);
    assert_true (g_error_matches (error, HT_INPUT_ERROR, HT_INPUT_ERROR_UNREADABLE));
    g_clear_error (&error);
    g_autoptr (HtInput) device = ht_input_open ("/dev/null", NULL, &error);
    assert_null (device);
    assert_true (g_error_matches (error, HT_INPUT_ERROR, HT_INPUT_ERROR_UNREADABLE));
}

static void
test_truncated_mbox (void **state)
{
    (void) state;
    /* An mbox cut in the middle of its second message's header block. */
    static const char data[] =
        "From a@example.com Tue Jan 14 10:00:00 2025\n"
        "Received: from a.example.com by b.example.com; Tue, 14 Jan 2025 10:00:00 +0000\n"
        "Subject: one\n\nbody\n\n"
        "From a@example.com Tue Jan 14 10:00:00 2025\n"
        "Received: from a.example.com by b.exam";
    g_autofree gchar *path =
        g_build_filename (g_get_tmp_dir (), "hoptrace-test-truncated.mbox", NULL);
    assert_true (g_file_set_contents (path, data, sizeof data - 1, NULL));
    g_autoptr (GError) error = NULL;
    g_autoptr (HtInput) input = ht_input_open (path, NULL, &error);
    assert_non_null (input);
    guint n = 0, hops = 0;
    for (;;) {
        g_autoptr (HtMessage) message = ht_input_next (input, &error);
        if (message == NULL)
            break;
        hops += count_received (message);
        n++;
    }
    g_unlink (path);
    assert_int_equal (n, 2);
    assert_int_equal (hops, 2);
}

/* Separators and header blocks that straddle the reader's 256 KiB chunks: bodies of many
 * lengths, a "From" word inside body lines, and CRLF line ends. */
static void
test_mbox_chunk_boundaries (void **state)
{
    (void) state;
    g_autoptr (GString) mbox = g_string_new (NULL);
    enum { N = 400 };
    for (guint i = 0; i < N; i++) {
        const char *eol = i % 3 == 0 ? "\r\n" : "\n";
        g_string_append_printf (mbox, "From sender@example.org Tue Jan 14 10:00:00 2025%s", eol);
        g_string_append_printf (mbox,
                                "Received: from a%u.example.org (a%u.example.org [192.0.2.1]) by "
                                "mx.example.com (Postfix) with ESMTPS id Q%u;%s Tue, 14 Jan 2025 "
                                "10:00:00 +0000%s",
                                i, i, i, eol, eol);
        g_string_append_printf (mbox, "Subject: %u%s%s", i, eol, eol);
        for (guint k = 0; k < 20 + (i * 37) % 90; k++)
            g_string_append_printf (mbox, "line %u of a body, From here on not a separator%s", k,
                                    eol);
        g_string_append_printf (mbox, "From-line lookalike%sFromage%s>From escaped%s%s", eol, eol,
                                eol, eol);
    }
    /* Then six messages whose separators straddle chunk boundaries exactly: the newline
     * before "From " lands 1..6 bytes before the k-th 256 KiB boundary of the file. */
    for (guint k = 1; k <= 6; k++) {
        gsize boundary = (gsize) (4 + k) * 256 * 1024;
        gsize newline_at = boundary - k;
        g_string_append (mbox, "filler ");
        while (mbox->len < newline_at - 1)
            g_string_append_c (mbox, mbox->len % 64 == 0 ? '\n' : 'x');
        g_string_append (mbox, "x\nFrom sender@example.org Tue Jan 14 10:00:00 2025\n");
        g_string_append_printf (mbox,
                                "Received: from b%u.example.org (b%u.example.org [192.0.2.2]) by "
                                "mx.example.com (Postfix) with ESMTPS id R%u; Tue, 14 Jan 2025 "
                                "10:00:00 +0000\nSubject: %u\n\nbody\n",
                                k, k, k, N + k - 1);
    }
    assert_true (mbox->len > 10 * 256 * 1024);
    g_autofree gchar *path = g_build_filename (g_get_tmp_dir (), "hoptrace-test-chunks.mbox", NULL);
    assert_true (g_file_set_contents (path, mbox->str, mbox->len, NULL));
    g_autoptr (GError) error = NULL;
    g_autoptr (HtInput) input = ht_input_open (path, NULL, &error);
    assert_non_null (input);
    guint n = 0;
    for (;;) {
        g_autoptr (HtMessage) message = ht_input_next (input, &error);
        if (message == NULL)
            break;
        if (count_received (message) != 1 || message->subject == NULL ||
            (guint) atoi (message->subject) != n)
            fail_msg ("message %u: %u hops, subject %s", n, count_received (message),
                      message->subject);
        n++;
    }
    g_unlink (path);
    assert_null (error);
    assert_int_equal (n, N + 6);
}

int
main (void)
{
    g_mime_init ();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_parse_cases),
        cmocka_unit_test (test_no_message),
        cmocka_unit_test (test_nul_bytes),
        cmocka_unit_test (test_mbox),
        cmocka_unit_test (test_unreadable),
        cmocka_unit_test (test_truncated_mbox),
        cmocka_unit_test (test_mbox_chunk_boundaries),
    };
    int failed = cmocka_run_group_tests (tests, NULL, NULL);
    g_mime_shutdown ();
    return failed;
}
