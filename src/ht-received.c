/* ht-received: one Received header value -> HtReceived.
 *
 * RFC 5321 section 4.4 and RFC 5322 section 3.6.7 give the shape
 *   [from X] [by Y] [via L] [with P] [id I] [for R] ; date
 * in which every clause is optional and comments may stand almost anywhere. Real producers
 * bend it in many ways (docs/quirks.md lists the ones accepted here), so the parser works
 * in two passes: a tokenizer that knows comments, domain literals, angle addresses and
 * quoted strings, then a clause walker that assigns words and comments to the keyword that
 * precedes them. Each pass is linear in the length of the value. */
#include "config.h"

#include "ht-received.h"

#include "ht-ascii.h"

#include <string.h>

typedef enum {
    TOKEN_WORD,
    TOKEN_COMMENT,
    TOKEN_SEMICOLON,
} TokenKind;

typedef struct {
    TokenKind kind;
    char *text; /* a word, or a comment without its outer parentheses: NUL-terminated in the
                 * tokenizer's copy of the line once tokenize returns */
    char *end;  /* where the text ends in that copy; NULL for a text copied elsewhere */
} Token;

static gboolean
is_space (char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* What the scanners below stop at; every other byte is copied or skipped in a tight loop.
 * The byte classes are bit flags so that each scanner tests one mask. */
enum {
    CHAR_SPACE = 1 << 0,     /* ' ', '\t', '\r', '\n' */
    CHAR_PAREN = 1 << 1,     /* '(' and ')' */
    CHAR_BACKSLASH = 1 << 2, /* quotes the next character */
    CHAR_WORD_END = 1 << 3,  /* NUL, '(' and ';' end a word (as does white space) */
    CHAR_OPENER = 1 << 4,    /* '[', '<' and '"' open a part taken whole */
    CHAR_NUL = 1 << 5,
};

static const guint8 char_class[256] = {
    ['\0'] = CHAR_NUL | CHAR_WORD_END,
    [' '] = CHAR_SPACE,
    ['\t'] = CHAR_SPACE,
    ['\r'] = CHAR_SPACE,
    ['\n'] = CHAR_SPACE,
    ['('] = CHAR_PAREN | CHAR_WORD_END,
    [')'] = CHAR_PAREN,
    ['\\'] = CHAR_BACKSLASH,
    [';'] = CHAR_WORD_END,
    ['['] = CHAR_OPENER,
    ['<'] = CHAR_OPENER,
    ['"'] = CHAR_OPENER,
};

#define CLASS(c) (char_class[(guchar) (c)])

/* Unfolds VALUE into OUT, which has room for VALUE's length + 1 bytes: each run of white
 * space becomes one space, none leads or trails. Returns the length written. Most of a line
 * is words and single spaces: the runs between line breaks and tabs are found with strcspn
 * and copied whole unless they hold a double space, which strstr finds (each search starts
 * where the last one's answer lies behind, so the line is scanned about once). */
static gsize
unfold_into (const char *value, gchar *out)
{
    gchar *o = out;
    const char *p = value;
    while (is_space (*p))
        p++;
    const char *double_space = strstr (p, "  "); /* the next "  ", or NULL; stale when < p */
    while (*p) {
        gsize run = strcspn (p, "\t\r\n");
        if (double_space && double_space < p)
            double_space = strstr (p, "  ");
        if (double_space && double_space < p + run) {
            for (gsize i = 0; i < run; i++)
                if (p[i] != ' ' || o == out || o[-1] != ' ')
                    *o++ = p[i];
        } else {
            memcpy (o, p, run);
            o += run;
        }
        p += run;
        if (*p == '\0')
            break;
        /* A line break or tab, with any white space around it: one space at most. */
        while (o > out && o[-1] == ' ')
            o--;
        while (is_space (*p))
            p++;
        if (*p && o > out)
            *o++ = ' ';
    }
    while (o > out && o[-1] == ' ')
        o--;
    *o = '\0';
    return o - out;
}

gchar *
ht_received_unfold (const char *value)
{
    g_return_val_if_fail (value != NULL, NULL);

    gsize len = strlen (value);
    gchar *out = g_malloc (len + 1);
    unfold_into (value, out);
    return out;
}

/* Reads a comment starting at *p (which points at '('), honouring nesting and backslash
 * quoting. An unbalanced comment runs to the end of the value: it is still kept. */
static char *
read_comment (const char **p, gboolean *unbalanced, char **text_end)
{
    const char *start = *p + 1;
    const char *q = start;
    int depth = 1;
    for (;;) {
        while (!(CLASS (*q) & (CHAR_PAREN | CHAR_BACKSLASH | CHAR_NUL)))
            q++;
        if (*q == '\0')
            break;
        if (*q == '\\' && q[1]) {
            q += 2;
            continue;
        }
        if (*q == '(')
            depth++;
        else if (*q == ')' && --depth == 0)
            break;
        q++;
    }
    const char *end = q;
    if (*q == ')')
        q++;
    else
        *unbalanced = TRUE;
    *p = q;
    /* The text without the white space around it. */
    while (start < end && is_space (*start))
        start++;
    while (end > start && is_space (end[-1]))
        end--;
    *text_end = (char *) end;
    return (char *) start;
}

/* Where the next ']', '>' and '"' stand. A search that found nothing need not be repeated,
 * and one that found a character at or after the current position still holds: a value full
 * of unclosed '[' then costs time linear in its length, not quadratic. */
typedef struct {
    const char *searched_from[3]; /* NULL: not searched yet */
    const char *found[3];
} CloseCache;

static const char *
find_close (CloseCache *cache, guint which, char close, const char *from)
{
    if (cache->searched_from[which] != NULL && cache->searched_from[which] <= from &&
        (cache->found[which] == NULL || cache->found[which] >= from))
        return cache->found[which];
    cache->searched_from[which] = from;
    cache->found[which] = strchr (from, close);
    return cache->found[which];
}

/* A word runs to white space, '(' or ';'; a '[...]' literal, '<...>' address or quoted
 * string inside it is taken whole, so "[IPv6:2001:db8::1]" and "<a b@example.com>" stay
 * one word. A backslash quotes the next character, as in a comment. */
static char *
read_word (const char **p, CloseCache *cache, char **text_end)
{
    const char *start = *p;
    const char *q = start;
    for (;;) {
        while (CLASS (*q) == 0 || CLASS (*q) == CHAR_PAREN) /* ')' belongs to the word */
            q++;
        if (CLASS (*q) & (CHAR_WORD_END | CHAR_SPACE))
            break;
        if (*q == '\\' && q[1]) {
            q += 2;
            continue;
        }
        guint which = 3;
        char close = 0;
        if (*q == '[')
            which = 0, close = ']';
        else if (*q == '<')
            which = 1, close = '>';
        else if (*q == '"')
            which = 2, close = '"';
        if (close) {
            const char *end = find_close (cache, which, close, q + 1);
            /* An unclosed bracket only swallows the rest of the word, not the line. */
            if (end) {
                q = end + 1;
                continue;
            }
        }
        q++;
    }
    if (q == start)
        q++; /* never stall */
    *p = q;
    *text_end = (char *) q;
    return (char *) start;
}

/* Finds, in one pass, the '(' that no ')' closes: the offsets left on the stack, in
 * increasing order. The tokenizer skips them instead of reading the rest of the value as
 * one comment, so that "from x (y [192.0.2.1] by z with SMTP; date" keeps its by clause
 * and its date. Backslash quoting is honoured as in read_comment. Only called for the rare
 * line where a comment ran to the end of the line: a '(' that nothing closes always makes
 * one do so when the tokenizer meets it, and none other can. */
static GArray *
find_unmatched_opens (const char *s)
{
    GArray *stack = g_array_new (FALSE, FALSE, sizeof (gsize));
    for (const char *q = s; *q; q++) {
        if (*q == '\\' && q[1]) {
            q++;
        } else if (*q == '(') {
            gsize at = q - s;
            g_array_append_val (stack, at);
        } else if (*q == ')' && stack->len > 0) {
            g_array_set_size (stack, stack->len - 1);
        }
    }
    return stack;
}

/* The tokens of a line: on the stack for any ordinary line, on the heap past that. */
typedef struct {
    Token *items;
    guint len;
    guint size;
    Token inline_items[128];
} TokenList;

static void
token_list_add (TokenList *list, TokenKind kind, char *text, char *end)
{
    if (list->len == list->size) {
        list->size *= 2;
        if (list->items == list->inline_items)
            list->items = g_memdup2 (list->inline_items, sizeof list->inline_items);
        list->items = g_renew (Token, list->items, list->size);
    }
    list->items[list->len++] = (Token){kind, text, end};
}

static void
token_list_clear (TokenList *list)
{
    if (list->items != list->inline_items)
        g_free (list->items);
}

/* Splits S, a copy of the line that it may write into, into tokens whose texts are
 * NUL-terminated in place: no token is copied. */
static void
tokenize (char *s, gboolean *unbalanced, HtArena *arena, TokenList *tokens)
{
    tokens->items = tokens->inline_items;
    tokens->len = 0;
    tokens->size = G_N_ELEMENTS (tokens->inline_items);
    g_autoptr (GArray) unmatched = NULL;
again:;
    guint next_unmatched = 0;
    CloseCache cache = {{NULL}, {NULL}};
    const char *p = s;
    while (*p) {
        if (is_space (*p)) {
            p++;
            continue;
        }
        if (*p == '(') {
            gsize at = p - s;
            while (unmatched && next_unmatched < unmatched->len &&
                   g_array_index (unmatched, gsize, next_unmatched) < at)
                next_unmatched++;
            if (unmatched && next_unmatched < unmatched->len &&
                g_array_index (unmatched, gsize, next_unmatched) == at) {
                /* A '(' that nothing closes: skip it, the line is kept in raw. */
                *unbalanced = TRUE;
                p++;
                continue;
            }
            char *end;
            char *text = read_comment (&p, unbalanced, &end);
            if (*end == '\0' && unmatched == NULL) {
                /* The comment ran to the end of the line: start again, skipping the '(' that
                 * nothing closes. */
                unmatched = find_unmatched_opens (s);
                tokens->len = 0;
                goto again;
            }
            token_list_add (tokens, TOKEN_COMMENT, text, end);
        } else if (*p == ';') {
            token_list_add (tokens, TOKEN_SEMICOLON, NULL, NULL);
            p++;
        } else if (*p == ')') {
            /* A stray closing parenthesis: skip it, the line is kept in raw. */
            *unbalanced = TRUE;
            p++;
            continue;
        } else {
            char *end;
            char *text = read_word (&p, &cache, &end);
            token_list_add (tokens, TOKEN_WORD, text, end);
        }
    }
    /* Now that nothing reads the line any more, each text ends where it ends: the byte after
     * a token is white space, '(', ')' or ';', never part of another token's text. Should a
     * token ever end where the next begins, it gets a copy of its own instead. */
    for (guint i = 0; i < tokens->len; i++) {
        Token *token = &tokens->items[i];
        if (token->text == NULL)
            continue;
        if (i + 1 < tokens->len && tokens->items[i + 1].text == token->end) {
            token->text = ht_arena_strndup (arena, token->text, token->end - token->text);
            token->end = NULL; /* no longer in the copy of the line */
        } else {
            *token->end = '\0';
        }
    }
}

/* RFC 8314's "tls" clause takes a cipher-suite name; IIS's "over TLS secured channel" and
 * similar prose must not be read as one. A suite name is one word of capitals, digits,
 * '_' and '-' with at least one separator, e.g. TLS_AES_256_GCM_SHA384. */
static gboolean
next_is_cipher_suite (const TokenList *tokens, guint i)
{
    if (i >= tokens->len)
        return FALSE;
    const Token *token = &tokens->items[i];
    if (token->kind != TOKEN_WORD)
        return FALSE;
    gboolean separator = FALSE;
    for (const char *p = token->text; *p; p++) {
        if (*p == '_' || *p == '-')
            separator = TRUE;
        else if (!g_ascii_isupper (*p) && !g_ascii_isdigit (*p))
            return FALSE;
    }
    return separator;
}

static const struct {
    const char *word;
    HtClause clause;
} keywords[] = {
    {"from", HT_CLAUSE_FROM},
    {"by", HT_CLAUSE_BY},
    {"via", HT_CLAUSE_VIA},
    {"with", HT_CLAUSE_WITH},
    {"id", HT_CLAUSE_ID},
    {"for", HT_CLAUSE_FOR},
    /* RFC 8314 section 7.4 registers "tls" with the IANA cipher-suite name as its value. */
    {"tls", HT_CLAUSE_TLS},
    /* Haraka writes "envelope-from <addr>" as a clause of its own. */
    {"envelope-from", HT_CLAUSE_OTHER},
};

/* The clause a word token opens, or HT_CLAUSE_NONE. Most words are rejected by their length
 * alone (every keyword has 2, 3, 4 or 13 letters), which matters on a mailbox's hot path. */
static HtClause
keyword_clause (const Token *token)
{
    const char *word = token->text;
    gsize len = token->end ? (gsize) (token->end - word) : strlen (word);
    if (len != 2 && len != 3 && len != 4 && len != 13)
        return HT_CLAUSE_NONE;
    char first = word[0] | 0x20; /* lower case, for a letter */
    for (gsize i = 0; i < G_N_ELEMENTS (keywords); i++)
        if (keywords[i].word[0] == first && ht_ascii_is (word, keywords[i].word))
            return keywords[i].clause;
    return HT_CLAUSE_NONE;
}

/* A keyword word that stands right after another keyword, as in qmail's "by with SMTP" (the
 * by host left out), "from by mx.example.com" or "with id 12": is it the first
 * keyword's value, or a keyword of its own that leaves the first clause empty? It starts a
 * clause when a value of its own follows it (a word that is no keyword), or when it is a word
 * no host would be named, "by", "via", "with", "id" or "for", in the place of a host. A host
 * name is never one of these words, so no real value is lost; the reading only decides lines
 * that are already broken. */
static gboolean
keyword_starts_clause (const TokenList *tokens, guint i, guint date_start, HtClause previous,
                       HtClause keyword)
{
    if (i + 1 < date_start) {
        const Token *next = &tokens->items[i + 1];
        if (next->kind == TOKEN_WORD && keyword_clause (next) == HT_CLAUSE_NONE)
            return TRUE;
    }
    gboolean host_place = previous == HT_CLAUSE_FROM || previous == HT_CLAUSE_BY;
    return host_place &&
           (keyword == HT_CLAUSE_BY || keyword == HT_CLAUSE_VIA || keyword == HT_CLAUSE_WITH ||
            keyword == HT_CLAUSE_ID || keyword == HT_CLAUSE_FOR);
}

/* Every word of the line, labelled with the clause it stands in, in order. A clause's words
 * are the entries with its label; a clause may reappear (Courier's id after the date,
 * Mimecast's second with), so they need not be contiguous. */
typedef struct {
    HtClause clause;
    const char *text;       /* in the arena */
    const char *end;        /* where it ends in the tokenizer's copy of the line, or NULL */
    gboolean after_comment; /* a comment stood between this word and the one before it */
} Word;

#define N_CLAUSES (HT_CLAUSE_DATE + 1)

typedef struct {
    Word *words;
    guint n_words;
    guint count[N_CLAUSES];  /* how many times each keyword appeared */
    guint nwords[N_CLAUSES]; /* how many words each clause holds */
    guint first[N_CLAUSES];  /* the index of each clause's first word, when it has one */
    const char *raw;         /* the unfolded line */
    const char *copy;        /* the tokenizer's copy of it, where the words are */
} Clauses;

static void
add_word (Clauses *clauses, HtClause clause, const Token *token, gboolean after_comment)
{
    if (clauses->nwords[clause]++ == 0)
        clauses->first[clause] = clauses->n_words;
    clauses->words[clauses->n_words++] = (Word){clause, token->text, token->end, after_comment};
}

/* Where to start looking for CLAUSE's words. */
static guint
clause_start (const Clauses *clauses, HtClause clause)
{
    return clauses->nwords[clause] ? clauses->first[clause] : clauses->n_words;
}

/* The words of CLAUSE from the FROM_INDEX-th to the TO_INDEX-th (exclusive), joined by one
 * space in ARENA, or NULL when there are none. A single word is the token itself. */
static gchar *
join_range (HtArena *arena, const Clauses *clauses, HtClause clause, guint from_index,
            guint to_index)
{
    if (to_index <= from_index)
        return NULL;
    /* Words that stood one space apart in the line are that stretch of the line, as almost
     * always; others are joined with one space. */
    const Word *first = NULL, *last = NULL;
    gboolean adjacent = TRUE;
    guint seen = 0;
    guint start = clause_start (clauses, clause);
    for (guint i = start; i < clauses->n_words && seen < to_index; i++) {
        const Word *word = &clauses->words[i];
        if (word->clause != clause || seen++ < from_index)
            continue;
        if (last)
            adjacent = adjacent && last->end != NULL && word->text == last->end + 1 &&
                       clauses->raw[last->end - clauses->copy] == ' ';
        if (first == NULL)
            first = word;
        last = word;
    }
    if (first == NULL)
        return NULL;
    if (first == last)
        return (gchar *) first->text;
    if (adjacent)
        return ht_arena_strndup (arena, clauses->raw + (first->text - clauses->copy),
                                 last->end - first->text);
    GString *joined = g_string_new (NULL);
    for (const Word *word = first; word <= last; word++) {
        if (word->clause != clause)
            continue;
        if (joined->len)
            g_string_append_c (joined, ' ');
        g_string_append (joined, word->text);
    }
    gchar *out = ht_arena_strndup (arena, joined->str, joined->len);
    g_string_free (joined, TRUE);
    return out;
}

static gchar *
join_words (HtArena *arena, const Clauses *clauses, HtClause clause, guint from_index)
{
    return join_range (arena, clauses, clause, from_index, clauses->nwords[clause]);
}

static const char *
first_word (const Clauses *clauses, HtClause clause)
{
    return clauses->nwords[clause] ? clauses->words[clauses->first[clause]].text : NULL;
}

/* Moves the words of clause FROM, from its AT-th on, to clause TO. */
static void
relabel_tail (Clauses *clauses, HtClause from, guint at, HtClause to)
{
    guint seen = 0;
    for (guint i = 0; i < clauses->n_words; i++) {
        Word *word = &clauses->words[i];
        if (word->clause != from)
            continue;
        if (seen++ >= at) {
            word->clause = to;
            clauses->nwords[from]--;
            if (clauses->nwords[to]++ == 0 || i < clauses->first[to])
                clauses->first[to] = i;
        }
    }
}

/* An address literal as written -> the address, into OUT (at least 64 bytes): strips
 * brackets, "IPv6:", a ":port" after an IPv4 address; keeps an IPv6 "%scope". */
static gboolean
ip_from_span (const char *literal, gsize len, char *out)
{
    while (len > 0 && is_space (*literal))
        literal++, len--;
    while (len > 0 && is_space (literal[len - 1]))
        len--;
    if (len > 0 && *literal == '[') {
        const char *close = memchr (literal, ']', len);
        if (close == NULL)
            return FALSE;
        literal++;
        len = close - literal; /* drops "]:port" too */
        /* MDaemon writes "[(192.0.2.21)]". */
        if (len >= 2 && literal[0] == '(' && literal[len - 1] == ')')
            literal++, len -= 2;
    }
    if (len >= 5 && (literal[0] | 0x20) == 'i' && ht_ascii_starts (literal, "ipv6:"))
        literal += 5, len -= 5;
    if (len == 0 || len > 63)
        return FALSE;
    /* Only hex digits, '.', ':' and '%' (with a scope's letters and digits after it) can
     * make an address: most words fail here without a copy. */
    gboolean scope = FALSE;
    for (gsize i = 0; i < len; i++) {
        char c = literal[i];
        if (c == '%')
            scope = TRUE;
        else if (!scope && !g_ascii_isxdigit (c) && c != '.' && c != ':')
            return FALSE;
    }
    memcpy (out, literal, len);
    out[len] = '\0';
    if (g_hostname_is_ip_address (out))
        return TRUE;
    /* "192.0.2.1:25" (IPv4 with port) and "fe80::1%9" (IPv6 with a scope) */
    char *colon = strchr (out, ':');
    if (colon && strchr (colon + 1, ':') == NULL) {
        *colon = '\0';
        if (g_hostname_is_ip_address (out))
            return TRUE;
        *colon = ':';
    }
    char *percent = strchr (out, '%');
    if (percent) {
        *percent = '\0';
        gboolean ok = g_hostname_is_ip_address (out);
        *percent = '%';
        return ok;
    }
    return FALSE;
}

gchar *
ht_received_ip_from_literal (const char *literal)
{
    char out[64];
    if (literal == NULL || !ip_from_span (literal, strlen (literal), out))
        return NULL;
    return g_strdup (out);
}

/* TRUE when WORD, an address literal ip_from_span accepted, carries a ":port": Exim's
 * "[192.0.2.1]:25", t-online's bare "198.51.100.124:45726". An unbracketed IPv6 address has
 * two colons or more and no port. */
static gboolean
literal_has_port (const char *word)
{
    if (word[0] == '[') {
        const char *close = strchr (word, ']');
        return close != NULL && close[1] == ':' && g_ascii_isdigit (close[2]);
    }
    const char *colon = strchr (word, ':');
    return colon != NULL && strchr (colon + 1, ':') == NULL && g_ascii_isdigit (colon[1]);
}

/* A by host written with the port it listens on, t-online's "spica26.example.de:8080": the
 * name without the port, or NULL when HOST is no name followed by ":digits". An address with
 * a port is left alone (ht_received_ip_from_literal reads it). */
static gchar *
host_without_port (HtArena *arena, const char *host)
{
    const char *colon = strrchr (host, ':');
    if (colon == NULL || colon == host || colon[1] == '\0' || memchr (host, ':', colon - host))
        return NULL;
    for (const char *p = colon + 1; *p; p++)
        if (!g_ascii_isdigit (*p))
            return NULL;
    char ip[64];
    if (host[0] == '[' || ip_from_span (host, colon - host, ip))
        return NULL;
    return ht_arena_strndup (arena, host, colon - host);
}

static void
set_once (HtReceived *r, gchar **field, const char *value)
{
    if (*field == NULL && value != NULL && *value)
        *field = ht_arena_strdup (r->arena, value);
}

static gboolean
is_unknown (const char *word)
{
    return ht_ascii_is (word, "unknown") || ht_ascii_is (word, "<unknown>");
}

/* "unknown", and a name in angle brackets ("<unknown>", attbi's "<unknown.domain>"), stand
 * for a name the server did not know. */
static gboolean
is_placeholder (const char *word)
{
    return is_unknown (word) || (word[0] == '<' && g_str_has_suffix (word, ">"));
}

/* A host name as a comment may hold it alone: letters, digits, '-', '_' and dots, at least one
 * dot, and a last label of letters (a top-level domain), with an optional final dot. This keeps
 * product versions such as "qmail-ldap-1.03" or "v1.2" out. */
static gboolean
looks_like_host_name (const char *word)
{
    gsize len = strlen (word);
    if (len > 0 && word[len - 1] == '.')
        len--;
    const char *dot = NULL;
    for (gsize i = 0; i < len; i++) {
        char c = word[i];
        if (c == '.')
            dot = word + i;
        else if (!g_ascii_isalnum (c) && c != '-' && c != '_')
            return FALSE;
    }
    if (dot == NULL || dot == word || word + len - dot - 1 < 2)
        return FALSE;
    for (const char *p = dot + 1; p < word + len; p++)
        if (!g_ascii_isalpha (*p))
            return FALSE;
    return TRUE;
}

/* Splits a copy of TEXT in place at spaces and tabs into at most MAX words, skipping empty
 * ones. Returns the count. */
static guint
split_words (gchar *copy, char **parts, guint max)
{
    guint n = 0;
    char *p = copy;
    while (*p && n < max) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0')
            break;
        parts[n++] = p;
        while (*p && *p != ' ' && *p != '\t')
            p++;
        if (*p)
            *p++ = '\0';
    }
    return n;
}

/* What the identity comments of a from clause said about the word after "from". */
typedef struct {
    gboolean helo;         /* a HELO name was given inside a comment */
    gboolean lone_literal; /* a comment was one bracketed address and nothing else */
    gboolean port;         /* ... written with a ":port" after it */
} FromComments;

/* Reads the identity comments of the from clause:
 *   "rdns [ip]" / "unknown [ip]"    Postfix, sendmail, Gmail, Courier
 *   "[ip]:port helo=x" / "port=N helo=x"  Exim
 *   "[ip] rdns"                     ZoneMTA
 *   "HELO x" / "EHLO x"             qmail, IronPort, Yahoo
 *   "ip" / "[ip]"                   Exchange, qmail, IronPort
 * and notes in SEEN whether a HELO name was given inside a comment, which tells that the word
 * after "from" is the reverse-DNS name rather than the HELO name, and whether the comment was
 * a lone bracketed address (Exim's shape when the HELO equalled the rDNS name). */
static void
read_from_comment (HtReceived *r, const char *text, FromComments *seen)
{
    gboolean helo_in_comment = FALSE;
    gchar *copy = ht_arena_strdup (r->arena, text); /* split in place below */
    char *parts[64];
    guint n = split_words (copy, parts, G_N_ELEMENTS (parts));
    char ip[64];
    if (n == 1 && parts[0][0] == '[' && ip_from_span (parts[0], strlen (parts[0]), ip)) {
        seen->lone_literal = TRUE;
        seen->port |= literal_has_port (parts[0]);
    }
    /* ZMailer (vger.kernel.org) quotes the greeting: ([192.0.2.19]:4731 "EHLO example.com"
     * rhost-flags-OK-OK-OK-FAIL). No address or name holds a '"', so the quotes go. */
    for (guint i = 0; i < n; i++) {
        char *part = parts[i];
        gsize len = strlen (part);
        /* TIS smap lists with commas: (192.0.2.51, HELO mail.example.com). */
        if (len > 0 && part[len - 1] == ',')
            part[--len] = '\0';
        if (len > 0 && part[len - 1] == '"')
            part[--len] = '\0';
        if (part[0] == '"')
            parts[i] = part + 1;
    }
    for (guint i = 0; i < n; i++) {
        const char *part = parts[i];
        if (*part == '\0')
            continue;
        if (ht_ascii_starts (part, "helo=")) {
            set_once (r, &r->from_helo, part + 5);
            helo_in_comment = TRUE;
            continue;
        }
        /* LMTP's greeting is LHLO (RFC 2033): qmail-style (LHLO mail.example.com). */
        if (ht_ascii_is (part, "helo") || ht_ascii_is (part, "ehlo") ||
            ht_ascii_is (part, "lhlo")) {
            /* qmail writes "(HELO )" when the client greeted with an empty name: the HELO
             * is then known to be absent, and the word after "from" is still no HELO. */
            helo_in_comment = TRUE;
            if (i + 1 < n && *parts[i + 1]) {
                set_once (r, &r->from_helo, parts[i + 1]);
                i++;
            }
            continue;
        }
        /* sendmail puts the ident user before the rDNS name, (user@host.example.com
         * [192.0.2.1]) or (user@[192.0.2.1]), and qmail the SMTP AUTH user before the
         * address, (user@192.0.2.1): the host is what follows the last '@'. */
        if (i == 0 && part[0] != '[' && part[0] != '<' && strchr (part, '@'))
            part = strrchr (part, '@') + 1;
        if (ip_from_span (part, strlen (part), ip)) {
            set_once (r, &r->from_ip, ip);
            continue;
        }
        /* Some leave out the space: (host.example.com[192.0.2.1]), (unknown[192.0.2.1]). */
        const char *bracket = strchr (part, '[');
        if (bracket && bracket > part && g_str_has_suffix (part, "]") &&
            ip_from_span (bracket, strlen (bracket), ip)) {
            set_once (r, &r->from_ip, ip);
            gchar *name = ht_arena_strndup (r->arena, part, bracket - part);
            if (i == 0 && !is_placeholder (name))
                set_once (r, &r->from_rdns, name);
            continue;
        }
        /* The rDNS name is the first word of a "name [ip]" comment, or a comment of one host
         * name: sendmail without the address, smail's "from helo (rdns) [ip]". ZoneMTA writes
         * it after the address instead: "from [203.0.113.124] ([203.0.113.124]
         * host124.example.net)". */
        if (i == 0 && n > 1 && parts[1][0] == '[' && !is_placeholder (part))
            set_once (r, &r->from_rdns, part);
        else if (n == 1 && looks_like_host_name (part))
            set_once (r, &r->from_rdns, part);
        else if (i == 1 && parts[0][0] == '[' && looks_like_host_name (part) &&
                 ip_from_span (parts[0], strlen (parts[0]), ip))
            set_once (r, &r->from_rdns, part);
    }
    seen->helo |= helo_in_comment;
}

/* TRUE when a comment of the line names Exim as the receiving server: "(Exim 4.84_2 #2
 * (Debian))", "(Exim 3.36 #1)". */
static gboolean
has_exim_comment (const HtReceived *r)
{
    for (guint i = 0; i < r->n_comments; i++) {
        const HtComment *comment = &r->comments[i];
        if (strncmp (comment->text, "Exim", 4) == 0 &&
            (comment->text[4] == '\0' || comment->text[4] == ' '))
            return TRUE;
    }
    return FALSE;
}

/* Exim's local submissions name the submitting user after "from", not a greeting:
 * "from wk by host.example.com with local (Exim 4.84)", "from uucp by host.example.com with
 * local-rmail". */
static gboolean
is_local_user (const Clauses *clauses, const char *first, gboolean any_comment)
{
    const char *with = first_word (clauses, HT_CLAUSE_WITH);
    if (with == NULL || !ht_ascii_starts (with, "local") || (with[5] != '\0' && with[5] != '-'))
        return FALSE;
    return !any_comment && clauses->nwords[HT_CLAUSE_FROM] == 1 && strchr (first, '.') == NULL &&
           first[0] != '[' && first[0] != '<';
}

static void
interpret_from (HtReceived *r, const Clauses *clauses)
{
    r->has_from = TRUE;
    FromComments seen = {FALSE, FALSE, FALSE};
    gboolean any_comment = FALSE;
    for (guint i = 0; i < r->n_comments; i++) {
        const HtComment *comment = &r->comments[i];
        if (comment->clause == HT_CLAUSE_FROM) {
            read_from_comment (r, comment->text, &seen);
            any_comment = TRUE;
        }
    }
    gboolean helo_in_comment = seen.helo;
    const char *first = first_word (clauses, HT_CLAUSE_FROM);
    if (first == NULL)
        return;
    r->from_word = (gchar *) first;
    char ip[64];
    gboolean is_ip = ip_from_span (first, strlen (first), ip);
    if (is_ip && literal_has_port (first)) {
        /* t-online writes "from 198.51.100.124:45726 by ...": a HELO argument never has a
         * port, so this is the client's address, not its greeting. */
        set_once (r, &r->from_ip, ip);
    } else if (is_local_user (clauses, first, any_comment)) {
        /* Not a host at all: from_word keeps it. */
    } else if (helo_in_comment) {
        /* qmail, Exim and Yahoo put the HELO name in the comment: the word after "from" is
         * then the reverse-DNS name ("unknown" when there is none) or the bare address. */
        if (is_ip)
            set_once (r, &r->from_ip, ip);
        else if (!is_unknown (first))
            set_once (r, &r->from_rdns, first);
    } else {
        /* Mailgun's API hop writes "from <unknown> (<unknown> [])": a word in angle brackets
         * is a placeholder, never a HELO argument (a domain or an address literal). */
        if (!(first[0] == '<' && g_str_has_suffix (first, ">")))
            set_once (r, &r->from_helo, first);
        if (is_ip && first[0] != '[')
            set_once (r, &r->from_ip, ip); /* Yahoo and Exchange write a bare address */
        else if (is_ip && r->from_ip == NULL)
            set_once (r, &r->from_ip, ip);
        /* Exim leaves "helo=" out when the greeting equalled the verified rDNS name, so that
         * "from kerckhoffs.example.org ([192.0.2.222])" names both. The same shape means "no
         * rDNS name" elsewhere (sendmail, IIS, Exchange's mapi lines), so it is read so only
         * when the line is Exim's: the address carries a ":port" (only Exim writes a lone
         * "[ip]:port") or an "(Exim ...)" comment names the server. */
        if (!is_ip && seen.lone_literal && r->from_rdns == NULL && !is_placeholder (first) &&
            (seen.port || has_exim_comment (r)))
            set_once (r, &r->from_rdns, first);
    }
    /* smail, MDaemon and GMX put the address in brackets after the name, outside any comment:
     * "from host.example.com [192.0.2.1] by ...". */
    for (guint i = clause_start (clauses, HT_CLAUSE_FROM);
         i < clauses->n_words && r->from_ip == NULL; i++) {
        const Word *word = &clauses->words[i];
        if (word->clause == HT_CLAUSE_FROM && word->text != first && word->text[0] == '[' &&
            ip_from_span (word->text, strlen (word->text), ip))
            r->from_ip = ht_arena_strdup (r->arena, ip);
    }
}

/* A word of a product name: a capital letter, then letters and digits ("Forcepoint",
 * "Email", "SRV22"); no dot, hyphen or other punctuation. */
static gboolean
is_name_word (const char *word)
{
    if (!g_ascii_isupper (word[0]))
        return FALSE;
    for (const char *p = word + 1; *p; p++)
        if (!g_ascii_isalnum (*p))
            return FALSE;
    return TRUE;
}

/* How many words the by host has. Forcepoint and Websense gateways write their product name
 * instead of a host name, "by Forcepoint Email with ESMTPS id X", "by Websense Email Security
 * Gateway with ESMTP id X": when the first by word is one capitalised word without dots, the
 * capitalised words that follow it directly (no comment between) belong to the name. A host
 * name with dots takes no more words, and the trailing phrases kept in by_extra, IIS's "over TLS
 * secured channel" and Yahoo's "pod-id NONE", start with a lower-case word. */
static guint
name_word_count (const Clauses *clauses)
{
    guint count = 0;
    for (guint i = clause_start (clauses, HT_CLAUSE_BY); i < clauses->n_words; i++) {
        const Word *word = &clauses->words[i];
        if (word->clause != HT_CLAUSE_BY)
            continue;
        if (!is_name_word (word->text) || (count > 0 && word->after_comment))
            break;
        count++;
    }
    return count;
}

static void
interpret_by (HtReceived *r, const Clauses *clauses)
{
    r->has_by = TRUE;
    const char *host = first_word (clauses, HT_CLAUSE_BY);
    guint host_words = name_word_count (clauses);
    if (host_words > 1) {
        r->by_host = join_range (r->arena, clauses, HT_CLAUSE_BY, 0, host_words);
        r->by_extra = join_words (r->arena, clauses, HT_CLAUSE_BY, host_words);
    } else if (host) {
        /* TIS smap writes "by host.example.com, id ...": the comma is no part of the name. */
        gsize len = strlen (host);
        r->by_host =
            len > 1 && host[len - 1] == ',' ? ht_arena_strndup (r->arena, host, len - 1) : NULL;
        if (r->by_host == NULL)
            r->by_host = host_without_port (r->arena, host);
        if (r->by_host == NULL)
            r->by_host = (gchar *) host;
        r->by_extra = join_words (r->arena, clauses, HT_CLAUSE_BY, 1);
    }
    for (guint i = 0; i < r->n_comments && r->by_ip == NULL; i++) {
        const HtComment *comment = &r->comments[i];
        if (comment->clause != HT_CLAUSE_BY)
            continue;
        gchar *copy = ht_arena_strdup (r->arena, comment->text); /* split in place */
        char *parts[64];
        guint n = split_words (copy, parts, G_N_ELEMENTS (parts));
        char ip[64];
        for (guint j = 0; j < n && r->by_ip == NULL; j++)
            if (ip_from_span (parts[j], strlen (parts[j]), ip))
                r->by_ip = ht_arena_strdup (r->arena, ip);
    }
    char ip[64];
    if (r->by_host && r->by_ip == NULL && ip_from_span (r->by_host, strlen (r->by_host), ip))
        r->by_ip = ht_arena_strdup (r->arena, ip);
}

static gchar *
strip_angle (HtArena *arena, const char *word)
{
    gsize len = strlen (word);
    if (len >= 2 && word[0] == '<' && word[len - 1] == '>')
        return ht_arena_strndup (arena, word + 1, len - 2);
    return (gchar *) word;
}

/* Finds where a date begins among the words of a line that has no ';' before its date:
 * SendGrid writes "with HTTP id X Mon, 18 Sep 2023 13:30:14.490 +0000" and
 * "with SMTP id X 2023-09-18 13:30:14.64 +0000 UTC m=+7747775.30". Tries each start from
 * the end of CLAUSE's words and keeps the earliest one that still parses. */
static int
find_trailing_date (HtArena *arena, const Clauses *clauses, HtClause clause, guint min_start)
{
    int found = -1;
    guint len = clauses->nwords[clause];
    guint lowest = MAX (min_start, len > 9 ? len - 9 : 0);
    for (guint start = len; start-- > lowest;) {
        const char *text = join_words (arena, clauses, clause, start);
        gint64 when;
        gint off;
        if (ht_received_parse_date (text, &when, &off))
            found = (int) start;
    }
    return found;
}

/* qpsmtpd appends its AUTH note after the date: "; Tue, 04 Jul 2023 20:17:56 +0000 (plain)
 * smtp.auth=user@example.net". Returns how many of the date words form a date when the
 * whole does not, or 0. The prefix must end in a zone that says the offset (a number, or
 * UT/UTC/GMT): "20:17:56 CEST junk" must not become 20:17:56 UTC. A date has at most eight
 * words, which keeps this cheap however long the text after it. */
static guint
find_leading_date (HtArena *arena, const Clauses *clauses, gint64 *utc, gint *offset)
{
    guint nwords = clauses->nwords[HT_CLAUSE_DATE];
    const char *words[9];
    guint n = 0;
    for (guint i = clause_start (clauses, HT_CLAUSE_DATE);
         i < clauses->n_words && n < G_N_ELEMENTS (words); i++) {
        const Word *word = &clauses->words[i];
        if (word->clause == HT_CLAUSE_DATE)
            words[n++] = word->text;
    }
    guint longest = MIN (nwords - 1, 8);
    for (guint len = longest; len >= 4 && len < nwords; len--) {
        const char *last = words[len - 1];
        if (last[0] != '+' && last[0] != '-' && !ht_ascii_is (last, "gmt") &&
            !ht_ascii_is (last, "utc") && !ht_ascii_is (last, "ut"))
            continue;
        const char *text = join_range (arena, clauses, HT_CLAUSE_DATE, 0, len);
        if (ht_received_parse_date (text, utc, offset))
            return len;
    }
    return 0;
}

static void
add_problem (HtReceived *r, const char *text)
{
    g_assert (r->n_problems < HT_RECEIVED_MAX_PROBLEMS);
    r->problems[r->n_problems++] = text;
}

static HtReceived *parse_into (HtArena *arena, const char *value);

HtReceived *
ht_received_parse (const char *value)
{
    g_return_val_if_fail (value != NULL, NULL);

    /* One chunk holds the struct, the unfolded line, the token texts (each byte of the line
     * at most once, plus a NUL per token) and the fields; a rare overflow takes another. */
    HtArena arena;
    ht_arena_init (&arena, sizeof (HtReceived) + 4 * strlen (value) + 512);
    HtReceived *r = parse_into (&arena, value);
    r->own_arena = arena; /* r lives in it */
    r->arena = &r->own_arena;
    return r;
}

HtReceived *
ht_received_parse_in (HtArena *arena, const char *value)
{
    g_return_val_if_fail (arena != NULL && value != NULL, NULL);
    return parse_into (arena, value);
}

static HtReceived *
parse_into (HtArena *arena, const char *value)
{
    gsize value_len = strlen (value);
    HtReceived *r = ht_arena_alloc (arena, sizeof *r);
    memset (r, 0, sizeof *r);
    r->arena = arena;
    r->raw = ht_arena_alloc (r->arena, value_len + 1);
    gsize raw_len = unfold_into (value, r->raw);

    gboolean unbalanced = FALSE;
    TokenList token_list;
    TokenList *tokens = &token_list;
    char *copy = ht_arena_strndup (r->arena, r->raw, raw_len);
    tokenize (copy, &unbalanced, r->arena, tokens);

    guint ncomments = 0;
    for (guint i = 0; i < tokens->len; i++)
        ncomments += tokens->items[i].kind == TOKEN_COMMENT;
    r->comments = ht_arena_alloc (r->arena, sizeof (HtComment) * MAX (ncomments, 1));

    /* The date follows the last top-level ';'. A ';' inside a comment, as in vger's
     * "(ORCPT <rfc822;user@example.com>)", was swallowed by the tokenizer. */
    guint date_start = tokens->len;
    for (guint i = tokens->len; i-- > 0;) {
        if (tokens->items[i].kind == TOKEN_SEMICOLON) {
            date_start = i;
            break;
        }
    }

    Word inline_words[128];
    Clauses clauses = {tokens->len <= G_N_ELEMENTS (inline_words) ? inline_words
                                                                  : g_new (Word, tokens->len),
                       0,
                       {0},
                       {0},
                       {0},
                       r->raw,
                       copy};
    HtClause current = HT_CLAUSE_NONE;
    HtClause last_word_clause = HT_CLAUSE_NONE;
    gboolean expect_value = FALSE;
    gboolean after_comment = FALSE;
    for (guint i = 0; i < tokens->len; i++) {
        const Token *token = &tokens->items[i];
        if (i == date_start) {
            current = HT_CLAUSE_DATE;
            expect_value = FALSE;
            continue;
        }
        if (token->kind == TOKEN_SEMICOLON)
            continue; /* an earlier ';' (e.g. "for <a>; <b>"): not the date separator */
        if (token->kind == TOKEN_COMMENT) {
            /* A comment ends the wait for a keyword's value: the malformed Postfix-style
             * "by (Postfix) with esmtpa" has no by host, and its "with" is a keyword. */
            expect_value = FALSE;
            after_comment = TRUE;
            HtComment *comment = &r->comments[r->n_comments++];
            comment->clause = current;
            comment->text = token->text;
            continue;
        }
        /* A lone comma between clauses, as in GMX's "with ESMTP (Nemesis), id ...", is
         * punctuation, not a word of the clause before it. */
        if (current != HT_CLAUSE_DATE && strcmp (token->text, ",") == 0)
            continue;
        HtClause keyword = keyword_clause (token);
        /* Courier writes "; <date> id <queue id>": a keyword after the date words starts a
         * clause again. "tls" is only a keyword when a value follows it. */
        if (keyword == HT_CLAUSE_TLS && !next_is_cipher_suite (tokens, i + 1))
            keyword = HT_CLAUSE_NONE;
        if (keyword != HT_CLAUSE_NONE && expect_value &&
            !keyword_starts_clause (tokens, i, date_start, current, keyword))
            keyword = HT_CLAUSE_NONE;
        if (keyword != HT_CLAUSE_NONE &&
            (current != HT_CLAUSE_DATE || clauses.nwords[HT_CLAUSE_DATE] > 0)) {
            current = keyword;
            clauses.count[current]++;
            /* Mimecast writes "with ESMTP with STARTTLS": keep both halves of the with. */
            if (current == HT_CLAUSE_WITH && clauses.count[current] > 1) {
                add_word (&clauses, current, token, after_comment);
            }
            expect_value = TRUE;
            after_comment = FALSE;
            continue;
        }
        expect_value = FALSE;
        add_word (&clauses, current, token, after_comment);
        after_comment = FALSE;
        last_word_clause = current;
    }

    /* With no ';' the date may still trail the last clause (SendGrid). */
    if (date_start == tokens->len) {
        /* A clause keeps its first word (the host, the protocol, the id) in any case. */
        guint min_start = last_word_clause == HT_CLAUSE_NONE ? 0 : 1;
        int at = find_trailing_date (r->arena, &clauses, last_word_clause, min_start);
        if (at >= 0)
            relabel_tail (&clauses, last_word_clause, at, HT_CLAUSE_DATE);
    }

    /* After the date is known, so that a by host never takes a trailing date's words. */
    if (clauses.count[HT_CLAUSE_FROM])
        interpret_from (r, &clauses);
    if (clauses.count[HT_CLAUSE_BY])
        interpret_by (r, &clauses);

    r->leading_words = clauses.nwords[HT_CLAUSE_NONE] > 0;
    r->with = join_words (r->arena, &clauses, HT_CLAUSE_WITH, 0);
    r->id = (gchar *) first_word (&clauses, HT_CLAUSE_ID);
    const char *word;
    if ((word = first_word (&clauses, HT_CLAUSE_FOR)))
        r->for_addr = strip_angle (r->arena, word);
    r->via = join_words (r->arena, &clauses, HT_CLAUSE_VIA, 0);
    r->tls_clause = (gchar *) first_word (&clauses, HT_CLAUSE_TLS);

    r->date_text = join_words (r->arena, &clauses, HT_CLAUSE_DATE, 0);
    if (r->date_text) {
        r->date_valid = ht_received_parse_date (r->date_text, &r->date_utc, &r->date_offset);
        guint len = 0;
        if (!r->date_valid && clauses.nwords[HT_CLAUSE_DATE] > 4)
            len = find_leading_date (r->arena, &clauses, &r->date_utc, &r->date_offset);
        if (len > 0) {
            r->date_text = join_range (r->arena, &clauses, HT_CLAUSE_DATE, 0, len);
            r->date_valid = TRUE;
            add_problem (r, "text after the date was ignored");
        } else if (!r->date_valid) {
            add_problem (r, "the date could not be read");
        }
    } else {
        add_problem (r, "the line carries no date");
    }

    if (unbalanced)
        add_problem (r, "unbalanced parentheses");
    if (!r->has_from && !r->has_by)
        add_problem (r, "neither a from nor a by clause was found");

    if (clauses.words != inline_words)
        g_free (clauses.words);
    token_list_clear (tokens);
    return r;
}

gboolean
ht_received_is_unparsed (const HtReceived *received)
{
    if (received->has_from || received->has_by)
        return FALSE;
    /* qmail writes "(qmail 12345 invoked from network); 22 Aug 2016 09:22:13 -0000": no
     * clause, but a well-formed note and a date. Only text that is neither counts as
     * unparsed. */
    gboolean only_comments_and_date = received->n_comments > 0 && received->date_valid;
    for (guint i = 0; i < received->n_problems; i++)
        if (strcmp (received->problems[i], "unbalanced parentheses") == 0)
            only_comments_and_date = FALSE;
    return !only_comments_and_date || received->with || received->id || received->for_addr ||
           received->via || received->leading_words;
}

void
ht_received_free (HtReceived *r)
{
    if (r == NULL)
        return;
    HtArena arena = r->own_arena; /* r lives in it, when it has one */
    if (arena.chunks)
        ht_arena_clear (&arena);
}
