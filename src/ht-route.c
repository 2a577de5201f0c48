/* ht-route: the servers a message passed, their roles, and --expect.
 *
 * A Received line says "from A by B": the link A -> B, recorded by B. When the next line
 * says "from C by D" and C is not B, the message went B -> C over a link no line records
 * (a provider's internal relay, or a header that was removed); C is still a server the
 * message passed, so it is part of the route. */
#include "config.h"

#include "ht-route.h"

#include <string.h>

#include "ht-profile.h"

G_DEFINE_QUARK (ht-route-error-quark, ht_route_error)

void
ht_route_free (HtRoute *route)
{
    if (route == NULL)
        return;
    g_free (route->name);
    if (route->path)
        g_ptr_array_unref (route->path);
    g_free (route);
}

GPtrArray *
ht_route_parse_path (const char *text, GError **error)
{
    g_return_val_if_fail (text != NULL, NULL);
    g_auto (GStrv) parts = g_strsplit (text, ">", -1);
    g_autoptr (GPtrArray) steps = g_ptr_array_new ();
    guint n_parts = g_strv_length (parts);
    if (n_parts == 0) {
        /* g_strsplit gives no part at all for "". */
        g_set_error (error, HT_ROUTE_ERROR, HT_ROUTE_ERROR_INVALID_PATH,
                     "the path is empty (write: role > role > ...)");
        return NULL;
    }
    for (guint i = 0; i < n_parts; i++) {
        gchar *part = g_strstrip (parts[i]);
        if (*part == '\0') {
            if (n_parts == 1)
                g_set_error (error, HT_ROUTE_ERROR, HT_ROUTE_ERROR_INVALID_PATH,
                             "the path is empty (write: role > role > ...)");
            else
                g_set_error (error, HT_ROUTE_ERROR, HT_ROUTE_ERROR_INVALID_PATH,
                             "step %u of the path '%s' is empty", i + 1, text);
            return NULL;
        }
        if (strpbrk (part, " \t\r\n,;")) {
            g_set_error (error, HT_ROUTE_ERROR, HT_ROUTE_ERROR_INVALID_PATH,
                         "step %u of the path ('%s') is not one role name (separate roles with "
                         "'>')",
                         i + 1, part);
            return NULL;
        }
        g_autofree gchar *lower = g_ascii_strdown (part, -1);
        g_ptr_array_add (steps, (gpointer)g_intern_string (lower));
    }
    return g_steal_pointer (&steps);
}

/* ---- Same server ------------------------------------------------------------------------- */

static gboolean
is_address_literal (const char *name)
{
    HtNetwork address;
    return name[0] == '[' || ht_profile_parse_address (name, &address);
}

static gsize
name_length (const char *name)
{
    gsize n = strlen (name);
    return n > 1 && name[n - 1] == '.' ? n - 1 : n;
}

/* Equal ignoring case and a trailing dot; an unqualified name ("EXCH01", as Exchange
 * writes a NetBIOS HELO) equals the first label of a qualified one. */
static gboolean
names_equal (const char *a, const char *b)
{
    gsize na = name_length (a), nb = name_length (b);
    if (na == nb && g_ascii_strncasecmp (a, b, na) == 0)
        return TRUE;
    const char *dot_a = memchr (a, '.', na), *dot_b = memchr (b, '.', nb);
    if ((dot_a == NULL) == (dot_b == NULL) || is_address_literal (a) || is_address_literal (b))
        return FALSE;
    gsize la = dot_a ? (gsize)(dot_a - a) : na, lb = dot_b ? (gsize)(dot_b - b) : nb;
    return la == lb && la > 0 && g_ascii_strncasecmp (a, b, la) == 0;
}

/* The step's address, parsed once: comparing servers is the inner loop of a route. */
static guint
step_address (const HtRouteStep *step, guint8 bytes[16])
{
    if (step->address_length) {
        memcpy (bytes, step->address, 16);
        return step->address_length;
    }
    HtNetwork address;
    if (step->ip == NULL || ht_profile_is_loopback (step->ip) ||
        !ht_profile_parse_address (step->ip, &address))
        return HT_ROUTE_NO_ADDRESS;
    memcpy (bytes, address.bytes, 16);
    return address.length;
}

gboolean
ht_route_same_server (const HtRouteStep *a, const HtRouteStep *b)
{
    for (guint i = 0; i < G_N_ELEMENTS (a->names); i++)
        for (guint k = 0; a->names[i] && k < G_N_ELEMENTS (b->names); k++)
            if (b->names[k] && g_ascii_strcasecmp (a->names[i], "localhost") != 0 &&
                names_equal (a->names[i], b->names[k]))
                return TRUE;
    if (a->ip == NULL || b->ip == NULL)
        return FALSE;
    guint8 x[16], y[16];
    guint nx = step_address (a, x), ny = step_address (b, y);
    return nx != HT_ROUTE_NO_ADDRESS && nx == ny && memcmp (x, y, nx) == 0;
}

/* ---- Observed route -------------------------------------------------------------------- */

static gboolean
is_name (const char *text)
{
    return text && *text && !is_address_literal (text);
}

static gboolean
step_from (const HtHop *hop, HtRouteStep *step)
{
    const HtReceived *r = hop->received;
    memset (step, 0, sizeof *step);
    if (!r->has_from)
        return FALSE;
    step->names[0] = r->from_rdns;
    step->names[1] = r->from_helo;
    step->ip = r->from_ip;
    step->address_length = step_address (step, step->address);
    /* The HELO name is what the server calls itself (Exchange writes only that); an address
     * literal in its place says less than the address the connection came from. */
    step->name = is_name (r->from_helo)   ? r->from_helo
                 : is_name (r->from_rdns) ? r->from_rdns
                 : r->from_ip             ? r->from_ip
                                          : r->from_helo;
    step->role = hop->from_role;
    step->hop = hop->index;
    return step->name != NULL && *step->name != '\0';
}

static void
step_by (const HtHop *hop, HtRouteStep *step)
{
    const HtReceived *r = hop->received;
    memset (step, 0, sizeof *step);
    step->names[0] = r->by_host;
    step->ip = r->by_ip;
    step->address_length = step_address (step, step->address);
    step->name = r->by_host;
    step->role = hop->by_role;
    step->product = hop->server.product;
    step->hop = hop->index;
}

static gboolean
is_local (const HtRouteStep *step)
{
    for (guint i = 0; i < G_N_ELEMENTS (step->names); i++)
        if (step->names[i] && (g_ascii_strcasecmp (step->names[i], "localhost") == 0 ||
                               g_ascii_strncasecmp (step->names[i], "localhost.", 10) == 0))
            return TRUE;
    return ht_profile_is_loopback (step->ip);
}

/* Finds a step's node among the servers met so far. A usual route has a handful of servers:
 * comparing with each earlier one is cheapest. A hostile one can have 100 000, where that
 * would be quadratic, so past INDEX_FROM steps hash tables take over. They index exactly what
 * ht_route_same_server compares: full names, first labels against unqualified names, and
 * addresses (loopback excluded). Values are node + 1. */
#define INDEX_FROM 32

typedef struct {
    HtRouteObserved *observed;
    gboolean indexed;   /* the tables below exist and hold every step */
    GHashTable *names;  /* lower-case name without a trailing dot */
    GHashTable *labels; /* first label of a qualified name */
    GHashTable *bare;   /* unqualified name */
    GHashTable *ips;    /* address bytes, as text */
    GArray *first_step; /* guint per node: the index of its first step */
} Builder;

static gchar *
name_key (const char *name)
{
    if (name == NULL || *name == '\0' || is_address_literal (name) ||
        g_ascii_strcasecmp (name, "localhost") == 0)
        return NULL;
    return g_ascii_strdown (name, name_length (name));
}

static gchar *
ip_key (const HtRouteStep *step)
{
    guint8 bytes[16];
    guint length = step_address (step, bytes);
    if (length == HT_ROUTE_NO_ADDRESS)
        return NULL;
    GString *key = g_string_new (NULL);
    for (guint i = 0; i < length; i++)
        g_string_append_printf (key, "%02x", bytes[i]);
    return g_string_free (key, FALSE);
}

static guint
lookup (GHashTable *table, const char *key)
{
    return key ? GPOINTER_TO_UINT (g_hash_table_lookup (table, key)) : 0;
}

static void
remember (GHashTable *table, gchar *key, guint node)
{
    if (key && !g_hash_table_contains (table, key))
        g_hash_table_insert (table, key, GUINT_TO_POINTER (node + 1));
    else
        g_free (key);
}

/* The node of STEP when an earlier step names the same server, else 0; node + 1. */
static guint
find_node (const Builder *builder, const HtRouteStep *step)
{
    if (!builder->indexed) {
        GArray *steps = builder->observed->steps;
        for (guint i = 0; i < steps->len; i++) {
            const HtRouteStep *earlier = &g_array_index (steps, HtRouteStep, i);
            if (ht_route_same_server (earlier, step))
                return earlier->node + 1;
        }
        return 0;
    }
    for (guint i = 0; i < G_N_ELEMENTS (step->names); i++) {
        g_autofree gchar *key = name_key (step->names[i]);
        if (key == NULL)
            continue;
        guint node = lookup (builder->names, key);
        const char *dot = strchr (key, '.');
        if (node == 0 && dot) {
            g_autofree gchar *label = g_strndup (key, dot - key);
            node = lookup (builder->bare, label);
        } else if (node == 0) {
            node = lookup (builder->labels, key);
        }
        if (node)
            return node;
    }
    g_autofree gchar *key = ip_key (step);
    return lookup (builder->ips, key);
}

static void
remember_step (Builder *builder, const HtRouteStep *step)
{
    for (guint i = 0; i < G_N_ELEMENTS (step->names); i++) {
        gchar *key = name_key (step->names[i]);
        if (key == NULL)
            continue;
        const char *dot = strchr (key, '.');
        if (dot)
            remember (builder->labels, g_strndup (key, dot - key), step->node);
        else
            remember (builder->bare, g_strdup (key), step->node);
        remember (builder->names, key, step->node);
    }
    remember (builder->ips, ip_key (step), step->node);
}

static void
push (Builder *builder, HtRouteStep *step)
{
    HtRouteObserved *observed = builder->observed;
    GArray *steps = observed->steps;
    if (steps->len > 0) {
        HtRouteStep *last = &g_array_index (steps, HtRouteStep, steps->len - 1);
        if (ht_route_same_server (last, step)) {
            HtRouteStep *first = &g_array_index (
                steps, HtRouteStep, g_array_index (builder->first_step, guint, last->node));
            if (first->product == NULL)
                first->product = step->product;
            return;
        }
    }
    guint found = find_node (builder, step);
    if (found) {
        step->node = found - 1;
        /* A server first named in a from clause learns its product when a later line of its
         * own names it again; the renderers read it from the node's first step. */
        HtRouteStep *first = &g_array_index (
            steps, HtRouteStep, g_array_index (builder->first_step, guint, step->node));
        if (first->product == NULL)
            first->product = step->product;
    } else {
        step->node = observed->nodes++;
        g_array_append_val (builder->first_step, steps->len);
    }
    g_array_append_val (steps, *step);
    if (builder->indexed) {
        remember_step (builder, step);
    } else if (steps->len >= INDEX_FROM) {
        builder->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
        builder->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
        builder->bare = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
        builder->ips = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
        builder->indexed = TRUE;
        for (guint i = 0; i < steps->len; i++)
            remember_step (builder, &g_array_index (steps, HtRouteStep, i));
    }
}

HtRouteObserved *
ht_route_observe (const HtReport *report)
{
    g_return_val_if_fail (report != NULL, NULL);
    HtRouteObserved *observed = g_new0 (HtRouteObserved, 1);
    observed->steps = g_array_new (FALSE, TRUE, sizeof (HtRouteStep));
    observed->roles = g_array_new (FALSE, TRUE, sizeof (HtRouteRole));
    Builder builder = {
        .observed = observed,
        .first_step = g_array_new (FALSE, FALSE, sizeof (guint)),
    };

    gboolean have_previous = FALSE;
    HtRouteStep previous_by;
    for (guint i = 0; i < report->hops->len; i++) {
        const HtHop *hop = g_ptr_array_index (report->hops, i);
        const HtReceived *r = hop->received;
        if (strcmp (hop->field, "Received") != 0 || !r->has_by || r->by_host == NULL)
            continue;
        HtRouteStep from, by;
        step_by (hop, &by);
        if (step_from (hop, &from) && !is_local (&from) &&
            (!have_previous || !ht_route_same_server (&from, &previous_by)))
            push (&builder, &from);
        by.link = observed->steps->len > 0 ? hop : NULL;
        push (&builder, &by);
        previous_by = by;
        have_previous = TRUE;
    }
    if (builder.indexed) {
        g_hash_table_unref (builder.names);
        g_hash_table_unref (builder.labels);
        g_hash_table_unref (builder.bare);
        g_hash_table_unref (builder.ips);
    }
    g_array_unref (builder.first_step);

    for (guint i = 0; i < observed->steps->len; i++) {
        const HtRouteStep *step = &g_array_index (observed->steps, HtRouteStep, i);
        if (step->role == NULL)
            continue;
        if (observed->roles->len > 0 &&
            g_array_index (observed->roles, HtRouteRole, observed->roles->len - 1).role ==
                step->role)
            continue;
        HtRouteRole role = {.role = step->role, .step = i};
        g_array_append_val (observed->roles, role);
    }
    return observed;
}

void
ht_route_observed_free (HtRouteObserved *observed)
{
    if (observed == NULL)
        return;
    g_array_unref (observed->steps);
    g_array_unref (observed->roles);
    g_free (observed);
}

gchar *
ht_route_roles_to_string (const HtRouteObserved *observed)
{
    GString *s = g_string_new (NULL);
    for (guint i = 0; i < observed->roles->len; i++)
        g_string_append_printf (s, "%s%s", i ? " > " : "",
                                g_array_index (observed->roles, HtRouteRole, i).role);
    return g_string_free (s, FALSE);
}

/* ---- Verification ---------------------------------------------------------------------- */

static const HtRouteStep *
role_server (const HtRouteObserved *observed, guint role_index)
{
    const HtRouteRole *role = &g_array_index (observed->roles, HtRouteRole, role_index);
    return &g_array_index (observed->steps, HtRouteStep, role->step);
}

HtRouteVerdict *
ht_route_verify (const HtRoute *route, const HtReport *report)
{
    g_return_val_if_fail (route != NULL && report != NULL, NULL);
    g_autoptr (HtRouteObserved) observed = ht_route_observe (report);
    HtRouteVerdict *verdict = g_new0 (HtRouteVerdict, 1);
    verdict->name = g_strdup (route->name);
    verdict->expected = g_ptr_array_new ();
    for (guint i = 0; i < route->path->len; i++)
        g_ptr_array_add (verdict->expected, g_ptr_array_index (route->path, i));
    verdict->observed = g_ptr_array_new ();
    for (guint i = 0; i < observed->roles->len; i++)
        g_ptr_array_add (verdict->observed,
                         (gpointer)g_array_index (observed->roles, HtRouteRole, i).role);

    guint n_expected = verdict->expected->len, n_observed = verdict->observed->len;
    guint k = 0;
    /* Role names are interned, so equal names are equal pointers. */
    while (k < n_expected && k < n_observed &&
           g_ptr_array_index (verdict->expected, k) == g_ptr_array_index (verdict->observed, k))
        k++;
    if (k == n_expected && k == n_observed) {
        verdict->match = TRUE;
        return verdict;
    }
    verdict->diverges_at = k + 1;
    if (k < n_expected && k < n_observed) {
        const HtRouteStep *server = role_server (observed, k);
        verdict->divergence = g_strdup_printf (
            "step %u: expected %s, observed %s (%s, hop %u)", k + 1,
            (const char *)g_ptr_array_index (verdict->expected, k),
            (const char *)g_ptr_array_index (verdict->observed, k), server->name, server->hop);
    } else if (k < n_expected && k == 0) {
        verdict->divergence = g_strdup_printf (
            "step 1: expected %s, but no Received line names a server the message passed",
            (const char *)g_ptr_array_index (verdict->expected, 0));
    } else if (k < n_expected) {
        const HtRouteStep *last =
            &g_array_index (observed->steps, HtRouteStep, observed->steps->len - 1);
        verdict->divergence = g_strdup_printf (
            "step %u: expected %s, but the observed route ends at %s (%s, hop %u)", k + 1,
            (const char *)g_ptr_array_index (verdict->expected, k),
            (const char *)g_ptr_array_index (verdict->observed, k - 1), last->name, last->hop);
    } else {
        const HtRouteStep *server = role_server (observed, k);
        verdict->divergence = g_strdup_printf (
            "step %u: the expected route ends at %s, but the message went on to %s (%s, hop %u)",
            k + 1, (const char *)g_ptr_array_index (verdict->expected, k - 1),
            (const char *)g_ptr_array_index (verdict->observed, k), server->name, server->hop);
    }
    return verdict;
}

void
ht_route_verdict_free (HtRouteVerdict *verdict)
{
    if (verdict == NULL)
        return;
    g_free (verdict->name);
    g_ptr_array_unref (verdict->expected);
    g_ptr_array_unref (verdict->observed);
    g_free (verdict->divergence);
    g_free (verdict);
}
