/*
 * The real-world tool tests' workload: does exactly what it is told, so that a test knows what each tool
 * must see. It prints "ready <pid>" (and what it set up, e.g. its ports) and waits for a line on stdin
 * before it starts, so that the tools under test can be loaded with its pid as their filter first.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void nap_us(long us) {
    struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
    nanosleep(&ts, NULL);
}

static void spin_us(long us) {
    long end = now_us() + us;
    volatile unsigned long x = 0;
    while (now_us() < end) x = x * 31 + 7;
}

static void await_go(void) {
    char line[16];
    printf("ready %d\n", getpid());
    fflush(stdout);
    if (!fgets(line, sizeof(line), stdin)) exit(3);
}

static int open_n(char **argv) {
    long n = atol(argv[0]), m = atol(argv[2]);
    await_go();
    for (long i = 0; i < n; i++) {
        int fd = open(argv[1], O_RDONLY);
        if (fd < 0) return 1;
        close(fd);
    }
    for (long i = 0; i < m; i++) {
        if (open(argv[3], O_RDONLY) >= 0) return 1;
    }
    return 0;
}

static int exec_n(char **argv) {
    long n = atol(argv[0]);
    await_go();
    for (long i = 0; i < n; i++) {
        pid_t child = fork();
        if (child == 0) {
            int null = open("/dev/null", O_WRONLY);
            dup2(null, 1);
            execv(argv[1], argv + 1);
            _exit(127);
        }
        int status;
        if (child < 0 || waitpid(child, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return 1;
    }
    return 0;
}

/* N rounds: run on the CPU for RUN_US, then sleep SLEEP_US (nanosleep). */
static int run_sleep(char **argv) {
    long n = atol(argv[0]), run = atol(argv[1]), sleep = atol(argv[2]);
    await_go();
    for (long i = 0; i < n; i++) {
        if (run > 0) spin_us(run);
        nap_us(sleep);
    }
    return 0;
}

static int getppid_n(char **argv) {
    long n = atol(argv[0]);
    await_go();
    for (long i = 0; i < n; i++) getppid();
    return 0;
}

/* N O_DIRECT reads of BYTES from PATH at consecutive offsets, one at a time. */
static int direct_reads(char **argv) {
    long n = atol(argv[1]), bytes = atol(argv[2]);
    int fd = open(argv[0], O_RDONLY | O_DIRECT);
    void *buffer;
    if (fd < 0 || posix_memalign(&buffer, 4096, bytes)) return 1;
    await_go();
    for (long i = 0; i < n; i++) {
        if (pread(fd, buffer, bytes, i * bytes) != bytes) return 1;
    }
    return 0;
}

/* Writes to N fresh pages: N page faults. */
static int touch_pages(char **argv) {
    long n = atol(argv[0]);
    await_go();
    volatile char *pages = mmap(NULL, n * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (pages == MAP_FAILED) return 1;
    for (long i = 0; i < n; i++) pages[i * 4096] = 1;
    return 0;
}

static long spin_ms;

static void *spinner(void *name) {
    pthread_setname_np(pthread_self(), name);
    spin_us(spin_ms * 1000);
    return NULL;
}

/* THREADS busy threads named rw-spin-<i>, all on CPU 0, for MS milliseconds: each waits for the others. */
static int spin_threads(char **argv) {
    int threads = atoi(argv[0]);
    spin_ms = atol(argv[1]);
    cpu_set_t cpu0;
    CPU_ZERO(&cpu0);
    CPU_SET(0, &cpu0);
    if (sched_setaffinity(0, sizeof(cpu0), &cpu0)) return 1;
    await_go();
    pthread_t ids[threads];
    char names[threads][24];
    for (int i = 0; i < threads; i++) {
        snprintf(names[i], sizeof(names[i]), "rw-spin-%d", i);
        if (pthread_create(&ids[i], NULL, spinner, names[i])) return 1;
    }
    for (int i = 0; i < threads; i++) pthread_join(ids[i], NULL);
    return 0;
}

/* The loopback address of FAMILY with PORT; returns its length. */
static socklen_t loopback(int family, int port, struct sockaddr_storage *addr) {
    memset(addr, 0, sizeof(*addr));
    if (family == AF_INET) {
        struct sockaddr_in *in = (struct sockaddr_in *)addr;
        in->sin_family = AF_INET;
        in->sin_port = htons(port);
        in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return sizeof(*in);
    }
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)addr;
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(port);
    in6->sin6_addr = in6addr_loopback;
    return sizeof(*in6);
}

static int listener(int family, int *port) {
    int s = socket(family, SOCK_STREAM, 0);
    struct sockaddr_storage addr;
    socklen_t length = loopback(family, 0, &addr);
    if (s < 0 || bind(s, (struct sockaddr *)&addr, length) || listen(s, 16) || getsockname(s, (struct sockaddr *)&addr, &length)) exit(1);
    *port = ntohs(family == AF_INET ? ((struct sockaddr_in *)&addr)->sin_port : ((struct sockaddr_in6 *)&addr)->sin6_port);
    return s;
}

static void transfer(int fd, long send, long receive) {
    static char buffer[65536];
    long sent = 0, received = 0;
    while (sent < send) {
        long n = write(fd, buffer, send - sent > (long)sizeof(buffer) ? (long)sizeof(buffer) : send - sent);
        if (n <= 0) exit(1);
        sent += n;
    }
    while (received < receive) {
        long n = read(fd, buffer, sizeof(buffer));
        if (n <= 0) exit(1);
        received += n;
    }
}

struct server_args { int listener; int connections; };

/* Accepts connections in turn: the k-th (from 1) gets k x 8 KiB from the client and sends k x 64 KiB back. */
static void *serve(void *p) {
    struct server_args *a = p;
    for (int k = 1; k <= a->connections; k++) {
        int c = accept(a->listener, NULL, NULL);
        if (c < 0) exit(1);
        long in = k * 8192L, got = 0;
        static char buffer[65536];
        while (got < in) {
            long n = read(c, buffer, sizeof(buffer));
            if (n <= 0) exit(1);
            got += n;
        }
        transfer(c, k * 65536L, 0);
        close(c);
    }
    return NULL;
}

static void connect_to(int family, int port, int k) {
    int s = socket(family, SOCK_STREAM, 0);
    struct sockaddr_storage addr;
    socklen_t length = loopback(family, port, &addr);
    if (s < 0 || connect(s, (struct sockaddr *)&addr, length)) exit(1);
    transfer(s, k * 8192L, k * 65536L);
    close(s);
}

/* N connections over IPv4 and N over IPv6 on loopback, each to a listener of this process. */
static int tcp(char **argv) {
    int n = atoi(argv[0]), port4, port6;
    struct server_args v4 = {listener(AF_INET, &port4), n}, v6 = {listener(AF_INET6, &port6), n};
    printf("ports %d %d\n", port4, port6);
    await_go();
    pthread_t t4, t6;
    pthread_create(&t4, NULL, serve, &v4);
    pthread_create(&t6, NULL, serve, &v6);
    for (int k = 1; k <= n; k++) {
        connect_to(AF_INET, port4, k);
        connect_to(AF_INET6, port6, k);
    }
    pthread_join(t4, NULL);
    pthread_join(t6, NULL);
    return 0;
}

int main(int argc, char **argv) {
    static const struct { const char *mode; int args; int (*run)(char **); } modes[] = {
        {"open", 4, open_n}, {"exec", 2, exec_n}, {"run-sleep", 3, run_sleep}, {"getppid", 1, getppid_n},
        {"direct-reads", 3, direct_reads}, {"spin", 2, spin_threads}, {"tcp", 1, tcp}, {"touch", 1, touch_pages},
    };
    for (unsigned i = 0; argc > 1 && i < sizeof(modes) / sizeof(modes[0]); i++) {
        if (strcmp(argv[1], modes[i].mode) == 0 && argc - 2 >= modes[i].args) return modes[i].run(argv + 2);
    }
    fprintf(stderr, "usage: %s open N PATH M MISSING | exec N PROG [ARG...] | run-sleep N RUN_US SLEEP_US | getppid N\n"
                    "       | direct-reads PATH N BYTES | spin THREADS MS | tcp N | touch N\n", argv[0]);
    return 2;
}
