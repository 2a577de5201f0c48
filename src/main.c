/* hoptrace: trace the path an email took and the TLS protection of every link.
 *
 * main sets up the locale and GMime, runs each input through the pipeline
 * (input -> received -> tls -> chain -> render) and maps errors to exit statuses:
 * 0 analysed, 1 a requested check failed, 2 usage error, 3 an input could not be read
 * or holds no message. Only main prints errors, once each: "hoptrace: FILE: message". */
#include "config.h"

#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <gmime/gmime.h>

#include "ht-chain.h"
#include "ht-cli.h"
#include "ht-escape.h"
#include "ht-input.h"
#include "ht-profile.h"
#include "ht-render.h"
#include "ht-route.h"
#include "ht-summary.h"

enum {
    EXIT_ANALYSED = 0,
    EXIT_CHECK_FAILED = 1,
    EXIT_USAGE = 2,
    EXIT_INPUT = 3,
};

typedef struct _Job Job;

typedef struct {
    const HtOptions *options;
    HtRenderOptions render;
    GString *out;
    HtSummary *summary;       /* with --summary */
    const HtProfile *profile; /* the organisation's roles and routes */
    const HtRoute *expect;    /* with --expect */
    gboolean route_failed;    /* a message did not follow the expected route */
    guint64 messages;
    gint64 started;       /* monotonic microseconds */
    gint64 last_progress; /* when the progress line was last drawn, 0 if never */

    /* Messages are independent: worker threads build and render them while this thread
     * reads the next ones; results are written in input order. The lock and conditions are
     * POSIX ones, not GMutex/GCond, because GLib's futex-based primitives are invisible to
     * ThreadSanitizer, which is how this code is checked (see README). */
    guint n_workers; /* 0: everything runs on this thread */
    GThread **workers;
    pthread_mutex_t lock;
    pthread_cond_t work_cond; /* a job was queued, or stopping */
    pthread_cond_t done_cond; /* a job was done */
    GQueue todo;              /* Job*, not yet started */
    GQueue pending;           /* Job*, every job in flight, in input order */
    gboolean stopping;
    Job *batch; /* the messages read but not yet handed over */
} Run;

/* A batch of consecutive messages: handing messages to the workers one by one cost more in
 * locking and wake-ups than tracing some of them. */
#define JOB_MESSAGES 16

struct _Job {
    guint n_messages;
    HtMessage *messages[JOB_MESSAGES];
    HtReport *reports[JOB_MESSAGES]; /* kept for the main thread with --summary or --expect */
    GString *out; /* the rendered reports, one after the other (not with --summary) */
    gboolean done;
};

/* At most this many jobs per worker are in flight: memory stays bounded whatever the size
 * of the mailbox. */
#define JOBS_PER_WORKER 4

static void
write_out (GString *text)
{
    if (text->len)
        fwrite (text->str, 1, text->len, stdout);
    g_string_truncate (text, 0);
}

/* The terminal's width when FD is one (COLUMNS wins, as for ls), else 0: a file or a pipe
 * always gets the full table. */
static int
terminal_width (int fd)
{
    if (!isatty (fd))
        return 0;
    const char *columns = g_getenv ("COLUMNS");
    if (columns && atoi (columns) > 0)
        return atoi (columns);
    struct winsize size;
    if (ioctl (fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
        return size.ws_col;
    return 0;
}

/* A progress line on standard error, redrawn at most four times a second, and only once a
 * run has lasted a second: short runs stay quiet. */
static void
show_progress (Run *run, const char *path, gboolean final)
{
    if (!run->options->progress)
        return;
    gint64 now = g_get_monotonic_time ();
    if (final) {
        if (run->last_progress)
            fputs ("\r\033[K", stderr);
        return;
    }
    if (now - run->started < G_USEC_PER_SEC || now - run->last_progress < G_USEC_PER_SEC / 4)
        return;
    run->last_progress = now;
    double seconds = (now - run->started) / (double) G_USEC_PER_SEC;
    g_autofree gchar *base = g_path_get_basename (path);
    g_autofree gchar *name = ht_escape_terminal (base); /* file names reach a terminal too */
    fprintf (stderr, "\r\033[Khoptrace: %" G_GUINT64_FORMAT " messages (%.0f/s), %.40s",
             run->messages, run->messages / seconds, name);
    fflush (stderr);
}

/* Appends one message's report, document or diagram to the job's output, a blank line
 * between two of them (JSON Lines need none). Whether this is the run's first message is
 * only known in order, on the main thread: the job's first report gets a leading newline
 * there instead. */
static void
render_report (Job *job, const Run *run, const HtReport *report)
{
    if (job->out == NULL)
        job->out = g_string_sized_new (8192 * job->n_messages);
    else if (run->options->format != HT_FORMAT_JSON)
        g_string_append_c (job->out, '\n');
    switch (run->options->format) {
    case HT_FORMAT_JSON: ht_render_json (job->out, report); break;
    case HT_FORMAT_MARKDOWN: ht_render_markdown (job->out, report); break;
    case HT_FORMAT_MERMAID: ht_render_mermaid (job->out, report); break;
    case HT_FORMAT_DOT: ht_render_dot (job->out, report); break;
    case HT_FORMAT_TEXT:
    default: ht_render_text (job->out, report, &run->render); break;
    }
}

/* Builds and renders a batch of messages; runs on a worker thread. Messages are freed here,
 * on the thread that allocated most of what they lead to; reports too, unless the main
 * thread still needs them (the summary counts them, --expect tallies their verdicts). */
static void
process_job (Job *job, const Run *run)
{
    for (guint i = 0; i < job->n_messages; i++) {
        HtReport *report = ht_chain_build (job->messages[i]);
        ht_message_free (job->messages[i]);
        job->messages[i] = NULL;
        if (ht_profile_get_path (run->profile))
            ht_profile_assign_roles (run->profile, report);
        if (run->expect)
            report->route = ht_route_verify (run->expect, report);
        if (!run->summary)
            render_report (job, run, report);
        if (run->summary || run->expect)
            job->reports[i] = report;
        else
            ht_report_free (report);
    }
}

static gpointer
worker (gpointer data)
{
    Run *run = data;
    for (;;) {
        pthread_mutex_lock (&run->lock);
        while (run->todo.length == 0 && !run->stopping)
            pthread_cond_wait (&run->work_cond, &run->lock);
        Job *job = g_queue_pop_head (&run->todo);
        pthread_mutex_unlock (&run->lock);
        if (job == NULL)
            return NULL; /* stopping, and nothing left */
        process_job (job, run);
        pthread_mutex_lock (&run->lock);
        job->done = TRUE;
        pthread_cond_broadcast (&run->done_cond);
        pthread_mutex_unlock (&run->lock);
    }
}

/* Writes a finished job's result and frees it; runs on the main thread, in input order. */
static void
finish_job (Run *run, Job *job)
{
    for (guint i = 0; i < job->n_messages; i++) {
        HtReport *report = job->reports[i];
        if (report == NULL)
            continue;
        if (run->expect && report->route)
            run->route_failed |= !report->route->match;
        if (run->summary) {
            ht_summary_add (run->summary, report);
            if (report->route)
                ht_summary_note_route (run->summary, run->options->expect, report->route->match);
        }
        ht_report_free (report);
    }
    if (job->out) {
        if (run->messages > 0 && run->options->format != HT_FORMAT_JSON)
            fputc ('\n', stdout);
        fwrite (job->out->str, 1, job->out->len, stdout);
        g_string_free (job->out, TRUE);
    }
    run->messages += job->n_messages;
    g_free (job);
}

/* Finishes the jobs at the head of the queue that are done; with WAIT_UNTIL, first waits
 * until at most that many are in flight. */
static void
drain (Run *run, guint wait_until)
{
    for (;;) {
        pthread_mutex_lock (&run->lock);
        Job *head = g_queue_peek_head (&run->pending);
        while (head && !head->done && run->pending.length > wait_until)
            pthread_cond_wait (&run->done_cond, &run->lock);
        gboolean ready = head && head->done;
        if (ready)
            g_queue_pop_head (&run->pending);
        pthread_mutex_unlock (&run->lock);
        if (!ready)
            return;
        finish_job (run, head);
    }
}

/* Hands the batch being filled to a worker (or runs it here without workers). */
static void
flush_batch (Run *run)
{
    Job *job = run->batch;
    if (job == NULL)
        return;
    run->batch = NULL;
    if (run->n_workers == 0) {
        process_job (job, run);
        finish_job (run, job);
        return;
    }
    pthread_mutex_lock (&run->lock);
    g_queue_push_tail (&run->pending, job);
    g_queue_push_tail (&run->todo, job);
    pthread_cond_signal (&run->work_cond);
    pthread_mutex_unlock (&run->lock);
    drain (run, run->n_workers * JOBS_PER_WORKER);
}

static void
submit (Run *run, HtMessage *message)
{
    if (run->batch == NULL)
        run->batch = g_new0 (Job, 1);
    run->batch->messages[run->batch->n_messages++] = message;
    /* Without workers there is nothing to batch for: each message is written at once, as
     * a pipe reading from hoptrace expects. */
    if (run->batch->n_messages == JOB_MESSAGES || run->n_workers == 0)
        flush_batch (run);
}

/* Runs one source; returns FALSE when it, or a file below it, could not be read or held no
 * message. */
static gboolean
run_source (Run *run, const char *path)
{
    HtInputOptions input_options = {.force_paste = run->options->paste};
    g_autoptr (GError) error = NULL;
    g_autoptr (HtInput) input = ht_input_open (path, &input_options, &error);
    if (input == NULL) {
        g_autofree gchar *where = ht_escape_terminal (path);
        g_printerr ("hoptrace: %s: %s\n", where, error->message);
        return FALSE;
    }
    gboolean all_read = TRUE;
    for (;;) {
        HtMessage *message = ht_input_next (input, &error);
        if (message == NULL) {
            if (error == NULL)
                break;
            /* Report this file and go on with the directory's other files; what came
             * before it is written first. */
            flush_batch (run);
            drain (run, 0);
            fflush (stdout);
            show_progress (run, path, TRUE);
            g_autofree gchar *where = ht_escape_terminal (ht_input_current_path (input));
            g_printerr ("hoptrace: %s: %s\n", where, error->message);
            g_clear_error (&error);
            all_read = FALSE;
            if (!ht_input_has_more (input))
                break;
            continue;
        }
        submit (run, message);
        show_progress (run, ht_input_current_path (input), FALSE);
    }
    flush_batch (run);
    drain (run, 0);
    return all_read;
}

static void
render_summary (Run *run)
{
    switch (run->options->format) {
    case HT_FORMAT_JSON: ht_summary_render_json (run->out, run->summary); break;
    case HT_FORMAT_CSV: ht_summary_render_csv (run->out, run->summary); break;
    case HT_FORMAT_MARKDOWN: ht_summary_render_markdown (run->out, run->summary); break;
    case HT_FORMAT_TEXT:
    default: ht_summary_render_text (run->out, run->summary); break;
    }
    write_out (run->out);
}

int
main (int argc, char **argv)
{
    setlocale (LC_ALL, "");
    g_set_prgname ("hoptrace");

    HtOptions options;
    g_autoptr (GError) error = NULL;
    if (!ht_cli_parse (argc, argv, &options, &error)) {
        g_printerr ("hoptrace: %s\nTry 'hoptrace --help'.\n", error->message);
        return EXIT_USAGE;
    }
    if (options.version) {
        printf ("hoptrace %s\n", PACKAGE_VERSION);
        ht_options_clear (&options);
        return EXIT_ANALYSED;
    }

    /* The organisation profile: --config FILE, else the default file when there is one. A
     * broken profile or an unknown --expect route is a usage error: verdicts from a
     * half-read profile would be wrong. */
    g_autoptr (HtProfile) profile = options.config ? ht_profile_load_file (options.config, &error)
                                                   : ht_profile_load_default (&error);
    const HtRoute *expect = NULL;
    if (profile && options.expect)
        expect = ht_profile_get_route (profile, options.expect, &error);
    if (profile == NULL || (options.expect && expect == NULL)) {
        g_printerr ("hoptrace: %s\n", error->message);
        ht_options_clear (&options);
        return EXIT_USAGE;
    }

    g_mime_init ();
    g_autoptr (GString) out = g_string_new (NULL);
    g_autoptr (HtSummary) summary = options.summary ? ht_summary_new () : NULL;
    Run run = {
        .options = &options,
        .render = {.color = ht_cli_use_color (options.color, STDOUT_FILENO),
                   .width = terminal_width (STDOUT_FILENO)},
        .out = out,
        .summary = summary,
        .started = g_get_monotonic_time (),
        .profile = profile,
        .expect = expect,
    };
    pthread_mutex_init (&run.lock, NULL);
    pthread_cond_init (&run.work_cond, NULL);
    pthread_cond_init (&run.done_cond, NULL);
    g_queue_init (&run.todo);
    g_queue_init (&run.pending);
    if (options.jobs > 1) {
        run.n_workers = options.jobs;
        run.workers = g_new0 (GThread *, run.n_workers);
        for (guint w = 0; w < run.n_workers; w++)
            run.workers[w] = g_thread_new ("hoptrace-worker", worker, &run);
    }
    int status = EXIT_ANALYSED;
    for (guint i = 0; options.files[i]; i++) {
        const char *path = options.files[i];
        if (strcmp (path, "-") == 0 && isatty (STDIN_FILENO))
            g_printerr ("hoptrace: reading headers from standard input; paste them, then press "
                        "Ctrl-D\n");
        if (!run_source (&run, path))
            status = EXIT_INPUT;
    }
    pthread_mutex_lock (&run.lock);
    run.stopping = TRUE;
    pthread_cond_broadcast (&run.work_cond);
    pthread_mutex_unlock (&run.lock);
    for (guint w = 0; w < run.n_workers; w++)
        g_thread_join (run.workers[w]);
    g_free (run.workers);
    pthread_cond_destroy (&run.work_cond);
    pthread_cond_destroy (&run.done_cond);
    pthread_mutex_destroy (&run.lock);
    show_progress (&run, "", TRUE);
    if (summary)
        render_summary (&run);
    /* An input that could not be read (3) outweighs a failed check (1). */
    if (status == EXIT_ANALYSED && run.route_failed)
        status = EXIT_CHECK_FAILED;
    fflush (stdout);
    ht_options_clear (&options);
    g_mime_shutdown ();
    return status;
}
