/* Tests of ht-header-decode: Subject and Date values decode to exactly what GMime gives,
 * the common forms without asking GMime, and nothing is read or written outside the bounds
 * the caller gives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include <gmime/gmime.h>

#include "ht-header-decode.h"

/* Bytes past the end of what a caller provides, which must stay as they were. */
#define GUARD "\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f"
#define GUARD_LEN 8

/* A copy of VALUE followed by bytes that are not part of it (the value is passed with its
 * length, as a field's value is in a header block). */
static char *
unterminated_copy (const char *value, gsize len)
{
    char *copy = g_malloc (len + 4);
    memcpy (copy, value, len);
    memcpy (copy + len, "X=?\n", 4);
    return copy;
}

static const struct {
    const char *value;
    const char *unfolded;
    gboolean plain;
} unfold_rows[] = {
    {"Hello world", "Hello world", TRUE},
    {"  Hello \r\n\t world \r\n", "Hello world", TRUE},
    {"", "", TRUE},
    {" \t\r\n ", "", TRUE},
    {"a=b?c ?=", "a=b?c ?=", TRUE},
    {"x =?y", "x =?y", FALSE},             /* the start of an encoded word */
    {"Caf\xc3\xa9", "Caf\xc3\xa9", FALSE}, /* 8-bit text */
    {"a\x01"
     "b",
     "a\x01"
     "b",
     FALSE}, /* a control character is no fold space */
    {"a\x7f", "a\x7f", FALSE},
};

static void
test_unfold (void **state)
{
    (void) state;
    for (gsize i = 0; i < G_N_ELEMENTS (unfold_rows); i++) {
        gsize len = strlen (unfold_rows[i].value);
        g_autofree char *value = unterminated_copy (unfold_rows[i].value, len);
        g_autofree char *out = g_malloc (len + 1 + GUARD_LEN);
        memcpy (out + len + 1, GUARD, GUARD_LEN);
        gboolean plain = !unfold_rows[i].plain;
        gsize n = ht_header_decode_unfold (out, value, len, &plain);
        if (n != strlen (unfold_rows[i].unfolded) || strcmp (out, unfold_rows[i].unfolded) != 0)
            fail_msg ("row %zu: '%s' (%zu bytes), expected '%s'", i, out, n,
                      unfold_rows[i].unfolded);
        if (plain != unfold_rows[i].plain)
            fail_msg ("row %zu: plain %d, expected %d", i, plain, unfold_rows[i].plain);
        if (memcmp (out + len + 1, GUARD, GUARD_LEN) != 0)
            fail_msg ("row %zu: wrote past LEN + 1 bytes", i);
        /* PLAIN may be NULL. */
        assert_int_equal (ht_header_decode_unfold (out, value, len, NULL), n);
    }
}

/* Each row: a raw Subject value, what it decodes to, and whether GMime had to decode it. */
static const struct {
    const char *value;
    const char *subject;
    gboolean from_gmime;
} subject_rows[] = {
    /* Plain US-ASCII, unfolded. */
    {"Hello world", "Hello world", FALSE},
    {"  Re: Hello \r\n\t world  ", "Re: Hello world", FALSE},
    {"", "", FALSE},
    {"a=b?c", "a=b?c", FALSE},
    /* One encoded word, Q and B, either case. */
    {"=?UTF-8?Q?caf=C3=A9?=", "caf\xc3\xa9", FALSE},
    {"=?utf-8?q?caf=c3=a9?=", "caf\xc3\xa9", FALSE},
    {"=?UTF-8?Q?hello_world?=", "hello world", FALSE},
    {"=?UTF-8?Q?=E2=82=AC_5?= off", "\xe2\x82\xac 5 off", FALSE},
    {"=?UTF-8?B?Y2Fmw6k=?=", "caf\xc3\xa9", FALSE},
    {"=?UTF-8?B?YQ==?=", "a", FALSE},
    {"=?utf-8?b?aGVsbG8gd29ybGQh?=", "hello world!", FALSE},
    {"=?UTF-8?Q?a?=", "a", FALSE},
    /* Encoded and plain words mixed: the spaces around an encoded word stay. */
    {"Re: =?UTF-8?Q?caf=C3=A9?= menu", "Re: caf\xc3\xa9 menu", FALSE},
    {"[list] =?UTF-8?B?Y2Fmw6k=?=", "[list] caf\xc3\xa9", FALSE},
    /* Several encoded words in a row: the space between two goes (RFC 2047 section 6.2). */
    {"=?UTF-8?Q?caf=C3=A9?= =?UTF-8?Q?_cr=C3=A8me?=", "caf\xc3\xa9 cr\xc3\xa8me", FALSE},
    {"=?UTF-8?Q?caf=C3=A9?=\r\n =?UTF-8?Q?_cr=C3=A8me?=", "caf\xc3\xa9 cr\xc3\xa8me", FALSE},
    {"=?UTF-8?Q?Say_?= =?UTF-8?B?SGVs?= =?UTF-8?B?bG8=?=", "Say Hello", FALSE},
    /* What GMime decodes its own way. */
    {"=?UTF-8?B?Y2Fmw6k=?= =?UTF-8?B?Y2Fmw6k=?=", "caf\xc3\xa9", TRUE}, /* padding in a run */
    {"=?UTF-8?B?YQ==?= =?UTF-8?B?Yg==?=", "a", TRUE},
    {"=?UTF-8?B?Y2Fm!6k=?=", "caf?", TRUE}, /* invalid base64 */
    {"=?UTF-8?B?YW!j?=", "", TRUE},
    {"=?UTF-8?B?YW=j?=", "a", TRUE},     /* padding inside a quartet */
    {"=?UTF-8?B?Y2Fmw6?=", "caf", TRUE}, /* not whole quartets */
    {"=?UTF-8?B?Y2Fmw6k?=", "caf", TRUE},
    {"=?UTF-8?Q?caf=C?=", "caf", TRUE},   /* a malformed escape */
    {"=?UTF-8?Q?a?b?=", "a?b", TRUE},     /* a '?' in a Q payload */
    {"=?UTF-8?Q?caf=E9?=", "caf?", TRUE}, /* not UTF-8 */
    {"=?ISO-8859-1?Q?caf=E9?=", "caf\xc3\xa9", TRUE},
    {"=?UTF-8?X?abc?=", "=?UTF-8?X?abc?=", TRUE}, /* no such encoding */
    {"x=?UTF-8?Q?a?=", "xa", TRUE},               /* not a word of its own */
    {"Caf\xc3\xa9", "Caf\xc3\xa9", TRUE},         /* raw 8-bit text */
};

static void
test_subject (void **state)
{
    (void) state;
    for (gsize i = 0; i < G_N_ELEMENTS (subject_rows); i++) {
        gsize len = strlen (subject_rows[i].value);
        g_autofree char *value = unterminated_copy (subject_rows[i].value, len);
        gsize size = HT_HEADER_DECODE_SUBJECT_SIZE (len);
        g_autofree char *buffer = g_malloc (size + GUARD_LEN);
        memcpy (buffer + size, GUARD, GUARD_LEN);
        g_autofree gchar *decoded = NULL;
        const char *subject = ht_header_decode_subject (buffer, value, len, &decoded);
        if (subject == NULL || strcmp (subject, subject_rows[i].subject) != 0)
            fail_msg ("row %zu: '%s', expected '%s'", i, subject, subject_rows[i].subject);
        if ((decoded != NULL) != subject_rows[i].from_gmime || (decoded && subject != decoded))
            fail_msg ("row %zu: from GMime %d, expected %d", i, decoded != NULL,
                      subject_rows[i].from_gmime);
        if (!subject_rows[i].from_gmime && (subject < buffer || subject >= buffer + size))
            fail_msg ("row %zu: the result is not in the buffer", i);
        if (memcmp (buffer + size, GUARD, GUARD_LEN) != 0)
            fail_msg ("row %zu: wrote past the buffer", i);

        /* Whichever way it went, the result is GMime's for the unfolded value. */
        ht_header_decode_unfold (buffer, value, len, NULL);
        g_autofree gchar *gmime = g_mime_utils_header_decode_text (NULL, buffer);
        if (strcmp (gmime, subject_rows[i].subject) != 0)
            fail_msg ("row %zu: GMime says '%s', the row '%s'", i, gmime, subject_rows[i].subject);
    }
}

/* Each row: a Date value, whether it is read, and the instant (seconds since 1970 UTC). */
static const struct {
    const char *value;
    gboolean valid;
    gint64 date;
} date_rows[] = {
    /* The common form, the weekday and the seconds optional, anything after the zone left. */
    {"Tue, 14 Jan 2025 10:00:00 +0000", TRUE, 1736848800},
    {"14 Jan 2025 10:00:00 +0000", TRUE, 1736848800},
    {"Tue, 14 Jan 2025 10:00 +0100", TRUE, 1736845200},
    {"Tue, 14 Jan 2025 10:00:00 +0530", TRUE, 1736829000},
    {"Tue, 14 Jan 2025 10:00:00 -0800 (PST)", TRUE, 1736877600},
    {"Tue, 14 Jan 2025 10:00:00 +0000, extra", TRUE, 1736848800},
    {"  Tue,14 Jan 2025 10:00:00  +0000", TRUE, 1736848800},
    {"Sat, 4 Jan 2025 10:00:00 +0000", TRUE, 1735984800},
    {"Thu, 29 Feb 2024 12:00:00 +0000", TRUE, 1709208000},
    {"Thu, 1 Jan 1970 00:00:00 +0000", TRUE, 0},
    /* Forms left to GMime: named zones, two-digit years, no zone, other spellings. */
    {"Tue, 14 Jan 2025 10:00:00 GMT", TRUE, 1736848800},
    {"Tue, 14 Jan 2025 10:00:00 EST", TRUE, 1736866800},
    {"14 Jan 2025 10:00:00 UT", TRUE, 1736848800},
    {"Tue, 14 Jan 2025 10:00:00 Z", TRUE, 1736848800},
    {"Tue, 14 Jan 2025 10:00:00 +0000(UTC)", TRUE, 1736848800},
    {"Tue, 14 Jan 25 10:00:00 +0000", TRUE, 1736848800},
    {"Thu, 14 Jan 99 10:00:00 +0000", TRUE, 916308000},
    {"Tue, 14 Jan 2025 10:00:00", TRUE, 1736848800},
    {"tue, 14 jan 2025 10:00:00 +0000", TRUE, 1736848800},
    {"Tue, 14 Jan 2025 10:00:00 +2400", TRUE, 1736848800}, /* GMime drops the zone */
    {"Mon Jan 13 10:00:00 2025", TRUE, 1736762400},        /* asctime */
    {"Wed, 31 Dec 1969 23:59:59 +0000", TRUE, -1},
    {"Fri, 31 Dec 9999 23:59:59 +0000", TRUE, G_GINT64_CONSTANT (253402300799)},
    /* Not dates. */
    {"", FALSE, 0},
    {"not a date", FALSE, 0},
    {"Tue, 14 Foo 2025 10:00:00 +0000", FALSE, 0},
    {"Sat, 29 Feb 2025 12:00:00 +0000", FALSE, 0},
    {"Tue, 14 Jan 2025 25:00:00 +0000", FALSE, 0},
    {"Tue, 14 Jan 2025 10:00:60 +0000", FALSE, 0},
};

static void
test_date (void **state)
{
    (void) state;
    for (gsize i = 0; i < G_N_ELEMENTS (date_rows); i++) {
        const char *value = date_rows[i].value;
        gint64 date = 42;
        gboolean valid = ht_header_decode_date (value, &date);
        if (valid != date_rows[i].valid)
            fail_msg ("row %zu: '%s' read %d, expected %d", i, value, valid, date_rows[i].valid);
        gint64 expected = date_rows[i].valid ? date_rows[i].date : 42; /* untouched */
        if (date != expected)
            fail_msg ("row %zu: '%s' is %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT, i, value,
                      date, expected);

        /* Whichever way it went, the result is GMime's. */
        g_autoptr (GDateTime) gmime = g_mime_utils_header_decode_date (value);
        if ((gmime != NULL) != valid || (gmime && g_date_time_to_unix (gmime) != date))
            fail_msg ("row %zu: '%s' disagrees with GMime", i, value);
    }
}

static const struct {
    gint64 year;
    int month, day;
    gint64 days;
} civil_rows[] = {
    {1970, 1, 1, 0},         {1969, 12, 31, -1},   {2000, 2, 29, 11016}, {2000, 3, 1, 11017},
    {2024, 2, 29, 19782},    {2025, 1, 14, 20102}, {1900, 3, 1, -25508}, {1600, 1, 1, -135140},
    {9999, 12, 31, 2932896}, {1, 1, 1, -719162},
};

static void
test_days_from_civil (void **state)
{
    (void) state;
    for (gsize i = 0; i < G_N_ELEMENTS (civil_rows); i++) {
        gint64 days = ht_header_decode_days_from_civil (civil_rows[i].year, civil_rows[i].month,
                                                        civil_rows[i].day);
        if (days != civil_rows[i].days)
            fail_msg ("row %zu: %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT, i, days,
                      civil_rows[i].days);
    }
}

int
main (void)
{
    g_mime_init ();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_unfold),
        cmocka_unit_test (test_subject),
        cmocka_unit_test (test_date),
        cmocka_unit_test (test_days_from_civil),
    };
    int failed = cmocka_run_group_tests (tests, NULL, NULL);
    g_mime_shutdown ();
    return failed;
}
