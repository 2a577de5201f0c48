/* ht-profile: the organisation profile and the role of every server.
 *
 * The profile is a GLib key file (DESIGN.md, "Organisation profile and route verification"):
 *
 *     [org]
 *     name = Example
 *     domains = example.com;corp.example.com
 *
 *     [role edge]
 *     hosts = EDGE*.example.com
 *     networks = 192.0.2.10/32;2001:db8:10::/48
 *
 *     [route cmt-inbound]
 *     path = internet > edge > exchange2010 > eop > exo
 *
 * A server gets the first role that matches, in this order: a declared role whose networks
 * hold the server's address; a declared role whose hosts match one of its names (the by
 * host; for a from clause the reverse-DNS name, then the HELO name); the built-in eop, then
 * exo, by host name; else internet. Declared roles are tried in the order of the file.
 * Addresses come first because a HELO name is whatever the client chose to say. */
#pragma once

#include <glib.h>

#include "ht-chain.h"
#include "ht-route.h"

G_BEGIN_DECLS

#define HT_PROFILE_ERROR (ht_profile_error_quark ())
GQuark ht_profile_error_quark (void);

typedef enum {
    HT_PROFILE_ERROR_UNREADABLE,    /* the file does not exist or cannot be read */
    HT_PROFILE_ERROR_INVALID,       /* the file does not parse, or declares something wrong */
    HT_PROFILE_ERROR_UNKNOWN_ROUTE, /* --expect names a route the profile does not declare */
} HtProfileError;

/* The built-in roles. */
#define HT_ROLE_EOP "eop"
#define HT_ROLE_EXO "exo"
#define HT_ROLE_INTERNET "internet"

/* An IPv4 or IPv6 network; an IPv4 address written as ::ffff:a.b.c.d counts as IPv4. */
typedef struct {
    guint8 bytes[16];
    guint length; /* 4 or 16 */
    guint prefix; /* 0 .. 8 * length */
} HtNetwork;

typedef struct _HtProfile HtProfile;

/* A profile with the built-in roles only. */
HtProfile *ht_profile_new (void);

/* Parses a profile held in memory. NAME (a path) starts every error message, followed by
 * the line when it is known: "NAME:7: unknown role 'edgee' in [route cmt-inbound]". */
HtProfile *ht_profile_load_data (const char *data, gsize length, const char *name, GError **error);

/* Reads PATH; HT_PROFILE_ERROR_UNREADABLE when it does not exist or cannot be read. */
HtProfile *ht_profile_load_file (const char *path, GError **error);

/* Reads $XDG_CONFIG_HOME/hoptrace/config (g_get_user_config_dir); a file that does not
 * exist gives the built-in profile, a broken one an error. */
HtProfile *ht_profile_load_default (GError **error);

void ht_profile_free (HtProfile *profile);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtProfile, ht_profile_free)

/* The file the profile came from, or NULL for the built-in profile. (transfer none) */
const char *ht_profile_get_path (const HtProfile *profile);

/* The [org] name, or NULL. (transfer none) */
const char *ht_profile_get_org_name (const HtProfile *profile);

/* The declared route NAME; HT_PROFILE_ERROR_UNKNOWN_ROUTE naming the routes there are when
 * there is none. (transfer none) */
const HtRoute *ht_profile_get_route (const HtProfile *profile, const char *name, GError **error);

/* The role of the server with the N_NAMES host names NAMES (most trusted first; NULL
 * entries are skipped) and the address IP (may be NULL). PROFILE NULL means the built-in
 * roles. Returns an interned string, or NULL when the server has neither a name nor an
 * address. */
const char *ht_profile_role (const HtProfile *profile, const char *const *names, gsize n_names,
                             const char *ip);

/* Sets the from_role and by_role of every hop of REPORT. PROFILE may be NULL. */
void ht_profile_assign_roles (const HtProfile *profile, HtReport *report);

/* "192.0.2.0/24", "2001:db8::/32", or a bare address (a network of one). Refuses a network
 * with bits set after its prefix ("192.0.2.10/24"), which is more often a typo than meant. */
gboolean ht_profile_parse_network (const char *text, HtNetwork *network, GError **error);

/* TRUE when IP (brackets, an IPv6 zone "%4" and an "IPv6:" prefix allowed) is in NETWORK. */
gboolean ht_profile_network_contains (const HtNetwork *network, const char *ip);

/* TRUE when ADDRESS (from ht_profile_parse_address) is in NETWORK: for a caller that tests
 * one address against many networks and parses it once. */
gboolean ht_profile_network_holds (const HtNetwork *network, const HtNetwork *address);

/* Parses an address as Received lines write it (brackets, an "IPv6:" prefix and an IPv6
 * zone allowed) into ADDRESS, a network of one. FALSE when TEXT is no IPv4/IPv6 address. */
gboolean ht_profile_parse_address (const char *text, HtNetwork *address);

/* TRUE for 127.0.0.0/8 and ::1: a connection that never left the machine. */
gboolean ht_profile_is_loopback (const char *ip);

/* TRUE when HOST matches the glob (* and ?), case-insensitively; a trailing dot of a
 * fully qualified HOST is ignored. */
gboolean ht_profile_host_matches (const char *glob, const char *host);

/* A glob measured once, for a caller that tries it on many names. TEXT is borrowed. */
typedef struct {
    const char *text;
    gsize length; /* of TEXT */
    gsize head;   /* bytes before the first star; LENGTH when there is none */
    gsize tail;   /* bytes after the last star; LENGTH when there is none */
    gboolean star;
} HtGlob;

void ht_glob_compile (const char *text, HtGlob *glob);

/* The length ht_profile_host_matches matches of HOST (not empty): without a trailing dot. */
gsize ht_host_match_length (const char *host);

/* ht_profile_host_matches for a compiled GLOB and the LENGTH bytes of HOST that
 * ht_host_match_length gives. */
gboolean ht_glob_matches (const HtGlob *glob, const char *host, gsize length);

G_END_DECLS
