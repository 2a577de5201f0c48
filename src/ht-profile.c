/* ht-profile: the organisation profile (a GLib key file) and server roles.
 *
 * GKeyFile does the parsing; this file checks what GKeyFile cannot know (sections and keys
 * we understand, networks, globs, routes that name known roles) and finds the line of every
 * mistake, because "unknown role" is only helpful with the line that says it. */
#include "config.h"

#include "ht-profile.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <pthread.h>
#include <string.h>
#include <sys/stat.h>

#include "ht-ascii.h"
#include "ht-escape.h"

G_DEFINE_QUARK (ht - profile - error - quark, ht_profile_error)

typedef struct {
    const char *name; /* interned, lower case */
    GPtrArray *hosts; /* gchar*, lower-case globs */
    GArray *globs;    /* HtGlob: HOSTS measured once, for matching */
    GArray *networks; /* HtNetwork */
} Role;

struct _HtProfile {
    gchar *path;
    gchar *org_name;
    GStrv domains;
    GPtrArray *roles;  /* Role*, in the order of the file */
    GPtrArray *routes; /* HtRoute*, in the order of the file */
    guint n_networks;  /* of all roles: without any, no address needs parsing */
    GArray *networks;  /* Network: those of all roles, in the order roles are tried */
};

/* A network of a role as ht_profile_role tests it: its bytes and a mask of its prefix, as
 * two 64-bit halves each, so that testing an address is two masked comparisons rather than
 * a call per network. Equal to ht_profile_network_holds. */
typedef struct {
    guint64 bytes[2];
    guint64 mask[2];
    guint length;     /* 4 or 16 */
    const char *role; /* interned */
} Network;

static void
network_compile (const HtNetwork *network, const char *role, Network *compiled)
{
    guint8 mask[16] = {0};
    for (guint bit = 0; bit < network->prefix; bit++)
        mask[bit / 8] |= (guint8) (0x80 >> (bit % 8));
    memcpy (compiled->bytes, network->bytes, 16);
    memcpy (compiled->mask, mask, 16);
    compiled->length = network->length;
    compiled->role = role;
}

/* TRUE when ADDRESS (16 bytes, zero after its LENGTH) is in NETWORK. */
static gboolean
network_holds (const Network *network, const guint64 address[2], guint length)
{
    return length == network->length &&
           ((address[0] ^ network->bytes[0]) & network->mask[0]) == 0 &&
           ((address[1] ^ network->bytes[1]) & network->mask[1]) == 0;
}

/* Exchange Online Protection: the inbound front ends (tenant MX hosts and their machines),
 * the outbound relays, and the internal EOP machines. */
static const char *const eop_hosts[] = {
    /* EOP's front ends are named <region>PEPF<n>: "CO1PEPF000044FC.mail.protection.outlook.com"
     * as a receiver, "CO1PEPF000044F5.namprd05.prod.outlook.com" as a sender. */
    "*pepf*.prod.outlook.com",
    "*.mail.protection.outlook.com",
    "*.outbound.protection.outlook.com",
    "*.eop-*.prod.protection.outlook.com",
};

/* Exchange Online mailbox and hub servers. */
static const char *const exo_hosts[] = {
    "*.prod.outlook.com",
    "*.outlook.office365.com",
    "*.prod.exchangelabs.com",
};

static void
role_free (gpointer data)
{
    Role *role = data;
    g_ptr_array_unref (role->hosts);
    g_array_unref (role->globs);
    g_array_unref (role->networks);
    g_free (role);
}

HtProfile *
ht_profile_new (void)
{
    HtProfile *profile = g_new0 (HtProfile, 1);
    profile->roles = g_ptr_array_new_with_free_func (role_free);
    profile->networks = g_array_new (FALSE, FALSE, sizeof (Network));
    profile->routes = g_ptr_array_new_with_free_func ((GDestroyNotify) ht_route_free);
    return profile;
}

void
ht_profile_free (HtProfile *profile)
{
    if (profile == NULL)
        return;
    g_free (profile->path);
    g_free (profile->org_name);
    g_strfreev (profile->domains);
    g_ptr_array_unref (profile->roles);
    g_array_unref (profile->networks);
    g_ptr_array_unref (profile->routes);
    g_free (profile);
}

const char *
ht_profile_get_path (const HtProfile *profile)
{
    return profile->path;
}

const char *
ht_profile_get_org_name (const HtProfile *profile)
{
    return profile->org_name;
}

/* ---- Roles ------------------------------------------------------------------------------ */

/* The names of a server as the globs need them: each measured once, not once per glob.
 * ht_profile_host_matches skips a NULL or empty name; LENGTH 0 does the same here. */
typedef struct {
    const char *text;
    gsize length; /* without a trailing dot; 0 for a name to skip */
} MatchName;

#define MAX_NAMES 4

static gboolean
any_name_matches (const HtGlob *globs, gsize n_globs, const MatchName *names, gsize n_names)
{
    for (gsize i = 0; i < n_names; i++)
        for (gsize k = 0; names[i].length && k < n_globs; k++)
            if (ht_glob_matches (&globs[k], names[i].text, names[i].length))
                return TRUE;
    return FALSE;
}

/* TRUE when NAME ends in a domain that every built-in pattern (eop_hosts, exo_hosts) ends
 * in, one of them. */
static gboolean
in_microsoft_domain (const MatchName *name)
{
    static const struct {
        const char *text;
        gsize length;
    } domains[] = {
        {".outlook.com", 12},
        {".office365.com", 14},
        {".exchangelabs.com", 17},
    };
    /* All three end in ".com": most other names fail on their last letters. */
    if (name->length < 12 || !ht_ascii_equal (name->text + name->length - 4, ".com", 4))
        return FALSE;
    for (gsize i = 0; i < G_N_ELEMENTS (domains); i++)
        if (name->length >= domains[i].length &&
            ht_ascii_equal (name->text + name->length - domains[i].length, domains[i].text,
                            domains[i].length))
            return TRUE;
    return FALSE;
}

/* pthread_once rather than g_once_init_enter: its slow path waits on GLib's futex-based
 * locks, which ThreadSanitizer cannot see (main.c's worker threads call this). */
static pthread_once_t builtin_roles_once = PTHREAD_ONCE_INIT;
static const char *builtin_eop, *builtin_exo, *builtin_internet;
static HtGlob eop_globs[G_N_ELEMENTS (eop_hosts)], exo_globs[G_N_ELEMENTS (exo_hosts)];

static void
intern_builtin_roles (void)
{
    builtin_eop = g_intern_static_string (HT_ROLE_EOP);
    builtin_exo = g_intern_static_string (HT_ROLE_EXO);
    builtin_internet = g_intern_static_string (HT_ROLE_INTERNET);
    for (gsize i = 0; i < G_N_ELEMENTS (eop_hosts); i++)
        ht_glob_compile (eop_hosts[i], &eop_globs[i]);
    for (gsize i = 0; i < G_N_ELEMENTS (exo_hosts); i++)
        ht_glob_compile (exo_hosts[i], &exo_globs[i]);
}

const char *
ht_profile_role (const HtProfile *profile, const char *const *names, gsize n_names, const char *ip)
{
    gboolean any_name = FALSE;
    for (gsize i = 0; i < n_names; i++)
        any_name |= names[i] != NULL && names[i][0] != '\0';
    if (!any_name && ip == NULL)
        return NULL;
    /* Every caller passes one or two names: room for them on the stack. */
    MatchName stack[MAX_NAMES];
    g_autofree MatchName *heap = n_names > MAX_NAMES ? g_new (MatchName, n_names) : NULL;
    MatchName *measured = heap ? heap : stack;
    for (gsize i = 0; i < n_names; i++) {
        measured[i].text = names[i];
        measured[i].length = names[i] && *names[i] ? ht_host_match_length (names[i]) : 0;
    }
    /* Interned once (this runs for every hop of a mailbox, on several threads). */
    pthread_once (&builtin_roles_once, intern_builtin_roles);

    if (profile) {
        /* The address is parsed once for all the networks. */
        HtNetwork address;
        gboolean parsed = ip && profile->n_networks && ht_profile_parse_address (ip, &address);
        if (parsed) {
            guint64 halves[2];
            memcpy (halves, address.bytes, sizeof halves);
            for (guint i = 0; i < profile->networks->len; i++) {
                const Network *network = &g_array_index (profile->networks, Network, i);
                if (network_holds (network, halves, address.length))
                    return network->role;
            }
        }
        for (guint i = 0; i < profile->roles->len; i++) {
            const Role *role = g_ptr_array_index (profile->roles, i);
            if (any_name_matches ((const HtGlob *) (void *) role->globs->data, role->globs->len,
                                  measured, n_names))
                return role->name;
        }
    }
    const char *eop = builtin_eop, *exo = builtin_exo, *internet = builtin_internet;
    /* Every built-in pattern ends in one of Microsoft's domains: a name that does not cannot
     * match one, and a suffix test turns it away before any glob runs. The names left are
     * kept at the start of MEASURED (nothing reads it after this). */
    gsize n_microsoft = 0;
    for (gsize i = 0; i < n_names; i++)
        if (in_microsoft_domain (&measured[i]))
            measured[n_microsoft++] = measured[i];
    if (n_microsoft == 0)
        return internet;
    if (any_name_matches (eop_globs, G_N_ELEMENTS (eop_globs), measured, n_microsoft))
        return eop;
    if (any_name_matches (exo_globs, G_N_ELEMENTS (exo_globs), measured, n_microsoft))
        return exo;
    return internet;
}

static gboolean
is_local_name (const char *name)
{
    /* The first letter spares nearly every name the comparisons (twice per hop). */
    return name && (name[0] == 'l' || name[0] == 'L') &&
           (g_ascii_strcasecmp (name, "localhost") == 0 ||
            g_ascii_strncasecmp (name, "localhost.", 10) == 0);
}

void
ht_profile_assign_roles (const HtProfile *profile, HtReport *report)
{
    g_return_if_fail (report != NULL);
    pthread_once (&builtin_roles_once, intern_builtin_roles);
    for (guint i = 0; i < report->hops->len; i++) {
        HtHop *hop = g_ptr_array_index (report->hops, i);
        const HtReceived *r = hop->received;
        hop->by_role = NULL;
        hop->from_role = NULL;
        if (r->has_by) {
            const char *names[] = {r->by_host};
            hop->by_role = ht_profile_role (profile, names, G_N_ELEMENTS (names), r->by_ip);
        }
        if (!r->has_from)
            continue;
        /* A connection over loopback (amavis and other content filters re-injecting mail,
         * EXO's store delivery "from X (::1)") never left the by server's machine. */
        if (ht_profile_is_loopback (r->from_ip) || is_local_name (r->from_rdns) ||
            (r->from_rdns == NULL && is_local_name (r->from_helo))) {
            hop->from_role = hop->by_role;
            continue;
        }
        const char *names[] = {r->from_rdns, r->from_helo};
        hop->from_role = ht_profile_role (profile, names, G_N_ELEMENTS (names), r->from_ip);
        /* A HELO name is whatever the client said. Exchange records nothing else (no
         * reverse DNS), so on its lines the HELO name has to do; a server that looked the
         * address up (qmail, Postfix, ...) gives Microsoft's built-in roles only to a
         * reverse-DNS name, never to a HELO such as "x.outbound.protection.outlook.com"
         * from an address outside Microsoft. Roles are interned: equal names, equal pointers. */
        gboolean builtin = hop->from_role == builtin_eop || hop->from_role == builtin_exo;
        gboolean exchange =
            hop->server.product && strncmp (hop->server.product, "Exchange", 8) == 0;
        if (builtin && !exchange) {
            const char *rdns_only[] = {r->from_rdns};
            hop->from_role = r->from_rdns ? ht_profile_role (profile, rdns_only, 1, r->from_ip)
                                          : ht_profile_role (profile, rdns_only, 0, r->from_ip);
        }
    }
}

/* ---- The key file ------------------------------------------------------------------------ */

G_GNUC_PRINTF (5, 6)
static void
set_error (GError **error, gint code, const char *name, guint line, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    g_autofree gchar *text = g_strdup_vprintf (format, args);
    va_end (args);
    /* GKeyFile quotes the offending line as it is, bytes and all; main prints the message
     * on a terminal. */
    g_autofree gchar *safe = ht_escape_terminal (text);
    if (line)
        g_set_error (error, HT_PROFILE_ERROR, code, "%s:%u: %s", name, line, safe);
    else
        g_set_error (error, HT_PROFILE_ERROR, code, "%s: %s", name, safe);
}

/* The line of [GROUP] (KEY NULL) or of KEY inside it, 0 when not found. GKeyFile keeps no
 * line numbers, so the text is scanned the way GKeyFile reads it: leading white space is
 * skipped, '#' starts a comment, "[name]" a group, "key = value" a key. */
static guint
find_line (const char *data, gsize length, const char *group, const char *key)
{
    g_autofree gchar *text = g_strndup (data, length);
    g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
    gboolean in_group = FALSE;
    for (guint i = 0; lines[i]; i++) {
        gchar *line = g_strstrip (lines[i]);
        if (line[0] == '[') {
            gsize n = strlen (line);
            in_group = n >= 2 && line[n - 1] == ']' && strlen (group) == n - 2 &&
                       strncmp (line + 1, group, n - 2) == 0;
            if (in_group && key == NULL)
                return i + 1;
            continue;
        }
        if (!in_group || key == NULL || line[0] == '#')
            continue;
        char *equals = strchr (line, '=');
        if (equals == NULL)
            continue;
        *equals = '\0';
        if (strcmp (g_strchomp (line), key) == 0)
            return i + 1;
    }
    return 0;
}

/* The first line GKeyFile would refuse, 0 when none is found (then its message stands
 * alone). */
static guint
find_bad_line (const char *data, gsize length)
{
    g_autofree gchar *text = g_strndup (data, length);
    g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
    gboolean seen_group = FALSE;
    for (guint i = 0; lines[i]; i++) {
        gchar *line = g_strstrip (lines[i]);
        if (!g_utf8_validate (line, -1, NULL))
            return i + 1;
        if (line[0] == '\0' || line[0] == '#')
            continue;
        if (line[0] == '[') {
            gsize n = strlen (line);
            if (n < 3 || line[n - 1] != ']' || strpbrk (line + 1, "[") ||
                strchr (line + 1, ']') != line + n - 1)
                return i + 1;
            seen_group = TRUE;
            continue;
        }
        const char *equals = strchr (line, '=');
        if (!seen_group || equals == NULL || equals == line)
            return i + 1;
    }
    return 0;
}

static gboolean
is_role_word (const char *word)
{
    if (*word == '\0')
        return FALSE;
    for (const char *p = word; *p; p++)
        if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
            return FALSE;
    return TRUE;
}

typedef struct {
    const char *data;
    gsize length;
    const char *name; /* the file, for messages */
    GKeyFile *key_file;
} Loader;

/* Refuses keys other than ALLOWED in GROUP: a misspelt "host =" would otherwise match
 * nothing, silently. */
static gboolean
check_keys (const Loader *loader, const char *group, const char *const *allowed, GError **error)
{
    g_auto (GStrv) keys = g_key_file_get_keys (loader->key_file, group, NULL, NULL);
    for (guint i = 0; keys && keys[i]; i++) {
        if (g_strv_contains (allowed, keys[i]))
            continue;
        g_autofree gchar *list = g_strjoinv (", ", (gchar **) allowed);
        set_error (error, HT_PROFILE_ERROR_INVALID, loader->name,
                   find_line (loader->data, loader->length, group, keys[i]),
                   "unknown key '%s' in [%s] (known: %s)", keys[i], group, list);
        return FALSE;
    }
    return TRUE;
}

/* The non-empty, trimmed items of a ';'-separated list (a trailing ';' is usual). */
static GStrv
get_list (const Loader *loader, const char *group, const char *key)
{
    g_auto (GStrv) items = g_key_file_get_string_list (loader->key_file, group, key, NULL, NULL);
    g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
    for (guint i = 0; items && items[i]; i++) {
        g_strstrip (items[i]);
        if (items[i][0])
            g_strv_builder_add (builder, items[i]);
    }
    return g_strv_builder_end (builder);
}

static gboolean
load_role (HtProfile *profile, const Loader *loader, const char *group, const char *word,
           GError **error)
{
    guint line = find_line (loader->data, loader->length, group, NULL);
    g_autofree gchar *lower = g_ascii_strdown (word, -1);
    if (!is_role_word (lower)) {
        set_error (error, HT_PROFILE_ERROR_INVALID, loader->name, line,
                   "the role name '%s' is not one word (letters, digits, '-', '_', '.')", word);
        return FALSE;
    }
    for (guint i = 0; i < profile->roles->len; i++) {
        const Role *other = g_ptr_array_index (profile->roles, i);
        if (strcmp (other->name, lower) == 0) {
            set_error (error, HT_PROFILE_ERROR_INVALID, loader->name, line,
                       "the role '%s' is declared twice", lower);
            return FALSE;
        }
    }
    static const char *const keys[] = {"hosts", "networks", NULL};
    if (!check_keys (loader, group, keys, error))
        return FALSE;

    Role *role = g_new0 (Role, 1);
    role->name = g_intern_string (lower);
    role->hosts = g_ptr_array_new_with_free_func (g_free);
    role->networks = g_array_new (FALSE, TRUE, sizeof (HtNetwork));
    role->globs = g_array_new (FALSE, TRUE, sizeof (HtGlob));
    g_ptr_array_add (profile->roles, role);

    g_auto (GStrv) hosts = get_list (loader, group, "hosts");
    for (guint i = 0; hosts[i]; i++) {
        if (strpbrk (hosts[i], " \t")) {
            set_error (error, HT_PROFILE_ERROR_INVALID, loader->name,
                       find_line (loader->data, loader->length, group, "hosts"),
                       "the host pattern '%s' of [%s] holds white space (separate patterns "
                       "with ';')",
                       hosts[i], group);
            return FALSE;
        }
        g_ptr_array_add (role->hosts, g_ascii_strdown (hosts[i], -1));
        HtGlob glob;
        ht_glob_compile (g_ptr_array_index (role->hosts, role->hosts->len - 1), &glob);
        g_array_append_val (role->globs, glob);
    }
    g_auto (GStrv) networks = get_list (loader, group, "networks");
    for (guint i = 0; networks[i]; i++) {
        HtNetwork network;
        g_autoptr (GError) local = NULL;
        if (!ht_profile_parse_network (networks[i], &network, &local)) {
            set_error (error, HT_PROFILE_ERROR_INVALID, loader->name,
                       find_line (loader->data, loader->length, group, "networks"), "[%s]: %s",
                       group, local->message);
            return FALSE;
        }
        g_array_append_val (role->networks, network);
        profile->n_networks++;
        Network compiled;
        network_compile (&network, role->name, &compiled);
        g_array_append_val (profile->networks, compiled);
    }
    if (role->hosts->len == 0 && role->networks->len == 0) {
        set_error (error, HT_PROFILE_ERROR_INVALID, loader->name, line,
                   "[%s] declares neither hosts nor networks, so no server can have it", group);
        return FALSE;
    }
    return TRUE;
}

static gboolean
is_known_role (const HtProfile *profile, const char *name)
{
    if (strcmp (name, HT_ROLE_EOP) == 0 || strcmp (name, HT_ROLE_EXO) == 0 ||
        strcmp (name, HT_ROLE_INTERNET) == 0)
        return TRUE;
    for (guint i = 0; i < profile->roles->len; i++) {
        const Role *role = g_ptr_array_index (profile->roles, i);
        if (strcmp (role->name, name) == 0)
            return TRUE;
    }
    return FALSE;
}

static gchar *
role_list (const HtProfile *profile)
{
    GString *s = g_string_new (NULL);
    for (guint i = 0; i < profile->roles->len; i++) {
        const Role *role = g_ptr_array_index (profile->roles, i);
        g_string_append_printf (s, "%s, ", role->name);
    }
    g_string_append (s, "and the built-in eop, exo, internet");
    return g_string_free (s, FALSE);
}

static gboolean
load_route (HtProfile *profile, const Loader *loader, const char *group, const char *word,
            GError **error)
{
    guint line = find_line (loader->data, loader->length, group, NULL);
    if (!is_role_word (word)) {
        set_error (error, HT_PROFILE_ERROR_INVALID, loader->name, line,
                   "the route name '%s' is not one word (letters, digits, '-', '_', '.')", word);
        return FALSE;
    }
    static const char *const keys[] = {"path", NULL};
    if (!check_keys (loader, group, keys, error))
        return FALSE;
    g_autofree gchar *path = g_key_file_get_string (loader->key_file, group, "path", NULL);
    if (path == NULL) {
        set_error (error, HT_PROFILE_ERROR_INVALID, loader->name, line,
                   "[%s] has no path (path = role > role > ...)", group);
        return FALSE;
    }
    guint path_line = find_line (loader->data, loader->length, group, "path");
    g_autoptr (GError) local = NULL;
    g_autoptr (GPtrArray) steps = ht_route_parse_path (path, &local);
    if (steps == NULL) {
        set_error (error, HT_PROFILE_ERROR_INVALID, loader->name, path_line, "[%s]: %s", group,
                   local->message);
        return FALSE;
    }
    for (guint i = 0; i < steps->len; i++) {
        const char *step = g_ptr_array_index (steps, i);
        if (!is_known_role (profile, step)) {
            g_autofree gchar *known = role_list (profile);
            set_error (error, HT_PROFILE_ERROR_INVALID, loader->name, path_line,
                       "unknown role '%s' in the path of [%s] (roles: %s)", step, group, known);
            return FALSE;
        }
    }
    HtRoute *route = g_new0 (HtRoute, 1);
    route->name = g_strdup (word);
    route->path = g_steal_pointer (&steps);
    route->line = path_line;
    g_ptr_array_add (profile->routes, route);
    return TRUE;
}

HtProfile *
ht_profile_load_data (const char *data, gsize length, const char *name, GError **error)
{
    g_return_val_if_fail (data != NULL && name != NULL, NULL);
    g_autoptr (GKeyFile) key_file = g_key_file_new ();
    g_autoptr (GError) local = NULL;
    if (!g_key_file_load_from_data (key_file, data, length, G_KEY_FILE_NONE, &local)) {
        set_error (error, HT_PROFILE_ERROR_INVALID, name, find_bad_line (data, length), "%s",
                   local->message);
        return NULL;
    }
    Loader loader = {.data = data, .length = length, .name = name, .key_file = key_file};
    g_autoptr (HtProfile) profile = ht_profile_new ();
    profile->path = g_strdup (name);
    g_auto (GStrv) groups = g_key_file_get_groups (key_file, NULL);

    /* Roles first, whatever the order of the file, so that a route may name a role that is
     * declared below it. */
    for (guint i = 0; groups[i]; i++) {
        const char *group = groups[i];
        if (strcmp (group, "org") == 0) {
            static const char *const keys[] = {"name", "domains", NULL};
            if (!check_keys (&loader, group, keys, error))
                return NULL;
            profile->org_name = g_key_file_get_string (key_file, group, "name", NULL);
            profile->domains = get_list (&loader, group, "domains");
        } else if (g_str_has_prefix (group, "role ")) {
            g_autofree gchar *word = g_strstrip (g_strdup (group + 5));
            if (!load_role (profile, &loader, group, word, error))
                return NULL;
        } else if (!g_str_has_prefix (group, "route ")) {
            set_error (error, HT_PROFILE_ERROR_INVALID, name, find_line (data, length, group, NULL),
                       "unknown section [%s] (use [org], [role NAME] or [route NAME])", group);
            return NULL;
        }
    }
    for (guint i = 0; groups[i]; i++) {
        if (!g_str_has_prefix (groups[i], "route "))
            continue;
        g_autofree gchar *word = g_strstrip (g_strdup (groups[i] + 6));
        if (!load_route (profile, &loader, groups[i], word, error))
            return NULL;
    }
    return g_steal_pointer (&profile);
}

HtProfile *
ht_profile_load_file (const char *path, GError **error)
{
    g_return_val_if_fail (path != NULL, NULL);
    GStatBuf st;
    if (g_stat (path, &st) != 0) {
        set_error (error, HT_PROFILE_ERROR_UNREADABLE, path, 0,
                   "cannot read the configuration file: %s", g_strerror (errno));
        return NULL;
    }
    /* A directory or a device (/dev/zero) is no configuration file; a pipe (--config
     * <(...)) is fine. */
    if (S_ISDIR (st.st_mode) || S_ISCHR (st.st_mode) || S_ISBLK (st.st_mode)) {
        set_error (error, HT_PROFILE_ERROR_UNREADABLE, path, 0, "is a %s, not a configuration file",
                   S_ISDIR (st.st_mode) ? "directory" : "device");
        return NULL;
    }
    g_autofree gchar *data = NULL;
    gsize length = 0;
    g_autoptr (GError) local = NULL;
    if (!g_file_get_contents (path, &data, &length, &local)) {
        set_error (error, HT_PROFILE_ERROR_UNREADABLE, path, 0,
                   "cannot read the configuration file: %s", local->message);
        return NULL;
    }
    return ht_profile_load_data (data, length, path, error);
}

HtProfile *
ht_profile_load_default (GError **error)
{
    g_autofree gchar *path =
        g_build_filename (g_get_user_config_dir (), "hoptrace", "config", NULL);
    if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return ht_profile_new ();
    return ht_profile_load_file (path, error);
}

const HtRoute *
ht_profile_get_route (const HtProfile *profile, const char *name, GError **error)
{
    g_return_val_if_fail (profile != NULL && name != NULL, NULL);
    for (guint i = 0; i < profile->routes->len; i++) {
        const HtRoute *route = g_ptr_array_index (profile->routes, i);
        if (strcmp (route->name, name) == 0)
            return route;
    }
    if (profile->path == NULL) {
        g_set_error (error, HT_PROFILE_ERROR, HT_PROFILE_ERROR_UNKNOWN_ROUTE,
                     "unknown route '%s': no configuration file declares routes (use --config "
                     "FILE, or write %s/hoptrace/config)",
                     name, g_get_user_config_dir ());
        return NULL;
    }
    GString *names = g_string_new (NULL);
    for (guint i = 0; i < profile->routes->len; i++) {
        const HtRoute *route = g_ptr_array_index (profile->routes, i);
        g_string_append_printf (names, "%s%s", i ? ", " : "", route->name);
    }
    g_set_error (error, HT_PROFILE_ERROR, HT_PROFILE_ERROR_UNKNOWN_ROUTE,
                 "%s: unknown route '%s' (%s%s)", profile->path, name,
                 names->len ? "declared: " : "the file declares no route", names->str);
    g_string_free (names, TRUE);
    return NULL;
}
