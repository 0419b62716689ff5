// SPDX-License-Identifier: GPL-2.0
/*
 * loadgen - the benchmark's event source: getppid() in a tight loop.
 *
 *   loadgen SECONDS [MAX_CALLS [THREADS]]
 *
 * Prints "pid <tgid>" and waits for a line on stdin, so the consumer can load its BPF program with
 * this tgid as a filter before the first event; then calls getppid() for SECONDS (or until
 * MAX_CALLS calls, whichever comes first; 0 is no limit) and prints
 * "generated <calls> ns <nanoseconds>". Each call is one sys_enter_getppid tracepoint hit.
 *
 * THREADS > 1 runs that many looping threads of the one process, thread i pinned to CPU i (modulo the
 * CPUs): one generator per CPU, so the consumer has no idle CPU of its own and the ring is written from
 * every CPU at once. MAX_CALLS is then per thread; the calls printed are all threads', the nanoseconds
 * the longest thread's.
 *
 * One thread (THREADS 1) is pinned too, to the last CPU: the same CPU under the generator in every run, on
 * both sides of a comparison. The development VM's two vCPUs run this loop at 0.84-0.86 and 1.02-1.03 M
 * calls/s (taskset, 2026-12-07), and an unpinned generator landing on one or the other made a row's runs
 * bimodal (0.51 or 0.64-0.71 M events/s in one invocation), so its median ratio said where the generators
 * ran. The last CPU: the first is where interrupts and housekeeping tend to go.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* Reading the clock every call would cost as much as the syscall itself. */
#define CALLS_BETWEEN_CLOCK_READS 1024
#define MAX_THREADS 256

struct loop {
	pthread_t thread;
	int cpu;
	double seconds;
	long long max_calls; /* <= 0: no limit */
	long long calls;
	long long ns;
};

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void *run(void *arg)
{
	struct loop *l = arg;
	long long start, end, deadline, calls = 0;

	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(l->cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		perror("loadgen: sched_setaffinity");
	start = now_ns();
	deadline = start + (long long)(l->seconds * 1e9);
	do {
		long long batch = CALLS_BETWEEN_CLOCK_READS;

		if (l->max_calls > 0 && l->max_calls - calls < batch)
			batch = l->max_calls - calls;
		for (long long i = 0; i < batch; i++)
			syscall(SYS_getppid); /* glibc's getppid() is a plain syscall too; this keeps it explicit */
		calls += batch;
		end = now_ns();
	} while (end < deadline && calls != l->max_calls);
	l->calls = calls;
	l->ns = end - start;
	return NULL;
}

int main(int argc, char **argv)
{
	static struct loop loops[MAX_THREADS];
	char line[16];
	double seconds;
	long long max_calls = 0, calls = 0, ns = 0;
	int threads = 1;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (argc < 2 || argc > 4 || (seconds = atof(argv[1])) <= 0 || (argc >= 3 && (max_calls = atoll(argv[2])) < 0) ||
	    (argc == 4 && ((threads = atoi(argv[3])) < 1 || threads > MAX_THREADS))) {
		fprintf(stderr, "usage: loadgen SECONDS [MAX_CALLS [THREADS]] (MAX_CALLS 0: no limit; THREADS 1 to %d)\n",
			MAX_THREADS);
		return 2;
	}
	printf("pid %d\n", getpid());
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin)) {
		fprintf(stderr, "loadgen: stdin closed before the go line; nothing generated\n");
		return 1;
	}
	for (int i = 0; i < threads; i++) {
		loops[i] = (struct loop){ .cpu = threads > 1 ? i % (int)cpus : (int)cpus - 1, .seconds = seconds, .max_calls = max_calls };
		if (threads == 1)
			run(&loops[i]);
		else if (pthread_create(&loops[i].thread, NULL, run, &loops[i])) {
			perror("loadgen: pthread_create");
			return 1;
		}
	}
	for (int i = 0; i < threads; i++) {
		if (threads > 1)
			pthread_join(loops[i].thread, NULL);
		calls += loops[i].calls;
		if (loops[i].ns > ns)
			ns = loops[i].ns;
	}
	printf("generated %lld ns %lld\n", calls, ns);
	fflush(stdout);
	return 0;
}
