// SPDX-License-Identifier: GPL-2.0
/*
 * refconsumer - the C libbpf reference the Java benchmarks are compared with, measured in the same run.
 *
 *   refconsumer BPF_OBJECT LOADGEN rb-best|rb-default|perf-sampled|perf-default SECONDS [THREADS [COPIES]]
 *   refconsumer BPF_OBJECT LOADGEN drain RING_BYTES
 *   refconsumer BPF_OBJECT LOADGEN load RUNS
 *   refconsumer - - map ENTRIES RUNS
 *
 * Prints one line of key=value pairs (see each mode). Ingest modes start LOADGEN (with THREADS looping
 * threads, one per CPU, when given), load BPF_OBJECT filtering on its tgid, and consume until every
 * generated event is received or counted lost.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/perf_event.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#define GRACE_NS 2000000000LL /* after the generator stops, how long missing events may still arrive */

struct event {
	__u32 pid;
	__u32 cpu;
	__u64 ts_ns;
	char comm[16];
};

/*
 * The decoded events, one array per field: what a columnar consumer does with each record. Past its
 * capacity it stores from the start again, so every event costs the same work and memory stays bounded.
 */
struct columns {
	__u32 *pid;
	__u32 *cpu;
	__u64 *ts_ns;
	char (*comm)[16];
	long long capacity;
	long long count; /* where the next event is stored */
	long long received;
};

struct generator {
	pid_t pid;
	int tgid;
	FILE *out;
	FILE *in;
	long long generated;
	int done;
};

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void die(const char *what, int err)
{
	fprintf(stderr, "refconsumer: %s failed: %s\n", what, strerror(err < 0 ? -err : err));
	exit(1);
}

static void columns_init(struct columns *c, long long capacity)
{
	memset(c, 0, sizeof(*c));
	c->capacity = capacity;
	c->pid = calloc(capacity, sizeof(*c->pid));
	c->cpu = calloc(capacity, sizeof(*c->cpu));
	c->ts_ns = calloc(capacity, sizeof(*c->ts_ns));
	c->comm = calloc(capacity, sizeof(*c->comm));
	if (!c->pid || !c->cpu || !c->ts_ns || !c->comm)
		die("allocating the columns", ENOMEM);
	/* Touch every page now, so page faults are not counted as decoding time. */
	memset(c->pid, 1, capacity * sizeof(*c->pid));
	memset(c->cpu, 1, capacity * sizeof(*c->cpu));
	memset(c->ts_ns, 1, capacity * sizeof(*c->ts_ns));
	memset(c->comm, 1, capacity * sizeof(*c->comm));
}

static void columns_append(struct columns *c, const void *data, size_t size)
{
	const struct event *e = data;

	c->received++;
	if (size < sizeof(*e))
		return;
	if (c->count == c->capacity)
		c->count = 0;
	c->pid[c->count] = e->pid;
	c->cpu[c->count] = e->cpu;
	c->ts_ns[c->count] = e->ts_ns;
	memcpy(c->comm[c->count], e->comm, sizeof(e->comm));
	c->count++;
}

/*
 * Pages per CPU of a perf buffer, as Tracebook sizes them (EventStreams.perfPagesPerCpu): 64 MiB
 * shared by the CPUs, at least 256 KiB and at most 8 MiB each, rounded down to a power of two.
 */
static size_t perf_pages_per_cpu(void)
{
	long long bytes = (64LL << 20) / (libbpf_num_possible_cpus() > 0 ? libbpf_num_possible_cpus() : 1);
	size_t pages = 1;

	if (bytes < (256LL << 10))
		bytes = 256LL << 10;
	if (bytes > (8LL << 20))
		bytes = 8LL << 20;
	while (pages * 2 <= (size_t)(bytes / getpagesize()))
		pages *= 2;
	return pages;
}

static int on_ring_event(void *ctx, void *data, size_t size)
{
	columns_append(ctx, data, size);
	return 0;
}

static void on_perf_event(void *ctx, int cpu, void *data, __u32 size)
{
	columns_append(ctx, data, size);
}

static long long perf_lost;

static void on_perf_lost(void *ctx, int cpu, __u64 count)
{
	perf_lost += count;
}

static enum bpf_perf_event_ret on_perf_raw(void *ctx, int cpu, struct perf_event_header *header)
{
	struct raw_sample {
		struct perf_event_header header;
		__u32 size;
		char data[];
	} *sample = (void *)header;

	if (header->type == PERF_RECORD_SAMPLE)
		columns_append(ctx, sample->data, sample->size);
	else if (header->type == PERF_RECORD_LOST)
		perf_lost += ((struct { struct perf_event_header h; __u64 id, lost; } *)header)->lost;
	return LIBBPF_PERF_EVENT_CONT;
}

/*
 * MAX_CALLS "0": no limit; THREADS: looping threads, one per CPU. Spawned, not forked: a fork marks every
 * page of ours copy-on-write, and the pre-faulted columns would then fault again, page by page, while the
 * events are decoded into them.
 */
static void generator_start(struct generator *g, const char *path, const char *seconds, const char *max_calls,
			    const char *threads)
{
	int to_child[2], from_child[2];
	char *argv[] = { (char *)path, (char *)seconds, (char *)max_calls, (char *)threads, NULL };
	posix_spawn_file_actions_t actions;
	int err;

	memset(g, 0, sizeof(*g));
	if (pipe(to_child) || pipe(from_child))
		die("pipe", errno);
	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_adddup2(&actions, to_child[0], 0);
	posix_spawn_file_actions_adddup2(&actions, from_child[1], 1);
	posix_spawn_file_actions_addclose(&actions, to_child[1]);
	posix_spawn_file_actions_addclose(&actions, from_child[0]);
	err = posix_spawn(&g->pid, path, &actions, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&actions);
	if (err)
		die("spawning the load generator", err);
	close(to_child[0]);
	close(from_child[1]);
	g->in = fdopen(to_child[1], "w");
	g->out = fdopen(from_child[0], "r");
	if (fscanf(g->out, "pid %d", &g->tgid) != 1) { /* no trailing \n: scanf would wait for the next line */
		fprintf(stderr, "refconsumer: the load generator %s did not print its pid\n", path);
		exit(1);
	}
}

static void generator_go(struct generator *g)
{
	fputs("go\n", g->in);
	fflush(g->in);
}

/* Non-blocking: has the generator printed its count? */
static int generator_finished(struct generator *g)
{
	struct pollfd p = { .fd = fileno(g->out), .events = POLLIN };
	long long ns;

	if (g->done)
		return 1;
	if (poll(&p, 1, 0) <= 0)
		return 0;
	if (fscanf(g->out, " generated %lld ns %lld", &g->generated, &ns) != 2) {
		fprintf(stderr, "refconsumer: the load generator ended without printing its count\n");
		exit(1);
	}
	waitpid(g->pid, NULL, 0);
	g->done = 1;
	return 1;
}

/* The offset and size of global NAME in data section SECTION (".rodata", ".bss"), from the object's BTF. */
static const struct btf_var_secinfo *find_global(struct bpf_object *obj, const char *section, const char *name)
{
	struct btf *btf = bpf_object__btf(obj);
	int id = btf__find_by_name_kind(btf, section, BTF_KIND_DATASEC);
	const struct btf_type *sec = id > 0 ? btf__type_by_id(btf, id) : NULL;
	const struct btf_var_secinfo *var = sec ? btf_var_secinfos(sec) : NULL;

	for (int i = 0; sec && i < btf_vlen(sec); i++, var++) {
		if (!strcmp(btf__name_by_offset(btf, btf__type_by_id(btf, var->type)->name_off), name))
			return var;
	}
	fprintf(stderr, "refconsumer: no global '%s' in %s of the BPF object\n", name, section);
	exit(1);
}

static struct bpf_map *find_section_map(struct bpf_object *obj, const char *section)
{
	struct bpf_map *map;

	bpf_object__for_each_map(map, obj) {
		if (strstr(bpf_map__name(map), section))
			return map;
	}
	fprintf(stderr, "refconsumer: the BPF object has no %s map\n", section);
	exit(1);
}

/* Writes a const volatile global before load (little-endian: the low bytes of VALUE). */
static void set_rodata(struct bpf_object *obj, const char *name, __u64 value)
{
	const struct btf_var_secinfo *var = find_global(obj, ".rodata", name);
	size_t size;
	char *data = (char *)bpf_map__initial_value(find_section_map(obj, ".rodata"), &size);

	memcpy(data + var->offset, &value, var->size);
}

/*
 * The drops counter, read from the kernel's .bss. (libbpf 1.1 maps .bss to the kernel's memory only
 * for skeletons; bpf_map__initial_value would return a stale copy here.)
 */
static long long read_drops(struct bpf_object *obj)
{
	const struct btf_var_secinfo *var = find_global(obj, ".bss", "drops");
	struct bpf_map *bss = find_section_map(obj, ".bss");
	char value[bpf_map__value_size(bss)];
	__u32 key = 0;
	long long drops;

	if (bpf_map_lookup_elem(bpf_map__fd(bss), &key, value))
		die("reading .bss", errno);
	memcpy(&drops, value + var->offset, sizeof(drops));
	return drops;
}

static struct bpf_object *open_object(const char *path, __u32 tgid, __u32 use_perf, __u64 submit_flags,
				      __u32 copies, __u32 ring_bytes)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);

	if (!obj)
		die("bpf_object__open_file", errno);
	set_rodata(obj, "target_tgid", tgid);
	set_rodata(obj, "use_perf", use_perf);
	set_rodata(obj, "submit_flags", submit_flags);
	set_rodata(obj, "copies", copies);
	if (ring_bytes)
		bpf_map__set_max_entries(bpf_object__find_map_by_name(obj, "events"), ring_bytes);
	if (bpf_object__load(obj))
		die("bpf_object__load", errno);
	return obj;
}

static struct bpf_link *attach(struct bpf_object *obj)
{
	struct bpf_link *link = bpf_program__attach(bpf_object__find_program_by_name(obj, "on_getppid"));

	if (!link)
		die("bpf_program__attach", errno);
	return link;
}

enum ingest_mode { RB_BEST, RB_DEFAULT, PERF_SAMPLED, PERF_DEFAULT };

/* COPIES > 1 (ring modes): each getppid() emits that many events (a flood faster than the generator). */
static int ingest(const char *object, const char *loadgen, enum ingest_mode mode, const char *mode_name,
		  const char *seconds, const char *threads, __u32 copies)
{
	struct generator g;
	struct columns c;
	struct ring_buffer *rb = NULL;
	struct perf_buffer *pb = NULL;
	int perf = mode == PERF_SAMPLED || mode == PERF_DEFAULT;
	long long start, last = 0, finished_at = 0, lost;

	columns_init(&c, 1 << 22);
	generator_start(&g, loadgen, seconds, "0", threads);
	struct bpf_object *obj = open_object(object, g.tgid, perf, mode == RB_BEST ? BPF_RB_NO_WAKEUP : 0, copies, 0);
	int map_fd = bpf_object__find_map_fd_by_name(obj, perf ? "perf_events" : "events");

	if (mode == PERF_SAMPLED) {
		struct perf_event_attr attr = {
			.type = PERF_TYPE_SOFTWARE,
			.config = PERF_COUNT_SW_BPF_OUTPUT,
			.sample_type = PERF_SAMPLE_RAW,
			.sample_period = 1,
			/* Tracebook's setting: wake when a CPU's buffer is half full (perf's watermark). */
			.watermark = 1,
			.wakeup_watermark = perf_pages_per_cpu() * getpagesize() / 2,
		};
		pb = perf_buffer__new_raw(map_fd, perf_pages_per_cpu(), &attr, on_perf_raw, &c, NULL);
	} else if (mode == PERF_DEFAULT) {
		pb = perf_buffer__new(map_fd, perf_pages_per_cpu(), on_perf_event, on_perf_lost, &c, NULL);
	} else {
		rb = ring_buffer__new(map_fd, on_ring_event, &c, NULL);
	}
	if (!rb && !pb)
		die(perf ? "perf_buffer__new" : "ring_buffer__new", errno);
	struct bpf_link *link = attach(obj);

	start = now_ns();
	generator_go(&g);
	for (;;) {
		long long before = c.received;
		int err;

		if (mode == RB_BEST) {
			err = ring_buffer__consume(rb);
			if (err >= 0)
				usleep(1000);
		} else if (rb) {
			err = ring_buffer__poll(rb, 10);
		} else {
			err = perf_buffer__poll(pb, 10);
			/* Watermark wakeups leave up to half a buffer per CPU unannounced: read it without a wakeup. */
			if (err >= 0 && g.done)
				err = perf_buffer__consume(pb);
		}
		if (err < 0 && err != -EINTR)
			die("consuming", err);
		if (c.received != before)
			last = now_ns();
		if (generator_finished(&g)) {
			if (!finished_at)
				finished_at = now_ns();
			lost = read_drops(obj) + perf_lost;
			if (c.received + lost >= g.generated * copies || now_ns() - finished_at > GRACE_NS)
				break;
		}
	}
	lost = read_drops(obj) + perf_lost;
	printf("mode=%s generated=%lld received=%lld lost=%lld seconds=%.6f events_per_sec=%.0f\n", mode_name,
	       g.generated * copies, c.received, lost, (last - start) / 1e9, c.received / ((last - start) / 1e9));
	bpf_link__destroy(link);
	ring_buffer__free(rb);
	perf_buffer__free(pb);
	bpf_object__close(obj);
	return 0;
}

/* Fills a ring of RING_BYTES without a reader, then times one ring_buffer__consume of all of it. */
static int drain(const char *object, const char *loadgen, const char *ring_bytes_arg)
{
	const __u32 copies = 1000;
	const long long record_bytes = sizeof(struct event) + 8; /* BPF_RINGBUF_HDR_SZ, 8-byte aligned */
	long long ring_bytes = atoll(ring_bytes_arg);
	long long calls = ring_bytes / record_bytes / copies;
	char calls_arg[32];
	struct generator g;
	struct columns c;

	snprintf(calls_arg, sizeof(calls_arg), "%lld", calls);
	columns_init(&c, calls * copies);
	generator_start(&g, loadgen, "60", calls_arg, "1");
	struct bpf_object *obj = open_object(object, g.tgid, 0, 0, copies, ring_bytes);
	struct ring_buffer *rb = ring_buffer__new(bpf_object__find_map_fd_by_name(obj, "events"), on_ring_event, &c, NULL);

	if (!rb)
		die("ring_buffer__new", errno);
	struct bpf_link *link = attach(obj);

	generator_go(&g);
	while (!generator_finished(&g))
		usleep(1000);
	bpf_link__destroy(link);
	long long start = now_ns();
	int n = ring_buffer__consume(rb);
	long long ns = now_ns() - start;

	if (n < 0)
		die("ring_buffer__consume", n);
	printf("mode=drain generated=%lld received=%lld lost=%lld seconds=%.6f events_per_sec=%.0f\n",
	       g.generated * copies, c.received, read_drops(obj), ns / 1e9, c.received / (ns / 1e9));
	ring_buffer__free(rb);
	bpf_object__close(obj);
	return 0;
}

static int compare_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

static long long median(long long *values, int n)
{
	qsort(values, n, sizeof(*values), compare_ll);
	return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* bpf_object__open_file + load + attach of an object already on disk: what a cached re-run costs in C. */
static int load(const char *object, int runs)
{
	long long times[runs];

	for (int i = 0; i < runs; i++) {
		long long start = now_ns();
		struct bpf_object *obj = open_object(object, 1, 0, 0, 1, 0);
		struct bpf_link *link = attach(obj);

		times[i] = now_ns() - start;
		bpf_link__destroy(link);
		bpf_object__close(obj);
	}
	printf("mode=load runs=%d median_seconds=%.6f\n", runs, median(times, runs) / 1e9);
	return 0;
}

/* A u32 -> u64 hash map of ENTRIES keys, read whole with bpf_map_lookup_batch. */
static int map_read(int entries, int runs)
{
	int fd = bpf_map_create(BPF_MAP_TYPE_HASH, "bench_counts", sizeof(__u32), sizeof(__u64), 10240, NULL);
	__u32 *keys = calloc(entries, sizeof(*keys));
	__u64 *values = calloc(entries, sizeof(*values));
	long long times[runs];
	long long read = 0;

	if (fd < 0)
		die("bpf_map_create", errno);
	for (__u32 k = 0; k < (__u32)entries; k++) {
		__u64 v = k * 3;

		if (bpf_map_update_elem(fd, &k, &v, BPF_ANY))
			die("bpf_map_update_elem", errno);
	}
	for (int i = 0; i < runs; i++) {
		long long start = now_ns();
		__u32 out_batch, count;
		void *in = NULL;
		int err;

		read = 0;
		do {
			count = entries - read;
			err = bpf_map_lookup_batch(fd, in, &out_batch, keys + read, values + read, &count, NULL);
			if (err && errno != ENOENT)
				die("bpf_map_lookup_batch", errno);
			read += count;
			in = &out_batch;
		} while (!err && read < entries);
		times[i] = now_ns() - start;
	}
	printf("mode=map entries=%lld runs=%d median_seconds=%.6f\n", read, runs, median(times, runs) / 1e9);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	static const char *modes[] = { "rb-best", "rb-default", "perf-sampled", "perf-default" };

	if (argc < 5) {
		fprintf(stderr, "usage: refconsumer BPF_OBJECT LOADGEN MODE ARGS... (see refconsumer.c)\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	for (int m = 0; m < 4; m++) {
		if (!strcmp(argv[3], modes[m]))
			return ingest(argv[1], argv[2], m, modes[m], argv[4], argc > 5 ? argv[5] : "1",
				      argc > 6 ? (__u32)atoi(argv[6]) : 1);
	}
	if (!strcmp(argv[3], "drain"))
		return drain(argv[1], argv[2], argv[4]);
	if (!strcmp(argv[3], "load"))
		return load(argv[1], atoi(argv[4]));
	if (!strcmp(argv[3], "map") && argc == 6)
		return map_read(atoi(argv[4]), atoi(argv[5]));
	fprintf(stderr, "refconsumer: unknown mode '%s' (rb-best, rb-default, perf-sampled, perf-default, drain, load, map)\n", argv[3]);
	return 2;
}
