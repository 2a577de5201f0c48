/* test-conformance.c - the Received parser measured against another parser's test vectors.
 *
 * ../shared/corpus/peer-vectors/stalwart-received.json (not part of the repository; see the
 * SOURCES.md next to it) holds 181 Received values, each with the fields the stalwart
 * mail-parser expects from it. This test parses every value with ht_received_parse and
 * ht_tls_from_received, maps our fields onto theirs, and compares a field only where the
 * vector states it. It prints one line per field, "field: agreed/compared (percent)", and one
 * line per disagreement, and fails when a field's agreement falls below the minimum kept in
 * tests/conformance-ratchet.txt ("field minimum_agreed_count" per line).
 *
 * The differences hoptrace chooses are explained in docs/quirks.md, in lines that name the
 * vectors and fields: "stalwart vectors 89, 128 (date): ...". They still count as
 * disagreements here; the summary says how many of the disagreements are explained and lists
 * the others as such. HT_PEER_VECTORS names another vector file; the test is skipped when the
 * file is absent.
 *
 * How their fields map onto ours:
 *   from        {"Name"|"IpAddr"}  the first word after "from" as written (from_word)
 *   helo        {"Name"|"IpAddr"}  from_helo
 *   from_ip     address            from_ip (compared as addresses: "::1" = "0:0::1")
 *   from_iprev  name               from_rdns
 *   by          {"Name"|"IpAddr"}  by_host
 *   with        their vocabulary   with, mapped onto their names the way their parser does
 *                                  ("Microsoft SMTP Server" -> SMTP, "local" -> Local,
 *                                  "local-esmtps" -> ESMTPS, "ESMTP-TLS" -> ESMTPS, ...)
 *   id, for_    text               id (angle brackets removed, as they remove them), for_addr
 *   via         text               via
 *   tls_version "TLSv1_3" ...      the version, both sides normalised to "TLS1.3"
 *   tls_cipher  text               cipher, as written
 *   date        broken-down time   the UTC instant (tz_before_gmt means a negative offset);
 *                                  null, or an impossible date such as month 13, means
 *                                  "no date", which agrees with a date we could not read
 * Names compare without regard to case; "Name" and "IpAddr" say whether they read the word
 * as an address, and an address compares as an address. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ht-received.h"
#include "ht-tls.h"

typedef enum {
    FIELD_FROM,
    FIELD_HELO,
    FIELD_FROM_IP,
    FIELD_FROM_IPREV,
    FIELD_BY,
    FIELD_WITH,
    FIELD_ID,
    FIELD_FOR,
    FIELD_VIA,
    FIELD_TLS_VERSION,
    FIELD_TLS_CIPHER,
    FIELD_DATE,
    N_FIELDS
} Field;

/* Their member names, also the names in the ratchet file. */
static const char *const field_names[N_FIELDS] = {
    "from", "helo", "from_ip", "from_iprev",  "by",         "with",
    "id",   "for_", "via",     "tls_version", "tls_cipher", "date",
};

typedef struct {
    guint agreed;
    guint compared;
    guint explained; /* disagreements that docs/quirks.md explains */
} Tally;

static gchar *
vectors_path (void)
{
    const char *env = g_getenv ("HT_PEER_VECTORS");
    if (env && *env)
        return g_strdup (env);
    return g_strdup (HT_TOP_SRCDIR "/../shared/corpus/peer-vectors/stalwart-received.json");
}

/* ---- comparing values ---- */

/* "fe80::1%6" -> fe80::1; NULL when TEXT is no address. */
static GInetAddress *
inet_address (const char *text)
{
    if (text == NULL)
        return NULL;
    g_autofree gchar *copy = g_strndup (text, strcspn (text, "%"));
    return g_inet_address_new_from_string (copy);
}

static gboolean
same_address (const char *a, const char *b)
{
    g_autoptr (GInetAddress) x = inet_address (a);
    g_autoptr (GInetAddress) y = inet_address (b);
    return x && y && g_inet_address_equal (x, y);
}

/* Their {"Name": x} or {"IpAddr": x} against a word of ours as written: an address compares
 * as an address (ours may carry brackets, "IPv6:" or a port), a name without regard to case.
 * THEIRS gets their value, for the report. */
static gboolean
host_agrees (const char *ours, JsonNode *node, const char **theirs)
{
    *theirs = NULL;
    if (!JSON_NODE_HOLDS_OBJECT (node))
        return ours == NULL;
    JsonObject *object = json_node_get_object (node);
    if (json_object_has_member (object, "IpAddr")) {
        *theirs = json_object_get_string_member (object, "IpAddr");
        g_autofree gchar *ip = ht_received_ip_from_literal (ours);
        return same_address (ip, *theirs);
    }
    if (json_object_has_member (object, "Name")) {
        *theirs = json_object_get_string_member (object, "Name");
        return ours && *theirs && g_ascii_strcasecmp (ours, *theirs) == 0;
    }
    return ours == NULL;
}

static gboolean
text_agrees (const char *ours, const char *theirs)
{
    if (ours == NULL || theirs == NULL)
        return ours == theirs;
    return g_ascii_strcasecmp (ours, theirs) == 0;
}

/* Our with clause in the vocabulary of their parser, which keeps one protocol name: the first
 * word that names a protocol, upper case, with "local-" dropped (a bare "local" is "Local"),
 * Exim's BSMTP read as SMTP, CommuniGate's ESMTP-TLS as ESMTPS, Google's HTTPREST as HTTP,
 * IronPort's "ESMTP/TLS/<cipher>" cut at the '/', and both Microsoft products as SMTP.
 * A with clause without a known name gives its first word, upper case. */
static gchar *
with_in_their_words (const char *with)
{
    static const char *const protocols[] = {
        "SMTP",       "ESMTP", "ESMTPA", "ESMTPS",   "ESMTPSA",   "LMTP",
        "LMTPA",      "LMTPS", "LMTPSA", "UTF8SMTP", "UTF8SMTPA", "UTF8SMTPS",
        "UTF8SMTPSA", "HTTP",  "HTTPS",  "IMAP",     "POP3",      "MMS",
    };
    if (with == NULL)
        return NULL;
    if (g_str_has_prefix (with, "Microsoft SMTP"))
        return g_strdup ("SMTP");
    g_auto (GStrv) words = g_strsplit_set (with, " []", -1);
    gchar *first = NULL;
    for (guint i = 0; words[i]; i++) {
        if (*words[i] == '\0')
            continue;
        g_autofree gchar *word = g_ascii_strup (words[i], strcspn (words[i], "/("));
        if (strcmp (word, "LOCAL") == 0) {
            g_free (first);
            return g_strdup ("Local");
        }
        const char *name = word;
        if (g_str_has_prefix (name, "LOCAL-"))
            name += strlen ("LOCAL-");
        if (strcmp (name, "BSMTP") == 0)
            name = "SMTP";
        else if (strcmp (name, "ESMTP-TLS") == 0)
            name = "ESMTPS";
        else if (strcmp (name, "HTTPREST") == 0)
            name = "HTTP";
        for (gsize k = 0; k < G_N_ELEMENTS (protocols); k++) {
            if (strcmp (name, protocols[k]) == 0) {
                g_free (first);
                return g_strdup (name);
            }
        }
        if (first == NULL)
            first = g_strdup (word);
    }
    return first;
}

static gchar *
strip_angle (const char *text)
{
    if (text == NULL)
        return NULL;
    gsize len = strlen (text);
    if (len >= 2 && text[0] == '<' && text[len - 1] == '>')
        return g_strndup (text + 1, len - 2);
    return g_strdup (text);
}

/* Their broken-down date -> a UTC instant; FALSE when it names no possible time. TEXT gets
 * the date as they wrote it. */
static gboolean
their_instant (JsonNode *node, gint64 *utc, gchar **text)
{
    if (!JSON_NODE_HOLDS_OBJECT (node)) {
        *text = g_strdup ("no date");
        return FALSE;
    }
    JsonObject *d = json_node_get_object (node);
    gint64 year = json_object_get_int_member (d, "year");
    gint64 month = json_object_get_int_member (d, "month");
    gint64 day = json_object_get_int_member (d, "day");
    gint64 hour = json_object_get_int_member (d, "hour");
    gint64 minute = json_object_get_int_member (d, "minute");
    gint64 second = json_object_get_int_member (d, "second");
    gboolean before = json_object_get_boolean_member (d, "tz_before_gmt");
    gint64 tz_hour = json_object_get_int_member (d, "tz_hour");
    gint64 tz_minute = json_object_get_int_member (d, "tz_minute");
    *text = g_strdup_printf ("%04" G_GINT64_FORMAT "-%02" G_GINT64_FORMAT "-%02" G_GINT64_FORMAT
                             " %02" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT
                             " %c%02" G_GINT64_FORMAT "%02" G_GINT64_FORMAT,
                             year, month, day, hour, minute, second, before ? '-' : '+', tz_hour,
                             tz_minute);
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59 ||
        year < 1 || year > 9999) {
        gchar *impossible = g_strconcat (*text, " (impossible)", NULL);
        g_free (*text);
        *text = impossible;
        return FALSE;
    }
    GDateTime *dt = g_date_time_new_utc ((gint) year, (gint) month, (gint) day, (gint) hour,
                                         (gint) minute, (gdouble) second);
    if (dt == NULL)
        return FALSE;
    gint64 offset = (tz_hour * 60 + tz_minute) * (before ? -1 : 1);
    *utc = g_date_time_to_unix (dt) - offset * 60;
    g_date_time_unref (dt);
    return TRUE;
}

static gchar *
iso_utc (gint64 utc)
{
    g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (utc);
    return dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : g_strdup ("?");
}

/* ---- the explained differences and the ratchet ---- */

/* docs/quirks.md lines such as "- stalwart vectors 89, 128 (date): ..." -> "89 date",
 * "128 date" in a set. */
static GHashTable *
read_explained (void)
{
    GHashTable *explained = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    g_autofree gchar *text = NULL;
    if (!g_file_get_contents (HT_TOP_SRCDIR "/docs/quirks.md", &text, NULL, NULL))
        return explained;
    g_autoptr (GRegex) line_regex =
        g_regex_new ("stalwart vectors? ([0-9][0-9, and]*) \\(([a-z_, ]+)\\)", 0, 0, NULL);
    g_autoptr (GMatchInfo) match = NULL;
    g_regex_match (line_regex, text, 0, &match);
    while (g_match_info_matches (match)) {
        g_autofree gchar *numbers = g_match_info_fetch (match, 1);
        g_autofree gchar *fields = g_match_info_fetch (match, 2);
        g_auto (GStrv) indices = g_strsplit_set (numbers, ", and", -1);
        g_auto (GStrv) names = g_strsplit_set (fields, ", ", -1);
        for (guint i = 0; indices[i]; i++) {
            if (*indices[i] == '\0')
                continue;
            for (guint k = 0; names[k]; k++)
                if (*names[k])
                    g_hash_table_add (explained, g_strdup_printf ("%s %s", indices[i], names[k]));
        }
        g_match_info_next (match, NULL);
    }
    return explained;
}

/* tests/conformance-ratchet.txt: "field minimum_agreed_count" per line, '#' comments. A field
 * without a line has the minimum -1 (and the test fails, asking for one). */
static void
read_ratchet (gint minimum[N_FIELDS])
{
    for (guint f = 0; f < N_FIELDS; f++)
        minimum[f] = -1;
    g_autofree gchar *text = NULL;
    assert_true (
        g_file_get_contents (HT_TOP_SRCDIR "/tests/conformance-ratchet.txt", &text, NULL, NULL));
    g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
    for (guint i = 0; lines[i]; i++) {
        g_strstrip (lines[i]);
        if (lines[i][0] == '\0' || lines[i][0] == '#')
            continue;
        g_auto (GStrv) parts = g_strsplit_set (lines[i], " \t", 2);
        if (parts[0] == NULL || parts[1] == NULL)
            fail_msg ("conformance-ratchet.txt: bad line \"%s\"", lines[i]);
        for (guint f = 0; f < N_FIELDS; f++)
            if (strcmp (parts[0], field_names[f]) == 0)
                minimum[f] = (gint) g_ascii_strtoll (g_strstrip (parts[1]), NULL, 10);
    }
}

/* ---- the comparison ---- */

typedef struct {
    Tally tally[N_FIELDS];
    GHashTable *explained;
    GString *log; /* the disagreements, one line each */
    guint unexplained;
} Run;

static void
record (Run *run, guint index, Field field, gboolean agrees, const char *ours, const char *theirs)
{
    Tally *tally = &run->tally[field];
    tally->compared++;
    if (agrees) {
        tally->agreed++;
        return;
    }
    g_autofree gchar *key = g_strdup_printf ("%u %s", index, field_names[field]);
    gboolean explained = g_hash_table_contains (run->explained, key);
    if (explained)
        tally->explained++;
    else
        run->unexplained++;
    g_string_append_printf (run->log, "  vector %u %s: ours %s%s%s, theirs %s%s%s%s\n", index,
                            field_names[field], ours ? "\"" : "", ours ? ours : "null",
                            ours ? "\"" : "", theirs ? "\"" : "", theirs ? theirs : "null",
                            theirs ? "\"" : "", explained ? "  (explained in docs/quirks.md)" : "");
}

static void
compare_vector (Run *run, guint index, const char *header, JsonObject *expected)
{
    g_autoptr (HtReceived) r = ht_received_parse (header);
    g_autoptr (HtTls) tls = ht_tls_from_received (r);
    const char *theirs;

    if (json_object_has_member (expected, "from")) {
        gboolean agrees =
            host_agrees (r->from_word, json_object_get_member (expected, "from"), &theirs);
        record (run, index, FIELD_FROM, agrees, r->from_word, theirs);
    }
    if (json_object_has_member (expected, "helo")) {
        gboolean agrees =
            host_agrees (r->from_helo, json_object_get_member (expected, "helo"), &theirs);
        record (run, index, FIELD_HELO, agrees, r->from_helo, theirs);
    }
    if (json_object_has_member (expected, "by")) {
        gboolean agrees =
            host_agrees (r->by_host, json_object_get_member (expected, "by"), &theirs);
        record (run, index, FIELD_BY, agrees, r->by_host, theirs);
    }
    if (json_object_has_member (expected, "from_ip")) {
        theirs = json_object_get_string_member (expected, "from_ip");
        record (run, index, FIELD_FROM_IP, same_address (r->from_ip, theirs), r->from_ip, theirs);
    }
    if (json_object_has_member (expected, "from_iprev")) {
        theirs = json_object_get_string_member (expected, "from_iprev");
        record (run, index, FIELD_FROM_IPREV, text_agrees (r->from_rdns, theirs), r->from_rdns,
                theirs);
    }
    if (json_object_has_member (expected, "with")) {
        theirs = json_object_get_string_member (expected, "with");
        g_autofree gchar *ours = with_in_their_words (r->with);
        record (run, index, FIELD_WITH, g_strcmp0 (ours, theirs) == 0, ours, theirs);
    }
    if (json_object_has_member (expected, "id")) {
        theirs = json_object_get_string_member (expected, "id");
        g_autofree gchar *ours = strip_angle (r->id);
        record (run, index, FIELD_ID, g_strcmp0 (ours, theirs) == 0, ours, theirs);
    }
    if (json_object_has_member (expected, "for_")) {
        theirs = json_object_get_string_member (expected, "for_");
        record (run, index, FIELD_FOR, text_agrees (r->for_addr, theirs), r->for_addr, theirs);
    }
    if (json_object_has_member (expected, "via")) {
        theirs = json_object_get_string_member (expected, "via");
        record (run, index, FIELD_VIA, text_agrees (r->via, theirs), r->via, theirs);
    }
    if (json_object_has_member (expected, "tls_version")) {
        const char *written = json_object_get_string_member (expected, "tls_version");
        const char *their_name = ht_tls_version_name (ht_tls_version_parse (written));
        const char *our_name = ht_tls_version_name (tls->version);
        g_autofree gchar *ours = NULL;
        if (tls->version == HT_TLS_VERSION_AMBIGUOUS)
            ours = g_strdup_printf ("ambiguous %s", tls->version_text);
        else if (our_name)
            ours = g_strdup_printf ("%s%s", our_name, tls->version_inferred ? " (inferred)" : "");
        g_autofree gchar *their_text =
            g_strdup_printf ("%s = %s", written, their_name ? their_name : "?");
        record (run, index, FIELD_TLS_VERSION,
                their_name != NULL && g_strcmp0 (our_name, their_name) == 0, ours, their_text);
    }
    if (json_object_has_member (expected, "tls_cipher")) {
        theirs = json_object_get_string_member (expected, "tls_cipher");
        record (run, index, FIELD_TLS_CIPHER, g_strcmp0 (tls->cipher, theirs) == 0, tls->cipher,
                theirs);
    }
    if (json_object_has_member (expected, "date")) {
        gint64 their_utc = 0;
        g_autofree gchar *their_text = NULL;
        gboolean their_valid =
            their_instant (json_object_get_member (expected, "date"), &their_utc, &their_text);
        gboolean agrees = their_valid ? r->date_valid && r->date_utc == their_utc : !r->date_valid;
        g_autofree gchar *ours = r->date_valid ? iso_utc (r->date_utc) : NULL;
        g_autofree gchar *their_iso = their_valid ? iso_utc (their_utc) : NULL;
        g_autofree gchar *theirs_shown = their_valid
                                             ? g_strdup_printf ("%s = %s", their_text, their_iso)
                                             : g_strdup (their_text);
        record (run, index, FIELD_DATE, agrees, ours, theirs_shown);
    }
}

static void
test_conformance (void **state)
{
    (void) state;
    {
        /* skip() leaves by longjmp, past any g_autofree: nothing may be owned here then. */
        gchar *probe = vectors_path ();
        gboolean present = g_file_test (probe, G_FILE_TEST_IS_REGULAR);
        if (!present)
            print_message ("peer vectors %s absent: skipped\n", probe);
        g_free (probe);
        if (!present)
            skip ();
    }
    g_autofree gchar *path = vectors_path ();
    g_autoptr (JsonParser) parser = json_parser_new ();
    g_autoptr (GError) error = NULL;
    if (!json_parser_load_from_file (parser, path, &error))
        fail_msg ("%s: %s", path, error->message);
    JsonNode *root = json_parser_get_root (parser);
    assert_true (JSON_NODE_HOLDS_ARRAY (root));
    JsonArray *vectors = json_node_get_array (root);

    Run run = {.explained = read_explained (), .log = g_string_new (NULL)};
    for (guint i = 0; i < json_array_get_length (vectors); i++) {
        JsonObject *vector = json_array_get_object_element (vectors, i);
        assert_non_null (vector);
        const char *header = json_object_get_string_member (vector, "header");
        JsonObject *expected = json_object_get_object_member (vector, "expected");
        assert_non_null (header);
        assert_non_null (expected);
        compare_vector (&run, i, header, expected);
    }

    gint minimum[N_FIELDS];
    read_ratchet (minimum);
    g_autoptr (GString) failures = g_string_new (NULL);
    print_message ("%u vectors from %s\n", json_array_get_length (vectors), path);
    for (guint f = 0; f < N_FIELDS; f++) {
        const Tally *t = &run.tally[f];
        double percent = t->compared ? 100.0 * t->agreed / t->compared : 100.0;
        print_message ("%s: %u/%u (%.1f%%)", field_names[f], t->agreed, t->compared, percent);
        if (t->explained)
            print_message ("  + %u explained difference%s = %.1f%%", t->explained,
                           t->explained == 1 ? "" : "s",
                           100.0 * (t->agreed + t->explained) / t->compared);
        print_message ("\n");
        if (minimum[f] < 0)
            g_string_append_printf (failures, "%s has no line in conformance-ratchet.txt; ",
                                    field_names[f]);
        else if ((gint) t->agreed < minimum[f])
            g_string_append_printf (failures, "%s agrees on %u, the ratchet asks for %d; ",
                                    field_names[f], t->agreed, minimum[f]);
        else if ((gint) t->agreed > minimum[f])
            print_message ("  (the ratchet for %s can rise from %d to %u)\n", field_names[f],
                           minimum[f], t->agreed);
    }
    /* One line per call: print_message formats into a buffer of limited size. */
    print_message ("disagreements (%u not explained in docs/quirks.md):\n", run.unexplained);
    g_auto (GStrv) lines = g_strsplit (run.log->str, "\n", -1);
    for (guint i = 0; lines[i]; i++)
        if (*lines[i])
            print_message ("%s\n", lines[i]);
    g_hash_table_unref (run.explained);
    g_string_free (run.log, TRUE);
    if (failures->len)
        fail_msg ("%s", failures->str);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_conformance),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
