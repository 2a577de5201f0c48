/* ht-route: the servers a message passed, their roles, and --expect.
 *
 * A Received line says "from A by B": the link A -> B, recorded by B. When the next line
 * says "from C by D" and C is not B, the message went B -> C over a link no line records
 * (a provider's internal relay, or a header that was removed); C is still a server the
 * message passed, so it is part of the route. */
#include "config.h"

#include "ht-route.h"

#include "ht-ascii.h"

#include <string.h>

#include "ht-profile.h"

G_DEFINE_QUARK (ht - route - error - quark, ht_route_error)

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
        g_ptr_array_add (steps, (gpointer) g_intern_string (lower));
    }
    return g_steal_pointer (&steps);
}

/* ---- Same server ------------------------------------------------------------------------- */

/* An address literal: "[192.0.2.1]", or an address as ht_profile_parse_address reads it.
 * Most names are host names, which that parse would only reject after two inet_pton calls:
 * a name with no ':' (every IPv6 address has one, and so has "IPv6:") that holds a character
 * other than a digit or a dot (all an IPv4 address has) is none. The parse still decides
 * when white space, '%' or ']' could make it read only a part of the name. */
static gboolean
is_address_literal (const char *name)
{
    if (name[0] == '[')
        return TRUE;
    if (strpbrk (name, ":%] \t\n\v\f\r") == NULL) {
        for (const char *p = name; *p; p++)
            if (!g_ascii_isdigit (*p) && *p != '.')
                return FALSE;
    }
    HtNetwork address;
    return ht_profile_parse_address (name, &address);
}

/* What comparing servers needs to know of one name, worked out once per step: a route
 * compares each server with the earlier ones, and measuring, searching and parsing the
 * same names again for every pair was most of the cost of a route. */
typedef struct {
    const char *text;   /* NULL when the step has no name in this place */
    gsize length;       /* without a trailing dot */
    gsize label;        /* the length of the first label: LENGTH when there is no dot */
    gboolean qualified; /* a dot within LENGTH */
    gboolean literal;   /* an address literal, never compared as a first label */
    gboolean localhost; /* "localhost" names no server in particular */
    gboolean local;     /* "localhost" or "localhost.<anything>": the machine itself */
} Name;

typedef struct {
    Name names[2];
    /* A bit for each thing two servers can share: a name (its length, first and last letter),
     * a first label in the same way, an address. Two steps with no bit in common are not the
     * same server, and comparing the signatures turns most pairs away at once. All bits set
     * for a step that was not signed (sign_step). */
    guint64 signature;
} Names;

G_STATIC_ASSERT (G_N_ELEMENTS (((HtRouteStep *) NULL)->names) ==
                 G_N_ELEMENTS (((Names *) NULL)->names));

static void
describe_name (const char *text, Name *name)
{
    memset (name, 0, sizeof *name);
    name->text = text;
    if (text == NULL)
        return;
    gsize n = strlen (text);
    name->length = n > 1 && text[n - 1] == '.' ? n - 1 : n;
    const char *dot = memchr (text, '.', name->length);
    name->qualified = dot != NULL;
    name->label = dot ? (gsize) (dot - text) : name->length;
    name->literal = is_address_literal (text);
    if (n >= 9 && ht_ascii_starts (text, "localhost")) {
        name->localhost = n == 9;
        name->local = n == 9 || text[9] == '.';
    }
}

static void
describe_names (const HtRouteStep *step, Names *names)
{
    for (guint i = 0; i < G_N_ELEMENTS (names->names); i++)
        describe_name (step->names[i], &names->names[i]);
    names->signature = G_MAXUINT64;
}

/* One of the 64 bits of a signature for KEY. */
static guint64
signature_bit (guint64 key)
{
    return G_GUINT64_CONSTANT (1) << ((key * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 58);
}

/* The key of the LENGTH bytes at TEXT as names_equal compares them: equal but for case, equal
 * keys. */
static guint64
text_key (const char *text, gsize length)
{
    if (length == 0)
        return 0;
    return ((guint64) length << 16) | ((guint64) (guchar) ht_ascii_lower (text[0]) << 8) |
           (guchar) ht_ascii_lower (text[length - 1]);
}

/* Signs STEP, whose names are described and whose address is parsed. A pair that
 * same_server finds the same shares a bit: a common name gives both the bit of its whole
 * text; an unqualified name and the first label of a qualified one give both the bit of the
 * label (an unqualified name is its own first label); a common address, the bit of its
 * bytes. */
static void
sign_step (const HtRouteStep *step, Names *names)
{
    guint64 signature = 0;
    for (guint i = 0; i < G_N_ELEMENTS (names->names); i++) {
        const Name *name = &names->names[i];
        if (name->text == NULL)
            continue;
        signature |= signature_bit (text_key (name->text, name->length));
        if (!name->literal && name->label > 0)
            signature |= signature_bit (text_key (name->text, name->label) ^ 1);
    }
    if (step->address_length != HT_ROUTE_NO_ADDRESS) {
        guint64 halves[2];
        memcpy (halves, step->address, sizeof halves);
        signature |= signature_bit (halves[0] * 31 + halves[1] + step->address_length);
    }
    names->signature = signature;
}

/* Equal ignoring case and a trailing dot; an unqualified name ("EXCH01", as Exchange
 * writes a NetBIOS HELO) equals the first label of a qualified one. */
static gboolean
names_equal (const Name *a, const Name *b)
{
    if (a->length == b->length && ht_ascii_equal (a->text, b->text, a->length))
        return TRUE;
    if (a->qualified == b->qualified || a->literal || b->literal)
        return FALSE;
    return a->label == b->label && a->label > 0 && ht_ascii_equal (a->text, b->text, a->label);
}

/* IP as ht_route_same_server compares it: its bytes, zero-padded to 16, and their number;
 * HT_ROUTE_NO_ADDRESS for none, one that does not parse or a loopback address. */
static guint
parse_step_address (const char *ip, guint8 bytes[16])
{
    memset (bytes, 0, 16);
    if (ip == NULL)
        return HT_ROUTE_NO_ADDRESS;
    /* Parsed first (a dotted quad takes ht_profile_parse_address's own short path):
     * ht_profile_is_loopback parses again, and is only asked about an address that parses
     * as a loopback one (it says FALSE of every other). */
    static const guint8 loopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    HtNetwork address;
    if (!ht_profile_parse_address (ip, &address))
        return HT_ROUTE_NO_ADDRESS;
    gboolean looks_loopback =
        address.length == 4 ? address.bytes[0] == 127 : memcmp (address.bytes, loopback, 16) == 0;
    if (looks_loopback && ht_profile_is_loopback (ip))
        return HT_ROUTE_NO_ADDRESS;
    memcpy (bytes, address.bytes, 16);
    return address.length;
}

/* The step's address (zero-padded to 16 bytes): parsed once when ht_route_observe made the step
 * (comparing servers is the inner loop of a route), else now into SCRATCH. */
static const guint8 *
step_address (const HtRouteStep *step, guint8 scratch[16], guint *length)
{
    if (step->address_length) {
        *length = step->address_length;
        return step->address;
    }
    *length = parse_step_address (step->ip, scratch);
    return scratch;
}

/* ht_route_same_server with the names of A and B already described. Only A's side skips
 * "localhost", as it always has: the order of the arguments is kept by every caller. */
static gboolean
same_server (const HtRouteStep *a, const Names *a_names, const HtRouteStep *b, const Names *b_names)
{
    if ((a_names->signature & b_names->signature) == 0)
        return FALSE;
    for (guint i = 0; i < G_N_ELEMENTS (a_names->names); i++) {
        const Name *name = &a_names->names[i];
        if (name->text == NULL || name->localhost)
            continue;
        for (guint k = 0; k < G_N_ELEMENTS (b_names->names); k++)
            if (b_names->names[k].text && names_equal (name, &b_names->names[k]))
                return TRUE;
    }
    if (a->ip == NULL || b->ip == NULL)
        return FALSE;
    guint8 scratch_a[16], scratch_b[16];
    guint na, nb;
    const guint8 *x = step_address (a, scratch_a, &na), *y = step_address (b, scratch_b, &nb);
    /* Both are zero-padded to 16 bytes: one fixed-size comparison, inlined. */
    return na != HT_ROUTE_NO_ADDRESS && na == nb && memcmp (x, y, 16) == 0;
}

gboolean
ht_route_same_server (const HtRouteStep *a, const HtRouteStep *b)
{
    Names a_names, b_names;
    describe_names (a, &a_names);
    describe_names (b, &b_names);
    return same_server (a, &a_names, b, &b_names);
}

/* ---- Observed route -------------------------------------------------------------------- */

static gboolean
is_name (const Name *name)
{
    return name->text && *name->text && !name->literal;
}

static gboolean
step_from (const HtHop *hop, HtRouteStep *step, Names *names)
{
    const HtReceived *r = hop->received;
    memset (step, 0, sizeof *step);
    if (!r->has_from)
        return FALSE;
    step->names[0] = r->from_rdns;
    step->names[1] = r->from_helo;
    describe_names (step, names);
    step->ip = r->from_ip;
    step->address_length = parse_step_address (step->ip, step->address);
    sign_step (step, names);
    /* The HELO name is what the server calls itself (Exchange writes only that); an address
     * literal in its place says less than the address the connection came from. */
    step->name = is_name (&names->names[1])   ? r->from_helo
                 : is_name (&names->names[0]) ? r->from_rdns
                 : r->from_ip                 ? r->from_ip
                                              : r->from_helo;
    step->role = hop->from_role;
    step->hop = hop->index;
    return step->name != NULL && *step->name != '\0';
}

static void
step_by (const HtHop *hop, HtRouteStep *step, Names *names)
{
    const HtReceived *r = hop->received;
    memset (step, 0, sizeof *step);
    step->names[0] = r->by_host;
    describe_names (step, names);
    step->ip = r->by_ip;
    step->address_length = parse_step_address (step->ip, step->address);
    sign_step (step, names);
    step->name = r->by_host;
    step->role = hop->by_role;
    step->product = hop->server.product;
    step->hop = hop->index;
}

static gboolean
is_local (const HtRouteStep *step, const Names *names)
{
    for (guint i = 0; i < G_N_ELEMENTS (names->names); i++)
        if (names->names[i].local)
            return TRUE;
    /* An address that parsed is not loopback: parse_step_address leaves those out. */
    return step->address_length == HT_ROUTE_NO_ADDRESS && ht_profile_is_loopback (step->ip);
}

/* Finds a step's node among the servers met so far. A usual route has a handful of servers:
 * comparing with each earlier one is cheapest. A hostile one can have 100 000, where that
 * would be quadratic, so past INDEX_FROM steps hash tables take over. They index exactly what
 * ht_route_same_server compares: full names, first labels against unqualified names, and
 * addresses (loopback excluded). Values are node + 1. */
#define INDEX_FROM 32

/* Room on the stack for the steps of a usual route, about one per hop; a longer one moves
 * to the heap and grows as it goes. */
#define USUAL_STEPS 16

/* The route as it is built: plain arrays rather than GArrays, on the stack while they fit.
 * A route is observed for every message (--expect, and each renderer that draws it), and
 * creating, growing and freeing arrays was a good part of its cost. ht_route_verify reads the
 * result from here; ht_route_observe copies it into the GArrays of HtRouteObserved. The
 * *_stack members are only written as far as they are used: the builder is not zeroed. */
typedef struct {
    HtRouteStep *steps;
    Names *described;  /* per step: its names, described once */
    guint *first_step; /* per node: the index of its first step */
    HtRouteRole *roles;
    guint len;          /* steps, and entries of DESCRIBED */
    guint nodes;        /* nodes, and entries of FIRST_STEP */
    guint n_roles;      /* entries of ROLES */
    guint capacity;     /* of each of the four arrays */
    gboolean indexed;   /* the tables below exist and hold every step */
    GHashTable *names;  /* lower-case name without a trailing dot */
    GHashTable *labels; /* first label of a qualified name */
    GHashTable *bare;   /* unqualified name */
    GHashTable *ips;    /* address bytes, as text */
    HtRouteStep steps_stack[USUAL_STEPS];
    Names described_stack[USUAL_STEPS];
    guint first_step_stack[USUAL_STEPS];
    HtRouteRole roles_stack[USUAL_STEPS];
} Builder;

static gchar *
name_key (const Name *name)
{
    if (name->text == NULL || *name->text == '\0' || name->literal || name->localhost)
        return NULL;
    return g_ascii_strdown (name->text, name->length);
}

static gchar *
ip_key (const HtRouteStep *step)
{
    guint8 scratch[16];
    guint length;
    const guint8 *bytes = step_address (step, scratch, &length);
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
find_node (const Builder *builder, const HtRouteStep *step, const Names *names)
{
    if (!builder->indexed) {
        /* The signatures, tested here first, spare most earlier steps the call. */
        for (guint i = 0; i < builder->len; i++)
            if ((builder->described[i].signature & names->signature) != 0 &&
                same_server (&builder->steps[i], &builder->described[i], step, names))
                return builder->steps[i].node + 1;
        return 0;
    }
    for (guint i = 0; i < G_N_ELEMENTS (names->names); i++) {
        g_autofree gchar *key = name_key (&names->names[i]);
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
remember_step (Builder *builder, const HtRouteStep *step, const Names *names)
{
    for (guint i = 0; i < G_N_ELEMENTS (names->names); i++) {
        gchar *key = name_key (&names->names[i]);
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

/* Makes room for one more step (and node, and role: there are never more of those). */
static void
reserve_one (Builder *builder)
{
    if (builder->len < builder->capacity)
        return;
    guint capacity = builder->capacity * 2;
    if (builder->steps == builder->steps_stack) {
        builder->steps = g_memdup2 (builder->steps_stack, sizeof builder->steps_stack);
        builder->described = g_memdup2 (builder->described_stack, sizeof builder->described_stack);
        builder->first_step =
            g_memdup2 (builder->first_step_stack, sizeof builder->first_step_stack);
        builder->roles = g_memdup2 (builder->roles_stack, sizeof builder->roles_stack);
    }
    builder->steps = g_renew (HtRouteStep, builder->steps, capacity);
    builder->described = g_renew (Names, builder->described, capacity);
    builder->first_step = g_renew (guint, builder->first_step, capacity);
    builder->roles = g_renew (HtRouteRole, builder->roles, capacity);
    builder->capacity = capacity;
}

static void
push (Builder *builder, HtRouteStep *step, const Names *names)
{
    if (builder->len > 0) {
        HtRouteStep *last = &builder->steps[builder->len - 1];
        if (same_server (last, &builder->described[builder->len - 1], step, names)) {
            HtRouteStep *first = &builder->steps[builder->first_step[last->node]];
            if (first->product == NULL)
                first->product = step->product;
            return;
        }
    }
    reserve_one (builder);
    guint found = find_node (builder, step, names);
    if (found) {
        step->node = found - 1;
        /* A server first named in a from clause learns its product when a later line of its
         * own names it again; the renderers read it from the node's first step. */
        HtRouteStep *first = &builder->steps[builder->first_step[step->node]];
        if (first->product == NULL)
            first->product = step->product;
    } else {
        step->node = builder->nodes++;
        builder->first_step[step->node] = builder->len;
    }
    builder->steps[builder->len] = *step;
    builder->described[builder->len] = *names;
    builder->len++;
    if (builder->indexed) {
        remember_step (builder, step, names);
    } else if (builder->len >= INDEX_FROM) {
        builder->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
        builder->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
        builder->bare = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
        builder->ips = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
        builder->indexed = TRUE;
        for (guint i = 0; i < builder->len; i++)
            remember_step (builder, &builder->steps[i], &builder->described[i]);
    }
}

/* Fills BUILDER (uninitialised) with the route of REPORT; builder_clear frees it. */
static void
observe (const HtReport *report, Builder *builder)
{
    builder->steps = builder->steps_stack;
    builder->described = builder->described_stack;
    builder->first_step = builder->first_step_stack;
    builder->roles = builder->roles_stack;
    builder->len = builder->nodes = builder->n_roles = 0;
    builder->capacity = USUAL_STEPS;
    builder->indexed = FALSE;

    gboolean have_previous = FALSE;
    HtRouteStep previous_by;
    Names previous_names;
    for (guint i = 0; i < report->hops->len; i++) {
        const HtHop *hop = g_ptr_array_index (report->hops, i);
        const HtReceived *r = hop->received;
        if (strcmp (hop->field, "Received") != 0 || !r->has_by || r->by_host == NULL)
            continue;
        HtRouteStep from, by;
        Names from_names, by_names;
        step_by (hop, &by, &by_names);
        if (step_from (hop, &from, &from_names) && !is_local (&from, &from_names) &&
            (!have_previous || !same_server (&from, &from_names, &previous_by, &previous_names)))
            push (builder, &from, &from_names);
        by.link = builder->len > 0 ? hop : NULL;
        push (builder, &by, &by_names);
        previous_by = by;
        previous_names = by_names;
        have_previous = TRUE;
    }
    if (builder->indexed) {
        g_hash_table_unref (builder->names);
        g_hash_table_unref (builder->labels);
        g_hash_table_unref (builder->bare);
        g_hash_table_unref (builder->ips);
        builder->indexed = FALSE;
    }

    for (guint i = 0; i < builder->len; i++) {
        const HtRouteStep *step = &builder->steps[i];
        if (step->role == NULL)
            continue;
        if (builder->n_roles > 0 && builder->roles[builder->n_roles - 1].role == step->role)
            continue;
        builder->roles[builder->n_roles++] = (HtRouteRole){.role = step->role, .step = i};
    }
}

static void
builder_clear (Builder *builder)
{
    if (builder->steps == builder->steps_stack)
        return;
    g_free (builder->steps);
    g_free (builder->described);
    g_free (builder->first_step);
    g_free (builder->roles);
}

HtRouteObserved *
ht_route_observe (const HtReport *report)
{
    g_return_val_if_fail (report != NULL, NULL);
    Builder builder;
    observe (report, &builder);
    HtRouteObserved *observed = g_new0 (HtRouteObserved, 1);
    observed->steps = g_array_sized_new (FALSE, TRUE, sizeof (HtRouteStep), builder.len);
    g_array_append_vals (observed->steps, builder.steps, builder.len);
    observed->roles = g_array_sized_new (FALSE, TRUE, sizeof (HtRouteRole), builder.n_roles);
    g_array_append_vals (observed->roles, builder.roles, builder.n_roles);
    observed->nodes = builder.nodes;
    builder_clear (&builder);
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
    static const char separator[] = " > ";
    gsize length = 0;
    for (guint i = 0; i < observed->roles->len; i++)
        length += (i ? strlen (separator) : 0) +
                  strlen (g_array_index (observed->roles, HtRouteRole, i).role);
    gchar *text = g_malloc (length + 1), *end = text;
    for (guint i = 0; i < observed->roles->len; i++) {
        const char *role = g_array_index (observed->roles, HtRouteRole, i).role;
        if (i)
            end = g_stpcpy (end, separator);
        end = g_stpcpy (end, role);
    }
    *end = '\0';
    return text;
}

/* ---- Verification ---------------------------------------------------------------------- */

/* The server of the K-th role of the route BUILDER observed. */
static const HtRouteStep *
role_server (const Builder *builder, guint k)
{
    return &builder->steps[builder->roles[k].step];
}

/* VALUE in decimal, written at the end of BUFFER. */
#define UINT_TEXT_SIZE 16

static const char *
uint_text (guint value, char buffer[UINT_TEXT_SIZE])
{
    char *p = buffer + UINT_TEXT_SIZE - 1;
    *p = '\0';
    do {
        *--p = (char) ('0' + value % 10);
        value /= 10;
    } while (value);
    return p;
}

/* TEXT, or what printf's %s writes for NULL: g_strconcat would stop at a NULL. */
static const char *
text_of (gconstpointer text)
{
    return text ? text : "(null)";
}

/* A new array holding the N pointers at DATA, with no room to spare. */
static GPtrArray *
ptr_array_of (gconstpointer data, guint n)
{
    GPtrArray *array = g_ptr_array_sized_new (n);
    g_ptr_array_set_size (array, (gint) n);
    if (n)
        memcpy (array->pdata, data, n * sizeof (gpointer));
    return array;
}

HtRouteVerdict *
ht_route_verify (const HtRoute *route, const HtReport *report)
{
    g_return_val_if_fail (route != NULL && report != NULL, NULL);
    Builder observed;
    observe (report, &observed);
    HtRouteVerdict *verdict = g_new0 (HtRouteVerdict, 1);
    verdict->name = g_strdup (route->name);
    verdict->expected = ptr_array_of (route->path->pdata, route->path->len);
    verdict->observed = g_ptr_array_sized_new (observed.n_roles);
    for (guint i = 0; i < observed.n_roles; i++)
        g_ptr_array_add (verdict->observed, (gpointer) observed.roles[i].role);

    guint n_expected = verdict->expected->len, n_observed = verdict->observed->len;
    guint k = 0;
    /* Role names are interned, so equal names are equal pointers. */
    while (k < n_expected && k < n_observed &&
           g_ptr_array_index (verdict->expected, k) == g_ptr_array_index (verdict->observed, k))
        k++;
    if (k == n_expected && k == n_observed) {
        verdict->match = TRUE;
        builder_clear (&observed);
        return verdict;
    }
    verdict->diverges_at = k + 1;
    /* The sentence is built by concatenation: g_strdup_printf, which reads its format at
     * every call, cost as much as the rest of the verdict, and a mailbox that does not follow
     * the route has one for most messages. */
    char step_buffer[UINT_TEXT_SIZE], hop_buffer[UINT_TEXT_SIZE];
    const char *step = uint_text (k + 1, step_buffer);
    if (k < n_expected && k < n_observed) {
        const HtRouteStep *server = role_server (&observed, k);
        verdict->divergence = g_strconcat (
            "step ", step, ": expected ", text_of (verdict->expected->pdata[k]), ", observed ",
            text_of (verdict->observed->pdata[k]), " (", text_of (server->name), ", hop ",
            uint_text (server->hop, hop_buffer), ")", NULL);
    } else if (k < n_expected && k == 0) {
        verdict->divergence =
            g_strconcat ("step 1: expected ", text_of (verdict->expected->pdata[0]),
                         ", but no Received line names a server the message passed", NULL);
    } else if (k < n_expected) {
        const HtRouteStep *last = &observed.steps[observed.len - 1];
        verdict->divergence = g_strconcat (
            "step ", step, ": expected ", text_of (verdict->expected->pdata[k]),
            ", but the observed route ends at ", text_of (verdict->observed->pdata[k - 1]), " (",
            text_of (last->name), ", hop ", uint_text (last->hop, hop_buffer), ")", NULL);
    } else {
        const HtRouteStep *server = role_server (&observed, k);
        verdict->divergence =
            g_strconcat ("step ", step, ": the expected route ends at ",
                         text_of (verdict->expected->pdata[k - 1]), ", but the message went on to ",
                         text_of (verdict->observed->pdata[k]), " (", text_of (server->name),
                         ", hop ", uint_text (server->hop, hop_buffer), ")", NULL);
    }
    builder_clear (&observed);
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
