/* bench/measure: runs a command, drains its standard output through a pipe (so that no tool
 * can notice /dev/null and stop early, as GNU grep does), and prints its wall time and peak
 * resident set as "SECONDS RSS_KIB". A small C parent keeps the child's pre-exec image
 * small, so ru_maxrss measures the command, not the measurer. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int
main (int argc, char **argv)
{
    if (argc < 2) {
        fprintf (stderr, "usage: measure CMD [ARG...]\n");
        return 2;
    }
    int fds[2];
    if (pipe (fds) != 0)
        return 2;
    struct timespec start, end;
    clock_gettime (CLOCK_MONOTONIC, &start);
    pid_t pid = fork ();
    if (pid == 0) {
        dup2 (fds[1], STDOUT_FILENO);
        close (fds[0]);
        close (fds[1]);
        execvp (argv[1], argv + 1);
        _exit (127);
    }
    close (fds[1]);
    char buffer[65536];
    while (read (fds[0], buffer, sizeof buffer) > 0)
        ;
    int status = 0;
    struct rusage usage;
    wait4 (pid, &status, 0, &usage);
    clock_gettime (CLOCK_MONOTONIC, &end);
    double seconds = (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
    printf ("%.3f %ld\n", seconds, usage.ru_maxrss);
    return WIFEXITED (status) ? WEXITSTATUS (status) : 1;
}
