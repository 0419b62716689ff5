// SPDX-License-Identifier: GPL-2.0
/*
 * loadgen - the benchmark's event source: getppid() in a tight loop on one thread.
 *
 *   loadgen SECONDS [MAX_CALLS]
 *
 * Prints "pid <tgid>" and waits for a line on stdin, so the consumer can load its BPF program with
 * this tgid as a filter before the first event; then calls getppid() for SECONDS (or until
 * MAX_CALLS calls, whichever comes first) and prints
 * "generated <calls> ns <nanoseconds>". Each call is one sys_enter_getppid tracepoint hit.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* Reading the clock every call would cost as much as the syscall itself. */
#define CALLS_BETWEEN_CLOCK_READS 1024

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	char line[16];
	double seconds;
	long long start, end, deadline, calls = 0, max_calls = -1;

	if (argc < 2 || argc > 3 || (seconds = atof(argv[1])) <= 0 || (argc == 3 && (max_calls = atoll(argv[2])) <= 0)) {
		fprintf(stderr, "usage: loadgen SECONDS [MAX_CALLS] (positive numbers)\n");
		return 2;
	}
	printf("pid %d\n", getpid());
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin)) {
		fprintf(stderr, "loadgen: stdin closed before the go line; nothing generated\n");
		return 1;
	}
	start = now_ns();
	deadline = start + (long long)(seconds * 1e9);
	do {
		long long batch = CALLS_BETWEEN_CLOCK_READS;

		if (max_calls > 0 && max_calls - calls < batch)
			batch = max_calls - calls;
		for (long long i = 0; i < batch; i++)
			syscall(SYS_getppid); /* glibc's getppid() is a plain syscall too; this keeps it explicit */
		calls += batch;
		end = now_ns();
	} while (end < deadline && calls != max_calls);
	printf("generated %lld ns %lld\n", calls, end - start);
	fflush(stdout);
	return 0;
}
