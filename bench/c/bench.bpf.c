// SPDX-License-Identifier: GPL-2.0
/*
 * The C reference's BPF side: one event per getppid() of the load generator, written to a ring
 * buffer or a perf buffer. The user space (refconsumer.c) picks the channel and submit flags
 * through the const volatile globals before load.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

/* The same 32-byte struct the Java benchmarks' snippets use. */
struct event {
	__u32 pid;
	__u32 cpu;
	__u64 ts_ns;
	char comm[16];
};

/* Tracebook's default RINGBUF size (TRACEBOOK_RINGBUF_BYTES in tracebook.h): keep the two equal. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(int));
} perf_events SEC(".maps");

const volatile __u32 target_tgid = 0;
const volatile __u32 use_perf = 0;
const volatile __u64 submit_flags = 0;
/* Events per getppid(): more than one fills a big ring quickly for the drain benchmark. */
const volatile __u32 copies = 1;

__u64 drops = 0;

static void emit_ring(void)
{
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (!e) {
		__sync_fetch_and_add(&drops, 1);
		return;
	}
	e->pid = target_tgid;
	e->cpu = bpf_get_smp_processor_id();
	e->ts_ns = bpf_ktime_get_ns();
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_ringbuf_submit(e, submit_flags);
}

static void emit_perf(void *ctx)
{
	struct event e = {};

	e.pid = target_tgid;
	e.cpu = bpf_get_smp_processor_id();
	e.ts_ns = bpf_ktime_get_ns();
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	/* -ENOENT: no reader yet (the kernel counts nothing); a full buffer the kernel reports itself. */
	if (bpf_perf_event_output(ctx, &perf_events, BPF_F_CURRENT_CPU, &e, sizeof(e)) == -2)
		__sync_fetch_and_add(&drops, 1);
}

static long emit_ring_copy(__u64 index, void *unused)
{
	emit_ring();
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int on_getppid(void *ctx)
{
	if (bpf_get_current_pid_tgid() >> 32 != target_tgid)
		return 0;
	if (use_perf)
		emit_perf(ctx);
	else if (copies == 1)
		emit_ring();
	else
		bpf_loop(copies, emit_ring_copy, NULL, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
