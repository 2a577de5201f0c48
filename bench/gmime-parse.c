/* Baseline for bench/run.sh: a bare GMime parse of every message of an mbox, the way a
 * GMime-based tool would read it (full MIME structure, bodies included). Prints the count. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <gmime/gmime.h>

int
main (int argc, char **argv)
{
    if (argc != 2) {
        fprintf (stderr, "usage: gmime-parse MBOX\n");
        return 2;
    }
    g_mime_init ();
    int fd = open (argv[1], O_RDONLY);
    if (fd < 0) {
        perror (argv[1]);
        return 3;
    }
    GMimeStream *stream = g_mime_stream_fs_new (fd);
    GMimeParser *parser = g_mime_parser_new_with_stream (stream);
    g_mime_parser_set_format (parser, GMIME_FORMAT_MBOX);
    unsigned long count = 0;
    while (!g_mime_parser_eos (parser)) {
        GMimeMessage *message = g_mime_parser_construct_message (parser, NULL);
        if (message == NULL)
            break;
        count++;
        g_object_unref (message);
    }
    printf ("%lu\n", count);
    g_object_unref (parser);
    g_object_unref (stream);
    g_mime_shutdown ();
    return 0;
}
