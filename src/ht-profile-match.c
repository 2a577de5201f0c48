/* ht-profile-match: the matching half of the profile, pure and allocation-free where it
 * runs per hop: addresses as Received lines write them, IPv4/IPv6 networks (CIDR) and
 * host-name globs. */
#include "config.h"

#include "ht-profile.h"

#include "ht-ascii.h"

#include <arpa/inet.h>
#include <string.h>

/* A dotted quad exactly as inet_pton reads one (four decimal numbers up to 255, no leading
 * zeros, nothing around them). Nearly every address in a Received line is one: this spares
 * it the copy and the inet_pton call. */
static gboolean
parse_dotted_quad (const char *text, guint8 bytes[4])
{
    for (guint part = 0; part < 4; part++) {
        if (part > 0 && *text++ != '.')
            return FALSE;
        if (!g_ascii_isdigit (*text))
            return FALSE;
        guint value = (guint) (*text++ - '0');
        /* A number that starts with 0 is 0 alone: the next character must end it. */
        while (value != 0 && value <= 255 && g_ascii_isdigit (*text))
            value = value * 10 + (guint) (*text++ - '0');
        if (value > 255)
            return FALSE;
        bytes[part] = (guint8) value;
    }
    return *text == '\0';
}

gboolean
ht_profile_parse_address (const char *text, HtNetwork *address)
{
    if (text == NULL)
        return FALSE;
    guint8 quad[4];
    if (parse_dotted_quad (text, quad)) {
        /* What the general parse below gives for it, without its detours. */
        memset (address, 0, sizeof *address);
        memcpy (address->bytes, quad, 4);
        address->length = 4;
        address->prefix = 32;
        return TRUE;
    }
    while (*text == '[' || g_ascii_isspace (*text))
        text++;
    if (ht_ascii_starts (text, "IPv6:"))
        text += 5;
    /* Every address starts with a digit, a hex letter or a colon: most host names (route
     * steps ask about every name) are turned away here, before any copy. */
    if (!g_ascii_isxdigit (*text) && *text != ':')
        return FALSE;
    /* The zone of a link-local or EXO-internal address ("%4") says which interface, not
     * which host; brackets and white space end the address. */
    gsize len = strcspn (text, "%] \t");
    char bare[INET6_ADDRSTRLEN + 1];
    if (len >= sizeof bare)
        return FALSE;
    memcpy (bare, text, len);
    bare[len] = '\0';
    memset (address, 0, sizeof *address);
    static const guint8 mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    /* Only IPv6 has colons, and IPv4 has none: one inet_pton call. */
    gboolean colon = memchr (bare, ':', len) != NULL;
    if (!colon && inet_pton (AF_INET, bare, address->bytes) == 1) {
        address->length = 4;
    } else if (colon && inet_pton (AF_INET6, bare, address->bytes) == 1) {
        address->length = 16;
        if (memcmp (address->bytes, mapped, 12) == 0) {
            memmove (address->bytes, address->bytes + 12, 4);
            memset (address->bytes + 4, 0, 12);
            address->length = 4;
        }
    } else {
        return FALSE;
    }
    address->prefix = 8 * address->length;
    return TRUE;
}

gboolean
ht_profile_is_loopback (const char *ip)
{
    /* Most addresses are plainly not loopback: spare them the parse (once per hop). */
    if (ip == NULL || (strstr (ip, "127.") == NULL && strstr (ip, "::1") == NULL))
        return FALSE;
    HtNetwork address;
    if (!ht_profile_parse_address (ip, &address))
        return FALSE;
    if (address.length == 4)
        return address.bytes[0] == 127;
    static const guint8 loopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    return memcmp (address.bytes, loopback, 16) == 0;
}

/* TRUE when the first PREFIX bits of A and B are equal. */
static gboolean
prefix_equal (const guint8 *a, const guint8 *b, guint prefix)
{
    guint whole = prefix / 8, rest = prefix % 8;
    if (memcmp (a, b, whole) != 0)
        return FALSE;
    if (rest == 0)
        return TRUE;
    guint8 mask = (guint8) (0xff << (8 - rest));
    return (a[whole] & mask) == (b[whole] & mask);
}

gboolean
ht_profile_parse_network (const char *text, HtNetwork *network, GError **error)
{
    g_return_val_if_fail (text != NULL, FALSE);
    const char *slash = strchr (text, '/');
    g_autofree gchar *address_text = slash ? g_strndup (text, slash - text) : g_strdup (text);
    g_strstrip (address_text);
    if (strchr (address_text, '%') || strchr (address_text, '[') ||
        !ht_profile_parse_address (address_text, network)) {
        g_set_error (error, HT_PROFILE_ERROR, HT_PROFILE_ERROR_INVALID,
                     "'%s' is not an IPv4 or IPv6 network (write 192.0.2.0/24 or 2001:db8::/32)",
                     text);
        return FALSE;
    }
    if (slash) {
        const char *digits = slash + 1;
        guint64 prefix = 0;
        gchar *end = NULL;
        if (!g_ascii_isdigit (*digits) || strlen (digits) > 3 ||
            (prefix = g_ascii_strtoull (digits, &end, 10), *end != '\0') ||
            prefix > 8 * network->length) {
            g_set_error (error, HT_PROFILE_ERROR, HT_PROFILE_ERROR_INVALID,
                         "'%s' has no valid prefix length (0 to %u)", text, 8 * network->length);
            return FALSE;
        }
        network->prefix = (guint) prefix;
    }
    guint8 masked[16];
    memcpy (masked, network->bytes, 16);
    for (guint bit = network->prefix; bit < 8 * network->length; bit++)
        masked[bit / 8] &= (guint8) ~(0x80 >> (bit % 8));
    if (memcmp (masked, network->bytes, 16) != 0) {
        char base_text[INET6_ADDRSTRLEN];
        inet_ntop (network->length == 4 ? AF_INET : AF_INET6, masked, base_text, sizeof base_text);
        g_set_error (error, HT_PROFILE_ERROR, HT_PROFILE_ERROR_INVALID,
                     "'%s' has bits set after its /%u prefix (did you mean %s/%u?)", text,
                     network->prefix, base_text, network->prefix);
        return FALSE;
    }
    return TRUE;
}

gboolean
ht_profile_network_holds (const HtNetwork *network, const HtNetwork *address)
{
    return address->length == network->length &&
           prefix_equal (address->bytes, network->bytes, network->prefix);
}

gboolean
ht_profile_network_contains (const HtNetwork *network, const char *ip)
{
    HtNetwork address;
    return ht_profile_parse_address (ip, &address) && ht_profile_network_holds (network, &address);
}

/* TRUE when the LENGTH bytes at TEXT match the LENGTH bytes of PIECE, a part of a glob
 * without stars ('?' matches any byte), ignoring ASCII case. Host names and the profile's
 * globs are mostly lower case already, so equal bytes are tested first. */
static gboolean
piece_matches (const char *piece, const char *text, gsize length)
{
    for (gsize i = 0; i < length; i++)
        if (piece[i] != text[i] && piece[i] != '?' &&
            ht_ascii_lower (piece[i]) != ht_ascii_lower (text[i]))
            return FALSE;
    return TRUE;
}

void
ht_glob_compile (const char *text, HtGlob *glob)
{
    glob->text = text;
    glob->length = strlen (text);
    const char *first_star = strchr (text, '*');
    glob->star = first_star != NULL;
    glob->head = first_star ? (gsize) (first_star - text) : glob->length;
    glob->tail = first_star ? strlen (strrchr (text, '*') + 1) : glob->length;
}

/* '*' and '?' against the first LENGTH bytes of TEXT, ignoring ASCII case. The glob is read
 * as pieces between stars: the piece before the first star must start the text and the piece
 * after the last star must end it (tested first: the end of a host name turns most globs
 * away at once), and the pieces between must occur in order between those two. Taking the
 * leftmost place of each leaves the most room for the rest, so nothing is tried twice. No
 * allocation (this runs for every hop of a mailbox) and at most length(glob) * LENGTH steps.
 * The glob was measured once (ht_glob_compile): a profile's globs are tried on every name. */
gboolean
ht_glob_matches (const HtGlob *glob, const char *text, gsize length)
{
    if (!glob->star)
        return glob->length == length && piece_matches (glob->text, text, length);
    gsize tail = glob->tail;
    const char *last_star = glob->text + glob->length - tail - 1;
    if (tail > length)
        return FALSE;
    /* The first byte of the tail turns most names away without a call. */
    const char *tail_text = text + length - tail;
    if (tail > 0 && last_star[1] != '?' && !ht_ascii_same (last_star[1], tail_text[0]))
        return FALSE;
    if (!piece_matches (last_star + 1, tail_text, tail))
        return FALSE;
    gsize end = length - tail; /* the other pieces lie before this */
    gsize head = glob->head;
    if (head > end || !piece_matches (glob->text, text, head))
        return FALSE;
    gsize at = head;
    for (const char *piece = glob->text + head + 1; piece < last_star;) {
        gsize n = strcspn (piece, "*");
        /* Only where the first byte matches is the rest of the piece compared ("**" makes
         * an empty piece, which matches at once). */
        while (at + n <= end && n > 0 &&
               ((piece[0] != '?' && !ht_ascii_same (piece[0], text[at])) ||
                !piece_matches (piece, text + at, n)))
            at++;
        if (at + n > end)
            return FALSE;
        at += n;
        piece += n + 1;
    }
    return TRUE;
}

gsize
ht_host_match_length (const char *host)
{
    gsize len = strlen (host);
    if (len > 1 && host[len - 1] == '.')
        len--;
    return len;
}

gboolean
ht_profile_host_matches (const char *glob, const char *host)
{
    if (glob == NULL || host == NULL || *host == '\0')
        return FALSE;
    HtGlob compiled;
    ht_glob_compile (glob, &compiled);
    return ht_glob_matches (&compiled, host, ht_host_match_length (host));
}
