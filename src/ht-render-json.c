/* ht-render-json: the JSON contract (docs/json-format.md, format_version 1).
 *
 * Field names are fixed; what a line does not say is null, never invented. Strings are
 * made valid UTF-8 before they reach json-glib, which escapes control characters. */
#include "config.h"

#include "ht-render.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "ht-cipher.h"
#include "ht-escape.h"

#define FORMAT_VERSION 1

gboolean
ht_render_parse_format (const char *name, HtFormat *format)
{
    if (g_ascii_strcasecmp (name, "text") == 0)
        *format = HT_FORMAT_TEXT;
    else if (g_ascii_strcasecmp (name, "json") == 0 || g_ascii_strcasecmp (name, "jsonl") == 0)
        *format = HT_FORMAT_JSON;
    else
        return FALSE;
    return TRUE;
}

gchar *
ht_render_iso_date (gint64 utc)
{
    g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (utc);
    if (dt == NULL)
        return g_strdup ("?");
    return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

static void
add_string (JsonBuilder *builder, const char *name, const char *value)
{
    json_builder_set_member_name (builder, name);
    if (value == NULL) {
        json_builder_add_null_value (builder);
        return;
    }
    g_autofree gchar *valid = ht_escape_utf8 (value, NULL);
    json_builder_add_string_value (builder, valid);
}

static void
add_int_or_null (JsonBuilder *builder, const char *name, gboolean present, gint64 value)
{
    json_builder_set_member_name (builder, name);
    if (present)
        json_builder_add_int_value (builder, value);
    else
        json_builder_add_null_value (builder);
}

static void
add_date (JsonBuilder *builder, const char *name, gboolean present, gint64 utc)
{
    g_autofree gchar *iso = present ? ht_render_iso_date (utc) : NULL;
    add_string (builder, name, iso);
}

static void
add_tls (JsonBuilder *builder, const HtTls *tls)
{
    json_builder_set_member_name (builder, "tls");
    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "used");
    if (tls->used == HT_TLS_USED_UNKNOWN)
        json_builder_add_null_value (builder);
    else
        json_builder_add_boolean_value (builder, tls->used == HT_TLS_USED_YES);
    add_string (builder, "version", ht_tls_version_name (tls->version));
    json_builder_set_member_name (builder, "version_inferred");
    json_builder_add_boolean_value (builder, tls->version_inferred);
    add_string (builder, "cipher", tls->cipher);
    add_string (builder, "cipher_iana", tls->cipher ? ht_cipher_iana_name (tls->cipher) : NULL);
    add_int_or_null (builder, "bits", tls->bits >= 0, tls->bits);
    add_string (builder, "client_certificate", tls->client_certificate);
    add_string (builder, "evidence", tls->evidence);
    json_builder_end_object (builder);
}

static void
add_hop (JsonBuilder *builder, const HtHop *hop)
{
    const HtReceived *r = hop->received;
    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "index");
    json_builder_add_int_value (builder, hop->index);
    add_string (builder, "field", hop->field);

    json_builder_set_member_name (builder, "from");
    if (r->has_from) {
        json_builder_begin_object (builder);
        add_string (builder, "helo", r->from_helo);
        add_string (builder, "rdns", r->from_rdns);
        add_string (builder, "ip", r->from_ip);
        json_builder_end_object (builder);
    } else {
        json_builder_add_null_value (builder);
    }
    json_builder_set_member_name (builder, "by");
    if (r->has_by) {
        json_builder_begin_object (builder);
        add_string (builder, "host", r->by_host);
        add_string (builder, "ip", r->by_ip);
        json_builder_end_object (builder);
    } else {
        json_builder_add_null_value (builder);
    }
    add_string (builder, "with", r->with);
    add_string (builder, "id", r->id);
    add_string (builder, "for", r->for_addr);
    add_string (builder, "via", r->via);
    add_date (builder, "date", r->date_valid, r->date_utc);
    add_int_or_null (builder, "delay_seconds", hop->has_delay, hop->delay_seconds);
    add_tls (builder, hop->tls);

    json_builder_set_member_name (builder, "server");
    if (hop->server.product) {
        json_builder_begin_object (builder);
        add_string (builder, "product", hop->server.product);
        add_string (builder, "build", hop->server.build);
        json_builder_end_object (builder);
    } else {
        json_builder_add_null_value (builder);
    }
    json_builder_set_member_name (builder, "gap");
    json_builder_add_boolean_value (builder, hop->gap);
    add_string (builder, "gap_reason", hop->gap_reason);
    add_string (builder, "raw", r->raw);
    json_builder_end_object (builder);
}

void
ht_render_json (GString *out, const HtReport *report)
{
    g_autoptr (JsonBuilder) builder = json_builder_new ();
    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "format_version");
    json_builder_add_int_value (builder, FORMAT_VERSION);
    add_string (builder, "source", report->source);
    json_builder_set_member_name (builder, "message_index");
    json_builder_add_int_value (builder, report->message_index);
    add_string (builder, "message_id", report->message_id);
    add_string (builder, "subject", report->subject);
    add_date (builder, "date", report->has_date, report->date);
    add_int_or_null (builder, "transit_seconds", report->has_transit, report->transit_seconds);

    json_builder_set_member_name (builder, "hops");
    json_builder_begin_array (builder);
    for (guint i = 0; i < report->hops->len; i++)
        add_hop (builder, g_ptr_array_index (report->hops, i));
    json_builder_end_array (builder);

    json_builder_set_member_name (builder, "findings");
    json_builder_begin_array (builder);
    for (guint i = 0; i < report->findings->len; i++) {
        const HtFinding *finding = g_ptr_array_index (report->findings, i);
        json_builder_begin_object (builder);
        add_string (builder, "severity", ht_severity_name (finding->severity));
        add_int_or_null (builder, "hop", finding->hop > 0, finding->hop);
        add_string (builder, "code", finding->code);
        add_string (builder, "text", finding->text);
        json_builder_end_object (builder);
    }
    json_builder_end_array (builder);
    json_builder_end_object (builder);

    g_autoptr (JsonNode) root = json_builder_get_root (builder);
    g_autoptr (JsonGenerator) generator = json_generator_new ();
    json_generator_set_root (generator, root);
    gsize len = 0;
    g_autofree gchar *text = json_generator_to_data (generator, &len);
    g_string_append_len (out, text, len);
    g_string_append_c (out, '\n');
}
