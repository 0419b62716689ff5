#define _GNU_SOURCE /* O_DIRECT */
/* A workload the tests drive: does exactly what it is told, so the tests know what the kernel saw. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The profile test's busy loop: a name no other code has, kept out of main by noinline. */
__attribute__((noinline)) unsigned long tracebook_spin_loop(long ms) {
    volatile unsigned long x = 0;
    long end = now_ms() + ms;
    while (now_ms() < end) {
        for (int i = 0; i < 1000000; i++) x = x * 31 + i;
    }
    return x;
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "wait") == 0) {
        /* "wait MODE ...": start once a line arrives on stdin, so a tracer can be given this pid first */
        char line[16];
        if (!fgets(line, sizeof(line), stdin)) return 1;
        argv++;
        argc--;
    }
    if (argc < 3) {
        fprintf(stderr, "usage: workload [wait] getppid|setjmp|open|read|pipe|sleep|flock N [path] | spin MS | direct N SIZE PATH\n");
        return 2;
    }
    long n = atol(argv[2]);
    if (strcmp(argv[1], "getppid") == 0) {
        for (long i = 0; i < n; i++) getppid();
    } else if (strcmp(argv[1], "setjmp") == 0) {
        jmp_buf env;
        for (long i = 0; i < n; i++) {
            if (setjmp(env) == 0) longjmp(env, 1);
        }
    } else if (strcmp(argv[1], "open") == 0) {
        for (long i = 0; i < n; i++) {
            int fd = open(argc > 3 ? argv[3] : "/etc/hostname", O_RDONLY);
            if (fd >= 0) close(fd);
        }
    } else if (strcmp(argv[1], "read") == 0) {
        /* reads of these sizes from /dev/zero in turn, and one of a bad fd (-EBADF): every kind of hist() bucket */
        static char buf[70000];
        static const size_t sizes[] = {0, 1, 3, 10, 100, 500, 1000, 1999, 2000, 5000, 70000};
        const long kinds = sizeof(sizes) / sizeof(sizes[0]) + 1;
        int fd = open("/dev/zero", O_RDONLY);
        for (long i = 0; i < n; i++) {
            if (read(i % kinds == kinds - 1 ? -1 : fd, buf, sizes[i % kinds % (kinds - 1)]) < 0 && i % kinds != kinds - 1) return 1;
        }
        close(fd);
    } else if (strcmp(argv[1], "pipe") == 0) {
        /* N reads of a pipe that each wait about 1.5 ms: a forked writer answers each request after a 1.5 ms sleep, so
           the reader never finds a byte waiting, and a read's time is long beside what any tracer's program costs */
        int answers[2], requests[2];
        char byte = 'x';
        if (pipe(answers) || pipe(requests)) return 1;
        pid_t writer = fork();
        if (writer == 0) {
            for (long i = 0; i < n; i++) {
                if (read(requests[0], &byte, 1) != 1) _exit(1);
                usleep(1500);
                if (write(answers[1], &byte, 1) != 1) _exit(1);
            }
            _exit(0);
        }
        for (long i = 0; i < n; i++) {
            if (write(requests[1], &byte, 1) != 1 || read(answers[0], &byte, 1) != 1) return 1;
        }
        int status;
        if (waitpid(writer, &status, 0) != writer || status != 0) return 1;
    } else if (strcmp(argv[1], "sleep") == 0) {
        for (long i = 0; i < n; i++) usleep(1000);
    } else if (strcmp(argv[1], "direct") == 0) {
        /* N direct writes of SIZE bytes to PATH, each one request to the disk */
        if (argc < 5) return 2;
        long size = atol(argv[3]);
        void *block;
        if (posix_memalign(&block, 4096, size)) return 1;
        memset(block, 'x', size);
        int fd = open(argv[4], O_WRONLY | O_CREAT | O_DIRECT, 0600);
        if (fd < 0) return 1;
        for (long i = 0; i < n; i++) {
            if (pwrite(fd, block, size, i * size) != size) return 1;
        }
        close(fd);
    } else if (strcmp(argv[1], "flock") == 0) {
        /* N exclusive flock()s of PATH, each undone */
        int fd = open(argc > 3 ? argv[3] : "/tmp", O_RDONLY);
        if (fd < 0) return 1;
        for (long i = 0; i < n; i++) {
            if (flock(fd, LOCK_EX) || flock(fd, LOCK_UN)) return 1;
        }
        close(fd);
    } else if (strcmp(argv[1], "spin") == 0) {
        tracebook_spin_loop(n);
    } else {
        return 2;
    }
    return 0;
}
