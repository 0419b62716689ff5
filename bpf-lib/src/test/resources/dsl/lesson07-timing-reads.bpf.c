/*
 * tracepoint:syscalls:sys_enter_read { @start[tid] = nsecs; } tracepoint:syscalls:sys_exit_read /@start[tid]/ { @[comm] = hist((nsecs - @start[tid])); delete(@start[tid]); }
 *
 * What bpftrace would run, written out by Tracebook's one-liner DSL with tracebook.h's macros.
 */

struct hist_key {
	char comm[16];
	u32 bucket;
};
PERCPU_HASH(hist, struct hist_key, s64, 4096);	/* per key and CPU; the CPUs are combined when read */
HASH(start, u32, u64, 4096);	/* tid() -> when its start fired (bpftrace's @start[tid]) */

SEC("tracepoint/syscalls/sys_exit_read")
int on_sys_exit_read(void *ctx)
{
	u32 tid = bpf_get_current_pid_tgid();
	u32 match = tid;
	u64 *started = bpf_map_lookup_elem(&start, &match);
	if (!started)
		return 0;	/* its start was not seen: bpftrace's /@start[tid]/ */
	s64 elapsed = bpf_ktime_get_ns() - *started;
	bpf_map_delete_elem(&start, &match);
	char comm[16];
	bpf_get_current_comm(comm, sizeof(comm));
	struct hist_key key = {};
	__builtin_memcpy(key.comm, comm, sizeof(key.comm));
	key.bucket = tracebook_log2_index(elapsed);
	percpu_sum_add(&hist, &key, 1);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_read")
int on_sys_enter_read(void *ctx)
{
	u32 tid = bpf_get_current_pid_tgid();
	u32 match = tid;
	u64 now = bpf_ktime_get_ns();
	if (bpf_map_update_elem(&start, &match, &now, BPF_ANY))
		__sync_fetch_and_add(&tracebook_map_full, 1);	/* the map is full: counted, reported */
	return 0;
}
