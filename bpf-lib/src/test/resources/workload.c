/* A workload the tests drive: does exactly what it is told, so the tests know what the kernel saw. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: workload getppid|setjmp|open N [path]\n");
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
    } else {
        return 2;
    }
    return 0;
}
