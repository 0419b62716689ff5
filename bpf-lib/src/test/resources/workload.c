/* A workload the tests drive: does exactly what it is told, so the tests know what the kernel saw. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
    if (argc < 3) {
        fprintf(stderr, "usage: workload getppid|setjmp|open N [path] | spin MS\n");
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
    } else if (strcmp(argv[1], "spin") == 0) {
        tracebook_spin_loop(n);
    } else {
        return 2;
    }
    return 0;
}
