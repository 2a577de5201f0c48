/* ht-classify: server products.
 *
 * Exchange writes its build number as the `id` of its Received lines ("with Microsoft SMTP
 * Server (TLS) id 14.3.498.0"); the major and minor numbers name the release. Other MTAs
 * name themselves in a comment after the by host ("(Postfix)", "(Exim 4.96)",
 * "(8.17.1/8.17.1)"), in the protocol words, or only by the host names they run on. */
#include "config.h"

#include "ht-classify.h"

#include "ht-ascii.h"

#include <pthread.h>
#include <string.h>

/* A host name's last two labels ("example.com" of "mx.example.com."), without the trailing
 * dot of a fully qualified name. Every domain this file knows has two labels, and a host is
 * in such a domain exactly when its last two labels are the domain: the tail is found once
 * per host, and then its length alone turns most domains away. This runs for several domains
 * on every hop. */
typedef struct {
    const char *text;
    gsize length;
} Tail;

static Tail
host_tail (const char *host)
{
    if (host == NULL)
        return (Tail){NULL, 0};
    gsize end = strlen (host);
    if (end > 0 && host[end - 1] == '.')
        end--;
    /* Back to the last dot, then back to the one before it. */
    gsize start = end;
    while (start > 0 && host[start - 1] != '.')
        start--;
    if (start > 0)
        start--;
    while (start > 0 && host[start - 1] != '.')
        start--;
    return (Tail){host + start, end - start};
}

/* TRUE when TAIL is DOMAIN (two labels, lower case, DOMAIN_LENGTH bytes), in any case. */
static gboolean
tail_is (Tail tail, const char *domain, gsize domain_length)
{
    if (tail.length != domain_length)
        return FALSE;
    for (gsize i = 0; i < domain_length; i++) {
        if (ht_ascii_lower (tail.text[i]) != domain[i])
            return FALSE;
    }
    return TRUE;
}

static gboolean
is_exo_tail (Tail tail)
{
#define IS(domain) tail_is (tail, domain, sizeof domain - 1)
    return IS ("outlook.com") || IS ("office365.com") || IS ("exchangelabs.com") ||
           IS ("protection.gbl") || IS ("outlook.cn");
#undef IS
}

gboolean
ht_classify_is_exo_host (const char *host)
{
    return is_exo_tail (host_tail (host));
}

/* Release names by build (Microsoft's "Exchange Server build numbers and release dates").
 * Exchange Online runs builds 15.20 and above; its 2016-2018 builds were 15.1 and are told
 * apart by host name only. Subscription Edition continues 15.2 from build 2562. */
const char *
ht_classify_exchange_build (const char *build, gchar **normalised)
{
    if (build == NULL)
        return NULL;
    /* Up to four parts of at most six digits, read by hand: this runs for every Exchange
     * hop of a mailbox. TEXT gets the normalised build on the way: "15.01.2375.034" ->
     * "15.1.2375.34", each part without its leading zeros. */
    guint64 parts[4] = {0, 0, 0, 0};
    char text[4 * 7]; /* four parts of six digits and their dots */
    gsize len = 0;
    guint n = 0;
    const char *p = build;
    while (n < 4) {
        if (n)
            text[len++] = '.';
        gsize part_start = len;
        guint64 value = 0;
        guint digits = 0;
        for (; g_ascii_isdigit (*p); p++, digits++) {
            if (digits == 6)
                return NULL;
            value = value * 10 + (guint64) (*p - '0');
            /* A leading zero is written over: "034" -> "34", but "0" stays. */
            if (len - part_start == 1 && text[part_start] == '0')
                text[part_start] = *p;
            else
                text[len++] = *p;
        }
        if (digits == 0)
            return NULL;
        parts[n++] = value;
        if (*p != '.')
            break;
        p++;
    }
    if (n < 3 || *p != '\0')
        return NULL;

    const char *product = NULL;
    guint64 major = parts[0], minor = parts[1];
    if (major == 6)
        product = "Exchange 2003";
    else if (major == 8)
        product = "Exchange 2007";
    else if (major == 14)
        product = "Exchange 2010";
    else if (major == 15 && minor == 0)
        product = "Exchange 2013";
    else if (major == 15 && minor == 1)
        product = "Exchange 2016";
    else if (major == 15 && minor == 2)
        product = parts[2] >= 2562 ? "Exchange SE" : "Exchange 2019";
    else if (major == 15 && minor >= 20)
        product = "Exchange Online";
    if (product && normalised)
        *normalised = g_strndup (text, len);
    return product;
}

gboolean
ht_classify_is_exchange (const char *product)
{
    return product && g_str_has_prefix (product, "Exchange ") &&
           strcmp (product, "Exchange Online") != 0;
}

typedef enum {
    MATCH_BY_COMMENT, /* a comment after the by host contains the text */
    MATCH_WITH,       /* the with clause contains the text */
    MATCH_BY_DOMAIN,  /* the by host is in the domain */
    MATCH_RAW,        /* the line contains the text anywhere */
} MatchKind;

/* In order of precedence: the first entry that matches names the product. The domains are
 * lower case. */
static const struct {
    MatchKind kind;
    const char *text;
    const char *product;
} products[] = {
    {MATCH_BY_COMMENT, "Postfix", "Postfix"},
    {MATCH_BY_COMMENT, "Exim", "Exim"},
    {MATCH_BY_COMMENT, "OpenSMTPD", "OpenSMTPD"},
    {MATCH_BY_COMMENT, "PPS", "Proofpoint"},
    {MATCH_BY_COMMENT, "PPE Hosted ESMTP Server", "Proofpoint Essentials"},
    {MATCH_BY_COMMENT, "Dovecot", "Dovecot"},
    {MATCH_BY_COMMENT, "amavisd", "amavisd"},
    {MATCH_BY_COMMENT, "MDaemon", "MDaemon"},
    {MATCH_BY_COMMENT, "SecurityGateway", "SecurityGateway"},
    {MATCH_BY_COMMENT, "Kerio Connect", "Kerio Connect"},
    {MATCH_BY_COMMENT, "Haraka", "Haraka"},
    {MATCH_BY_COMMENT, "ZoneMTA", "ZoneMTA"},
    {MATCH_BY_COMMENT, "CommuniGate", "CommuniGate Pro"},
    {MATCH_BY_COMMENT, "qpsmtpd", "qpsmtpd"},
    {MATCH_BY_COMMENT, "ecelerity", "Momentum"},
    {MATCH_BY_COMMENT, "trex/", "MailChannels"},
    {MATCH_BY_COMMENT, "Stalwart", "Stalwart"},
    {MATCH_BY_COMMENT, "Oracle Communications Messaging Server", "Oracle Messaging Server"},
    {MATCH_BY_COMMENT, "Mailchimp", "Mailchimp"},
    {MATCH_BY_COMMENT, "Yandex", "Yandex"},
    {MATCH_BY_COMMENT, "Sentrion", "Sentrion"},
    {MATCH_WITH, "Microsoft SMTPSVC", "IIS SMTP"},
    {MATCH_WITH, "Microsoft Exchange Internet Mail Service", "Exchange 5.5"},
    {MATCH_WITH, "Nemesis", "GMX/IONOS"},
    {MATCH_WITH, "ESMTP/TLS", "Cisco Secure Email"},
    {MATCH_BY_DOMAIN, "google.com", "Gmail"},
    {MATCH_BY_DOMAIN, "gmail.com", "Gmail"},
    {MATCH_BY_DOMAIN, "iphmx.com", "Cisco Secure Email"},
    {MATCH_BY_DOMAIN, "mimecast.com", "Mimecast"},
    {MATCH_BY_DOMAIN, "messagelabs.com", "Symantec MessageLabs"},
    {MATCH_BY_DOMAIN, "pphosted.com", "Proofpoint"},
    {MATCH_BY_DOMAIN, "cudaops.com", "Barracuda"},
    {MATCH_BY_DOMAIN, "yahoo.com", "Yahoo"},
    {MATCH_BY_DOMAIN, "yahoodns.net", "Yahoo"},
    {MATCH_BY_DOMAIN, "amazonses.com", "Amazon SES"},
    {MATCH_RAW, "Websense Email", "Forcepoint"},
    {MATCH_RAW, "Forcepoint Email", "Forcepoint"},
    {MATCH_RAW, "by CMGW", "Cloudmark"},
    {MATCH_RAW, "(qmail ", "qmail"},
};

/* Built once from the table: the length of every text, and the MATCH_BY_COMMENT entries by
 * their first byte, so that a comment is read once for all the products rather than once per
 * product. COMMENT_FIRST[c] is 1 + the index of the first entry whose text starts with c (0
 * for none), COMMENT_NEXT[i] 1 + the index of the next such entry after entry i. */
static gsize text_length[G_N_ELEMENTS (products)];
static guint8 comment_first[256], comment_next[G_N_ELEMENTS (products)];
static pthread_once_t product_index_once = PTHREAD_ONCE_INIT;

static void
build_product_index (void)
{
    G_STATIC_ASSERT (G_N_ELEMENTS (products) < 255);
    for (gsize i = G_N_ELEMENTS (products); i-- > 0;) {
        text_length[i] = strlen (products[i].text);
        /* tail_is compares two labels. */
        g_assert (products[i].kind != MATCH_BY_DOMAIN ||
                  (strchr (products[i].text, '.') &&
                   strchr (products[i].text, '.') == strrchr (products[i].text, '.')));
        if (products[i].kind != MATCH_BY_COMMENT)
            continue;
        guchar first = (guchar) products[i].text[0];
        comment_next[i] = comment_first[first];
        comment_first[first] = (guint8) (i + 1);
    }
}

/* The first MATCH_BY_COMMENT entry whose text a comment of the receiving server holds, or
 * -1. The from clause's comments describe the client; every other comment is the receiving
 * server's own words ("(Postfix)" after by, "(Exim 4.96)" after with). */
static gint
server_comment_product (const HtReceived *r)
{
    gint best = -1;
    for (guint i = 0; i < r->n_comments; i++) {
        const HtComment *comment = &r->comments[i];
        if (comment->clause == HT_CLAUSE_FROM)
            continue;
        for (const char *p = comment->text; *p; p++) {
            for (guint k = comment_first[(guchar) *p]; k; k = comment_next[k - 1]) {
                const char *text = products[k - 1].text;
                /* Every text is three bytes or longer; the second byte turns most away. */
                if (p[1] == text[1] && strncmp (p, text, text_length[k - 1]) == 0 &&
                    (best < 0 || (gint) k - 1 < best))
                    best = (gint) k - 1;
            }
        }
    }
    return best;
}

static gboolean
comment_in_clause_contains (const HtReceived *r, HtClause clause, const char *text)
{
    for (guint i = 0; i < r->n_comments; i++) {
        const HtComment *comment = &r->comments[i];
        if (comment->clause == clause && strstr (comment->text, text))
            return TRUE;
    }
    return FALSE;
}

/* sendmail writes its version and its configuration's: "(8.14.7/8.14.7)",
 * "(8.15.2/8.15.2/Debian-22)", "(8.17.1.19/8.17.1.19)". */
static gchar *
sendmail_version (const HtReceived *r)
{
    for (guint i = 0; i < r->n_comments; i++) {
        const HtComment *comment = &r->comments[i];
        if (comment->clause != HT_CLAUSE_BY || !g_ascii_isdigit (comment->text[0]))
            continue;
        const char *slash = strchr (comment->text, '/');
        if (slash == NULL || strchr (comment->text, ' '))
            continue;
        gsize len = slash - comment->text;
        gboolean dotted = TRUE;
        guint dots = 0;
        for (gsize k = 0; k < len; k++) {
            if (comment->text[k] == '.')
                dots++;
            else if (!g_ascii_isdigit (comment->text[k]))
                dotted = FALSE;
        }
        if (dotted && dots >= 2)
            return g_strndup (comment->text, len);
    }
    return NULL;
}

static gchar *
word_after (const char *text, const char *marker)
{
    const char *at = strstr (text, marker);
    if (at == NULL)
        return NULL;
    at += strlen (marker);
    while (*at == ' ' || *at == '(')
        at++;
    gsize len = strcspn (at, " )");
    return len ? g_strndup (at, len) : NULL;
}

gboolean
ht_classify_server (const HtReceived *r, HtServer *server)
{
    g_return_val_if_fail (r != NULL && server != NULL, FALSE);
    server->product = NULL;
    server->build = NULL;

    /* Exchange and Exchange Online: "with Microsoft SMTP Server ... id <build>" and
     * "with mapi id 15.20.3412.024" (a mailbox's own submission). */
    gboolean microsoft = r->with && (strncmp (r->with, "Microsoft SMTP Server", 21) == 0 ||
                                     g_ascii_strcasecmp (r->with, "mapi") == 0);
    if (microsoft && r->id)
        server->product = ht_classify_exchange_build (r->id, &server->build);
    Tail by = host_tail (r->by_host);
    if (is_exo_tail (by)) {
        /* EXO's own hosts: builds 15.1 of 2016-2018 were Exchange Online too. */
        server->product = "Exchange Online";
        return TRUE;
    }
    if (server->product)
        return TRUE;
    if (microsoft) {
        server->product = "Exchange";
        return TRUE;
    }

    pthread_once (&product_index_once, build_product_index);
    gint comment_product = server_comment_product (r);
    /* Most with clauses are one short word ("ESMTPS"), shorter than every text below. */
    gsize with_length = r->with ? strlen (r->with) : 0;
    for (gsize i = 0; i < G_N_ELEMENTS (products); i++) {
        gboolean hit = FALSE;
        switch (products[i].kind) {
        case MATCH_BY_COMMENT: hit = (gint) i == comment_product; break;
        case MATCH_WITH:
            /* The with clause's comments count too: "with SMTP (Microsoft Exchange Internet
             * Mail Service Version 5.5.2653.13)", "with ESMTPS (Nemesis)". */
            hit = (with_length >= text_length[i] && strstr (r->with, products[i].text)) ||
                  comment_in_clause_contains (r, HT_CLAUSE_WITH, products[i].text);
            break;
        case MATCH_BY_DOMAIN: hit = tail_is (by, products[i].text, text_length[i]); break;
        case MATCH_RAW: hit = strstr (r->raw, products[i].text) != NULL; break;
        }
        if (!hit)
            continue;
        server->product = products[i].product;
        if (strcmp (server->product, "Exim") == 0) {
            for (guint k = 0; k < r->n_comments && !server->build; k++) {
                const HtComment *comment = &r->comments[k];
                if (g_str_has_prefix (comment->text, "Exim "))
                    server->build = word_after (comment->text, "Exim ");
            }
        } else if (strcmp (server->product, "IIS SMTP") == 0) {
            /* "with Microsoft SMTPSVC(6.0.3790.4675)": the version is a comment of with. */
            for (guint k = 0; k < r->n_comments && !server->build; k++) {
                const HtComment *comment = &r->comments[k];
                if (comment->clause == HT_CLAUSE_WITH && g_ascii_isdigit (comment->text[0]))
                    server->build = g_strdup (comment->text);
            }
        }
        return TRUE;
    }

    /* Google's internal relays are named only by an address in 2002::/16. */
    if (r->by_host && g_ascii_strncasecmp (r->by_host, "2002:a", 6) == 0) {
        server->product = "Gmail";
        return TRUE;
    }
    gchar *version = sendmail_version (r);
    if (version) {
        server->product = "Sendmail";
        server->build = version;
        return TRUE;
    }
    return FALSE;
}

void
ht_server_clear (HtServer *server)
{
    g_clear_pointer (&server->build, g_free);
    server->product = NULL;
}
