/* ht-received: one Received (or X-Received) header value -> HtReceived.
 *
 * The parser is pure: a string in, a struct out. It never fails: whatever it cannot
 * make sense of is kept in `raw` and reported in `problems`, so that the chain can show
 * the hop with a finding instead of dropping it. */
#pragma once

#include <glib.h>

#include "ht-arena.h"

G_BEGIN_DECLS

/* Which clause of the line a comment stood in: TLS comments are read from all of them,
 * identity comments only from `from` and `by`. */
typedef enum {
    HT_CLAUSE_NONE = 0, /* before any keyword (Postfix-style "(using ...)" before "by") */
    HT_CLAUSE_FROM,
    HT_CLAUSE_BY,
    HT_CLAUSE_VIA,
    HT_CLAUSE_WITH,
    HT_CLAUSE_ID,
    HT_CLAUSE_FOR,
    HT_CLAUSE_TLS,   /* RFC 8314 "tls <cipher-suite>" clause */
    HT_CLAUSE_OTHER, /* other keyword-like words, e.g. Haraka's "envelope-from" */
    HT_CLAUSE_DATE,  /* after the last top-level ';' */
} HtClause;

typedef struct {
    HtClause clause;
    const char *text; /* the comment without its outer parentheses, nested ones kept; owned by
                       * the HtReceived */
} HtComment;

/* A line has at most this many problems: the date's, the parentheses', the clauses'. */
#define HT_RECEIVED_MAX_PROBLEMS 4

typedef struct {
    gchar *raw; /* the whole value, unfolded and trimmed */

    gboolean has_from;
    gchar *from_word; /* the first word after "from" as written (HELO, rDNS or IP), or NULL */
    gchar *from_helo; /* HELO/EHLO name as written, or NULL */
    gchar *from_rdns; /* reverse-DNS name as written, or NULL ("unknown" counts as none) */
    gchar *from_ip;   /* IPv4 or IPv6 address without brackets, "IPv6:" or port */

    gboolean has_by;
    gchar *by_host;
    gchar *by_ip;
    gchar *by_extra; /* words after the by host, e.g. IIS's "over TLS secured channel" */

    gchar *with; /* the protocol words as written, comments removed, or NULL */
    gchar *id;
    gchar *for_addr; /* first recipient, angle brackets removed */
    gchar *via;
    gchar *tls_clause; /* the RFC 8314 "tls" clause value, or NULL */

    gchar *date_text; /* the date as written, comments removed, or NULL when absent */
    gboolean date_valid;
    gint64 date_utc;  /* seconds since the epoch, UTC; meaningful when date_valid */
    gint date_offset; /* the zone offset the line was written in, in minutes */

    gboolean leading_words; /* words stood before any keyword (not only comments) */

    HtComment *comments; /* in order of appearance */
    guint n_comments;
    /* Human-readable reasons the line is odd (static strings), in the order found. */
    const char *problems[HT_RECEIVED_MAX_PROBLEMS];
    guint n_problems;

    /* Private: the struct, every token's text and every field above live in one arena, so
     * that a line costs one allocation at most, not dozens: its own, or the caller's (see
     * ht_received_parse_in). The fields are not to be freed or replaced on their own. */
    HtArena *arena;
    HtArena own_arena;
} HtReceived;

HtReceived *ht_received_parse (const char *value);
void ht_received_free (HtReceived *received);

/* As ht_received_parse, with the struct and its strings in ARENA: they live until the arena is
 * cleared, and ht_received_free does nothing to them. A message's lines share one arena. */
HtReceived *ht_received_parse_in (HtArena *arena, const char *value);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtReceived, ht_received_free)

/* TRUE when the line carried neither a from nor a by clause: nothing identifies the hop. */
gboolean ht_received_is_unparsed (const HtReceived *received);

/* Unfolds a header value: line breaks and the white space around them become one space,
 * leading and trailing white space is removed. (transfer full) */
gchar *ht_received_unfold (const char *value);

/* Parses the date forms met in Received lines (RFC 5322 with or without weekday, two-digit
 * years, named zones, fractional seconds, Go's "2023-07-28 19:32:25.9 +0000 UTC" form).
 * Returns FALSE when TEXT holds no date it can trust. */
gboolean ht_received_parse_date (const char *text, gint64 *utc, gint *offset_minutes);

/* Strips the "IPv6:" prefix, brackets and a ":port" suffix from an address literal and
 * returns the address when it is a valid IPv4 or IPv6 address, else NULL. (transfer full) */
gchar *ht_received_ip_from_literal (const char *literal);

G_END_DECLS
