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

#include <string.h>

typedef enum {
    TOKEN_WORD,
    TOKEN_COMMENT,
    TOKEN_SEMICOLON,
} TokenKind;

typedef struct {
    TokenKind kind;
    gchar *text; /* a word, or a comment without its outer parentheses */
} Token;

static void
token_clear (gpointer data)
{
    Token *token = data;
    g_free (token->text);
}

static void
comment_free (gpointer data)
{
    HtComment *comment = data;
    g_free (comment->text);
    g_free (comment);
}

gchar *
ht_received_unfold (const char *value)
{
    g_return_val_if_fail (value != NULL, NULL);

    GString *out = g_string_sized_new (strlen (value));
    gboolean pending_space = FALSE;
    for (const char *p = value; *p; p++) {
        char c = *p;
        if (c == '\r' || c == '\n' || c == ' ' || c == '\t') {
            pending_space = out->len > 0;
            continue;
        }
        if (pending_space) {
            g_string_append_c (out, ' ');
            pending_space = FALSE;
        }
        g_string_append_c (out, c);
    }
    return g_string_free (out, FALSE);
}

static gboolean
is_space (char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Reads a comment starting at *p (which points at '('), honouring nesting and backslash
 * quoting. An unbalanced comment runs to the end of the value: it is still kept. */
static gchar *
read_comment (const char **p, gboolean *unbalanced)
{
    const char *start = *p + 1;
    const char *q = start;
    int depth = 1;
    while (*q) {
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
    gchar *text = g_strstrip (g_strndup (start, q - start));
    if (*q == ')')
        q++;
    else
        *unbalanced = TRUE;
    *p = q;
    return text;
}

/* A word runs to white space, '(' or ';'; a '[...]' literal, '<...>' address or quoted
 * string inside it is taken whole, so "[IPv6:2001:db8::1]" and "<a b@example.com>" stay
 * one word. */
static gchar *
read_word (const char **p)
{
    const char *start = *p;
    const char *q = start;
    while (*q && !is_space (*q) && *q != '(' && *q != ';') {
        char close = 0;
        if (*q == '[')
            close = ']';
        else if (*q == '<')
            close = '>';
        else if (*q == '"')
            close = '"';
        if (close) {
            const char *end = strchr (q + 1, close);
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
    return g_strndup (start, q - start);
}

static GArray *
tokenize (const char *s, gboolean *unbalanced)
{
    GArray *tokens = g_array_new (FALSE, FALSE, sizeof (Token));
    g_array_set_clear_func (tokens, token_clear);
    const char *p = s;
    while (*p) {
        if (is_space (*p)) {
            p++;
            continue;
        }
        Token token;
        if (*p == '(') {
            token.kind = TOKEN_COMMENT;
            token.text = read_comment (&p, unbalanced);
        } else if (*p == ';') {
            token.kind = TOKEN_SEMICOLON;
            token.text = NULL;
            p++;
        } else if (*p == ')') {
            /* A stray closing parenthesis: skip it, the line is kept in raw. */
            *unbalanced = TRUE;
            p++;
            continue;
        } else {
            token.kind = TOKEN_WORD;
            token.text = read_word (&p);
        }
        g_array_append_val (tokens, token);
    }
    return tokens;
}

/* RFC 8314's "tls" clause takes a cipher-suite name; IIS's "over TLS secured channel" and
 * similar prose must not be read as one. A suite name is one word of capitals, digits,
 * '_' and '-' with at least one separator, e.g. TLS_AES_256_GCM_SHA384. */
static gboolean
next_is_cipher_suite (GArray *tokens, guint i)
{
    if (i >= tokens->len)
        return FALSE;
    const Token *token = &g_array_index (tokens, Token, i);
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

static HtClause
keyword_clause (const char *word)
{
    for (gsize i = 0; i < G_N_ELEMENTS (keywords); i++)
        if (g_ascii_strcasecmp (word, keywords[i].word) == 0)
            return keywords[i].clause;
    return HT_CLAUSE_NONE;
}

typedef struct {
    GPtrArray *words; /* borrowed from the tokens */
    GPtrArray *comments;
    guint count; /* how many times the keyword appeared */
} Clause;

#define N_CLAUSES (HT_CLAUSE_DATE + 1)

static gchar *
join_words (GPtrArray *words, guint from_index)
{
    if (words->len <= from_index)
        return NULL;
    GString *s = g_string_new (NULL);
    for (guint i = from_index; i < words->len; i++) {
        if (s->len)
            g_string_append_c (s, ' ');
        g_string_append (s, g_ptr_array_index (words, i));
    }
    return g_string_free (s, FALSE);
}

gchar *
ht_received_ip_from_literal (const char *literal)
{
    if (literal == NULL)
        return NULL;
    g_autofree gchar *s = g_strdup (literal);
    g_strstrip (s);
    char *start = s;
    if (*start == '[') {
        start++;
        char *close = strchr (start, ']');
        if (close == NULL)
            return NULL;
        *close = '\0'; /* drops "]:port" too */
    }
    if (g_ascii_strncasecmp (start, "IPv6:", 5) == 0)
        start += 5;
    if (g_hostname_is_ip_address (start))
        return g_strdup (start);
    /* "192.0.2.1:25" (IPv4 with port) and "fe80::1%9" (IPv6 with a scope) */
    char *colon = strchr (start, ':');
    if (colon && strchr (colon + 1, ':') == NULL) {
        *colon = '\0';
        if (g_hostname_is_ip_address (start))
            return g_strdup (start);
        *colon = ':';
    }
    char *percent = strchr (start, '%');
    if (percent) {
        *percent = '\0';
        if (g_hostname_is_ip_address (start)) {
            *percent = '%';
            return g_strdup (start);
        }
    }
    return NULL;
}

static void
set_once (gchar **field, const char *value)
{
    if (*field == NULL && value != NULL && *value)
        *field = g_strdup (value);
}

static gboolean
is_unknown (const char *word)
{
    return g_ascii_strcasecmp (word, "unknown") == 0 || g_ascii_strcasecmp (word, "<unknown>") == 0;
}

/* Reads the identity comments of the from clause:
 *   "rdns [ip]" / "unknown [ip]"    Postfix, sendmail, Gmail, Courier
 *   "[ip]:port helo=x" / "port=N helo=x"  Exim
 *   "HELO x" / "EHLO x"             qmail, IronPort, Yahoo
 *   "ip" / "[ip]"                   Exchange, qmail, IronPort
 * and returns TRUE when a HELO name was given inside a comment, which tells that the word
 * after "from" is the reverse-DNS name rather than the HELO name. */
static gboolean
read_from_comment (HtReceived *r, const char *text)
{
    gboolean helo_in_comment = FALSE;
    g_auto (GStrv) parts = g_strsplit_set (text, " \t", -1);
    for (guint i = 0; parts[i]; i++) {
        const char *part = parts[i];
        if (*part == '\0')
            continue;
        if (g_ascii_strncasecmp (part, "helo=", 5) == 0) {
            set_once (&r->from_helo, part + 5);
            helo_in_comment = TRUE;
            continue;
        }
        if ((g_ascii_strcasecmp (part, "HELO") == 0 || g_ascii_strcasecmp (part, "EHLO") == 0) &&
            parts[i + 1] && *parts[i + 1]) {
            set_once (&r->from_helo, parts[i + 1]);
            helo_in_comment = TRUE;
            i++;
            continue;
        }
        g_autofree gchar *ip = ht_received_ip_from_literal (part);
        if (ip) {
            set_once (&r->from_ip, ip);
            continue;
        }
        /* The rDNS name is the first word of a "name [ip]" comment. */
        if (i == 0 && parts[1] && parts[1][0] == '[' && !is_unknown (part))
            set_once (&r->from_rdns, part);
    }
    return helo_in_comment;
}

static void
interpret_from (HtReceived *r, Clause *clause)
{
    r->has_from = TRUE;
    gboolean helo_in_comment = FALSE;
    for (guint i = 0; i < clause->comments->len; i++)
        helo_in_comment |= read_from_comment (r, g_ptr_array_index (clause->comments, i));
    if (clause->words->len == 0)
        return;
    const char *first = g_ptr_array_index (clause->words, 0);
    g_autofree gchar *ip = ht_received_ip_from_literal (first);
    if (helo_in_comment) {
        /* qmail, Exim and Yahoo put the HELO name in the comment: the word after "from" is
         * then the reverse-DNS name ("unknown" when there is none) or the bare address. */
        if (ip)
            set_once (&r->from_ip, ip);
        else if (!is_unknown (first))
            set_once (&r->from_rdns, first);
    } else {
        set_once (&r->from_helo, first);
        if (ip && first[0] != '[')
            set_once (&r->from_ip, ip); /* Yahoo and Exchange write a bare address */
        else if (ip && r->from_ip == NULL)
            set_once (&r->from_ip, ip);
    }
}

static void
interpret_by (HtReceived *r, Clause *clause)
{
    r->has_by = TRUE;
    if (clause->words->len > 0) {
        r->by_host = g_strdup (g_ptr_array_index (clause->words, 0));
        r->by_extra = join_words (clause->words, 1);
    }
    for (guint i = 0; i < clause->comments->len && r->by_ip == NULL; i++) {
        g_auto (GStrv) parts = g_strsplit_set (g_ptr_array_index (clause->comments, i), " \t", -1);
        for (guint j = 0; parts[j] && r->by_ip == NULL; j++)
            r->by_ip = ht_received_ip_from_literal (parts[j]);
    }
    if (r->by_host) {
        g_autofree gchar *ip = ht_received_ip_from_literal (r->by_host);
        if (ip && r->by_ip == NULL)
            r->by_ip = g_steal_pointer (&ip);
    }
}

static gchar *
strip_angle (const char *word)
{
    gsize len = strlen (word);
    if (len >= 2 && word[0] == '<' && word[len - 1] == '>')
        return g_strndup (word + 1, len - 2);
    return g_strdup (word);
}

/* Finds where a date begins among the words of a line that has no ';' before its date:
 * SendGrid writes "with HTTP id X Mon, 18 Sep 2023 13:30:14.490 +0000" and
 * "with SMTP id X 2023-09-18 13:30:14.64 +0000 UTC m=+7747775.30". Tries each start from
 * the end of WORDS and keeps the earliest one that still parses. */
static int
find_trailing_date (GPtrArray *words, guint min_start, gint64 *utc, gint *offset)
{
    int found = -1;
    guint lowest = MAX (min_start, words->len > 9 ? words->len - 9 : 0);
    for (guint start = words->len; start-- > lowest;) {
        g_autofree gchar *text = join_words (words, start);
        gint64 when;
        gint off;
        if (ht_received_parse_date (text, &when, &off)) {
            found = (int) start;
            *utc = when;
            *offset = off;
        }
    }
    return found;
}

static void
add_problem (HtReceived *r, const char *text)
{
    g_ptr_array_add (r->problems, g_strdup (text));
}

HtReceived *
ht_received_parse (const char *value)
{
    g_return_val_if_fail (value != NULL, NULL);

    HtReceived *r = g_new0 (HtReceived, 1);
    r->raw = ht_received_unfold (value);
    r->comments = g_ptr_array_new_with_free_func (comment_free);
    r->problems = g_ptr_array_new_with_free_func (g_free);

    gboolean unbalanced = FALSE;
    g_autoptr (GArray) tokens = tokenize (r->raw, &unbalanced);

    /* The date follows the last top-level ';'. A ';' inside a comment, as in vger's
     * "(ORCPT <rfc822;user@example.com>)", was swallowed by the tokenizer. */
    guint date_start = tokens->len;
    for (guint i = tokens->len; i-- > 0;) {
        if (g_array_index (tokens, Token, i).kind == TOKEN_SEMICOLON) {
            date_start = i;
            break;
        }
    }

    Clause clauses[N_CLAUSES];
    for (guint i = 0; i < N_CLAUSES; i++) {
        clauses[i].words = g_ptr_array_new ();
        clauses[i].comments = g_ptr_array_new ();
        clauses[i].count = 0;
    }

    HtClause current = HT_CLAUSE_NONE;
    HtClause last_word_clause = HT_CLAUSE_NONE;
    gboolean expect_value = FALSE;
    for (guint i = 0; i < tokens->len; i++) {
        Token *token = &g_array_index (tokens, Token, i);
        if (i == date_start) {
            current = HT_CLAUSE_DATE;
            expect_value = FALSE;
            continue;
        }
        if (token->kind == TOKEN_SEMICOLON)
            continue; /* an earlier ';' (e.g. "for <a>; <b>"): not the date separator */
        if (token->kind == TOKEN_COMMENT) {
            HtComment *comment = g_new0 (HtComment, 1);
            comment->clause = current;
            comment->text = g_strdup (token->text);
            g_ptr_array_add (r->comments, comment);
            g_ptr_array_add (clauses[current].comments, token->text);
            continue;
        }
        HtClause keyword = expect_value ? HT_CLAUSE_NONE : keyword_clause (token->text);
        /* Courier writes "; <date> id <queue id>": a keyword after the date words starts a
         * clause again. "tls" is only a keyword when a value follows it. */
        if (keyword == HT_CLAUSE_TLS && !next_is_cipher_suite (tokens, i + 1))
            keyword = HT_CLAUSE_NONE;
        if (keyword != HT_CLAUSE_NONE && (current != HT_CLAUSE_DATE ||
                                          clauses[HT_CLAUSE_DATE].words->len > 0)) {
            current = keyword;
            clauses[current].count++;
            /* Mimecast writes "with ESMTP with STARTTLS": keep both halves of the with. */
            if (current == HT_CLAUSE_WITH && clauses[current].count > 1)
                g_ptr_array_add (clauses[current].words, token->text);
            expect_value = TRUE;
            continue;
        }
        expect_value = FALSE;
        g_ptr_array_add (clauses[current].words, token->text);
        last_word_clause = current;
    }

    if (clauses[HT_CLAUSE_FROM].count)
        interpret_from (r, &clauses[HT_CLAUSE_FROM]);
    if (clauses[HT_CLAUSE_BY].count)
        interpret_by (r, &clauses[HT_CLAUSE_BY]);

    /* With no ';' the date may still trail the last clause (SendGrid). */
    if (date_start == tokens->len) {
        GPtrArray *words = clauses[last_word_clause].words;
        gint64 when;
        gint off;
        /* A clause keeps its first word (the host, the protocol, the id) in any case. */
        guint min_start = last_word_clause == HT_CLAUSE_NONE ? 0 : 1;
        int at = find_trailing_date (words, min_start, &when, &off);
        if (at >= 0) {
            for (guint i = at; i < words->len; i++)
                g_ptr_array_add (clauses[HT_CLAUSE_DATE].words, g_ptr_array_index (words, i));
            g_ptr_array_set_size (words, at);
        }
    }

    r->leading_words = clauses[HT_CLAUSE_NONE].words->len > 0;
    r->with = join_words (clauses[HT_CLAUSE_WITH].words, 0);
    if (clauses[HT_CLAUSE_ID].words->len)
        r->id = g_strdup (g_ptr_array_index (clauses[HT_CLAUSE_ID].words, 0));
    if (clauses[HT_CLAUSE_FOR].words->len)
        r->for_addr = strip_angle (g_ptr_array_index (clauses[HT_CLAUSE_FOR].words, 0));
    r->via = join_words (clauses[HT_CLAUSE_VIA].words, 0);
    if (clauses[HT_CLAUSE_TLS].words->len)
        r->tls_clause = g_strdup (g_ptr_array_index (clauses[HT_CLAUSE_TLS].words, 0));

    r->date_text = join_words (clauses[HT_CLAUSE_DATE].words, 0);
    if (r->date_text) {
        r->date_valid = ht_received_parse_date (r->date_text, &r->date_utc, &r->date_offset);
        if (!r->date_valid)
            add_problem (r, "the date could not be read");
    } else {
        add_problem (r, "the line carries no date");
    }

    if (unbalanced)
        add_problem (r, "unbalanced parentheses");
    if (!r->has_from && !r->has_by)
        add_problem (r, "neither a from nor a by clause was found");

    for (guint i = 0; i < N_CLAUSES; i++) {
        g_ptr_array_free (clauses[i].words, TRUE);
        g_ptr_array_free (clauses[i].comments, TRUE);
    }
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
    gboolean only_comments_and_date = received->comments->len > 0 && received->date_valid;
    for (guint i = 0; i < received->problems->len; i++)
        if (strcmp (g_ptr_array_index (received->problems, i), "unbalanced parentheses") == 0)
            only_comments_and_date = FALSE;
    return !only_comments_and_date || received->with || received->id || received->for_addr ||
           received->via || received->leading_words;
}

void
ht_received_free (HtReceived *r)
{
    if (r == NULL)
        return;
    g_free (r->raw);
    g_free (r->from_helo);
    g_free (r->from_rdns);
    g_free (r->from_ip);
    g_free (r->by_host);
    g_free (r->by_ip);
    g_free (r->by_extra);
    g_free (r->with);
    g_free (r->id);
    g_free (r->for_addr);
    g_free (r->via);
    g_free (r->tls_clause);
    g_free (r->date_text);
    g_ptr_array_unref (r->comments);
    g_ptr_array_unref (r->problems);
    g_free (r);
}
