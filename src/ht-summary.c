/* ht-summary: aggregation of hops into links, for the readiness report. */
#include "config.h"

#include "ht-summary.h"

#include "ht-ascii.h"

#include <string.h>

#include "ht-render.h"

struct _HtSummary {
    GHashTable *links; /* "from\nto" -> HtSummaryLink* */
    GString *key;      /* the key of the hop being counted, rebuilt for each */
    GPtrArray *sorted; /* cache for ht_summary_links, rebuilt after ht_summary_add */
    guint64 messages;
    gchar *route_name; /* with --expect */
    guint64 route_checked, route_mismatched;
};

void
ht_summary_note_route (HtSummary *summary, const char *route_name, gboolean matched)
{
    if (summary->route_name == NULL)
        summary->route_name = g_strdup (route_name);
    summary->route_checked++;
    summary->route_mismatched += !matched;
}

/* Appends "Route check NAME: N of M messages did not follow it" when --expect was given. */
void
ht_summary_describe_route (const HtSummary *summary, GString *out)
{
    if (summary->route_name == NULL)
        return;
    g_string_append_printf (out,
                            "Route check %s: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                            " messages did not follow it\n",
                            summary->route_name, summary->route_mismatched, summary->route_checked);
}

void
ht_summary_route_json (const HtSummary *summary, GString *out)
{
    if (summary->route_name == NULL) {
        g_string_append (out, "null");
        return;
    }
    g_string_append (out, "{\"name\":");
    ht_render_json_string (out, summary->route_name);
    g_string_append_printf (
        out, ",\"checked\":%" G_GUINT64_FORMAT ",\"mismatched\":%" G_GUINT64_FORMAT "}",
        summary->route_checked, summary->route_mismatched);
}

static void
link_free (gpointer data)
{
    HtSummaryLink *link = data;
    g_free (link->from);
    g_free (link->to);
    g_free (link->gap_reason);
    g_free (link);
}

HtSummary *
ht_summary_new (void)
{
    HtSummary *summary = g_new0 (HtSummary, 1);
    summary->links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, link_free);
    summary->key = g_string_new (NULL);
    return summary;
}

void
ht_summary_free (HtSummary *summary)
{
    if (summary == NULL)
        return;
    g_hash_table_unref (summary->links);
    g_string_free (summary->key, TRUE);
    g_free (summary->route_name);
    if (summary->sorted)
        g_ptr_array_unref (summary->sorted);
    g_free (summary);
}

HtSummaryState
ht_summary_state_of (const HtHop *hop)
{
    const HtTls *tls = hop->tls;
    switch (tls->version) {
    case HT_TLS_VERSION_1_3: return HT_SUMMARY_TLS1_3;
    case HT_TLS_VERSION_1_2: return HT_SUMMARY_TLS1_2;
    case HT_TLS_VERSION_1_1: return HT_SUMMARY_TLS1_1;
    case HT_TLS_VERSION_1_0: return HT_SUMMARY_TLS1_0;
    case HT_TLS_VERSION_SSL3:
    case HT_TLS_VERSION_SSL2: return HT_SUMMARY_SSL;
    case HT_TLS_VERSION_AMBIGUOUS: return HT_SUMMARY_AMBIGUOUS;
    case HT_TLS_VERSION_NONE:
    default: break;
    }
    if (tls->used == HT_TLS_USED_YES)
        return HT_SUMMARY_NOT_RECORDED;
    if (tls->used == HT_TLS_USED_NO)
        return HT_SUMMARY_PLAINTEXT;
    return HT_SUMMARY_NOT_STATED;
}

const char *
ht_summary_state_name (HtSummaryState state)
{
    static const char *const names[HT_SUMMARY_N_STATES] = {
        "tls1.3",
        "tls1.2",
        "tls1.1",
        "tls1.0",
        "ssl",
        "ambiguous",
        "tls_version_not_recorded",
        "plaintext",
        "not_stated",
    };
    return state < HT_SUMMARY_N_STATES ? names[state] : "?";
}

/* The name a server is best known by: the reverse-DNS name the receiving server looked up,
 * else the name it announced, else its address. */
static const char *
sender_name (const HtReceived *r)
{
    if (r->from_rdns)
        return r->from_rdns;
    if (r->from_helo && r->from_helo[0] != '[')
        return r->from_helo;
    if (r->from_ip)
        return r->from_ip;
    return r->from_helo;
}

/* Exim's "with local" (and local-esmtp, local-bsmtp) is a program handing mail to the MTA
 * on the same machine, and Exchange's "with mapi" a mailbox submitting to its own server:
 * no link crosses a network, so they count in no link's TLS. */
static gboolean
is_network_link (const HtReceived *r)
{
    if (r->with == NULL)
        return TRUE;
    return g_ascii_strncasecmp (r->with, "local", 5) != 0 &&
           g_ascii_strcasecmp (r->with, "mapi") != 0;
}

/* Appends NAME as links are keyed and shown: in lower case, without a trailing dot
 * ("mx.example.com." is "mx.example.com"). Returns the number of bytes appended. */
static gsize
append_host_key (GString *key, const char *name)
{
    gsize length = strlen (name), start = key->len;
    if (length > 1 && name[length - 1] == '.')
        length--;
    g_string_set_size (key, start + length);
    for (gsize i = 0; i < length; i++)
        key->str[start + i] = ht_ascii_lower (name[i]);
    return length;
}

void
ht_summary_add (HtSummary *summary, const HtReport *report)
{
    g_return_if_fail (summary != NULL && report != NULL);
    summary->messages++;
    g_clear_pointer (&summary->sorted, g_ptr_array_unref);
    GString *key = summary->key;
    for (guint i = 0; i < report->hops->len; i++) {
        const HtHop *hop = g_ptr_array_index (report->hops, i);
        const HtReceived *r = hop->received;
        const char *from = sender_name (r);
        if (!r->has_from || from == NULL || r->by_host == NULL || !is_network_link (r))
            continue;
        /* The key is built in place, once per hop; only a new link copies it. */
        g_string_truncate (key, 0);
        gsize from_length = append_host_key (key, from);
        g_string_append_c (key, '\n');
        append_host_key (key, r->by_host);
        HtSummaryLink *link = g_hash_table_lookup (summary->links, key->str);
        if (link == NULL) {
            link = g_new0 (HtSummaryLink, 1);
            link->from = g_strndup (key->str, from_length);
            link->to = g_strdup (key->str + from_length + 1);
            g_hash_table_insert (summary->links, g_strndup (key->str, key->len), link);
        }
        if (link->product == NULL)
            link->product = hop->server.product;
        link->hops++;
        link->counts[ht_summary_state_of (hop)]++;
        if (hop->gap && link->gap_reason == NULL)
            link->gap_reason = g_strdup (hop->gap_reason);
        if (r->date_valid) {
            if (!link->has_dates || r->date_utc < link->first_seen)
                link->first_seen = r->date_utc;
            if (!link->has_dates || r->date_utc > link->last_seen)
                link->last_seen = r->date_utc;
            link->has_dates = TRUE;
        }
    }
}

static gint
compare_links (gconstpointer a, gconstpointer b)
{
    const HtSummaryLink *x = *(const HtSummaryLink *const *) a;
    const HtSummaryLink *y = *(const HtSummaryLink *const *) b;
    int c = strcmp (x->to, y->to);
    return c ? c : strcmp (x->from, y->from);
}

GPtrArray *
ht_summary_links (HtSummary *summary)
{
    if (summary->sorted == NULL) {
        summary->sorted = g_ptr_array_new ();
        GHashTableIter iter;
        gpointer value;
        g_hash_table_iter_init (&iter, summary->links);
        while (g_hash_table_iter_next (&iter, NULL, &value))
            g_ptr_array_add (summary->sorted, value);
        g_ptr_array_sort (summary->sorted, compare_links);
    }
    return summary->sorted;
}

guint64
ht_summary_messages (const HtSummary *summary)
{
    return summary->messages;
}
