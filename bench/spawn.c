/* spawn FD CMD [ARGS…]: run CMD, then write "<ns> <maxrss_kb> <status> <cpu_us>\n" to file
 * descriptor FD (cpu_us: the child's user + system CPU time).
 *
 * bench/run.py compiles this once (cc -O2) into bench/.cache/spawn and starts every measured
 * command through it. Why: Linux carries a process's RSS high-water mark across fork and
 * exec, so a child forked straight from the Python runner reports at least the runner's own
 * RSS (~30 MB) as its ru_maxrss. Forked from this ~1 MB launcher, the child's ru_maxrss is
 * its own. The time is taken here too, from just before fork to the return of wait4.
 * The launcher exits with the child's exit code (128 + signal when it was killed).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: spawn FD CMD [ARGS...]\n");
        return 127;
    }
    int fd = atoi(argv[1]);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) {
        perror("spawn: fork");
        return 127;
    }
    if (pid == 0) {
        close(fd);
        execvp(argv[2], argv + 2);
        perror("spawn: exec");
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    if (wait4(pid, &status, 0, &ru) < 0) {
        perror("spawn: wait4");
        return 127;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long long ns = (long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
    long long cpu_us = (long long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000LL
                       + ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
    dprintf(fd, "%lld %ld %d %lld\n", ns, ru.ru_maxrss, status, cpu_us);
    close(fd);
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return 127;
}
