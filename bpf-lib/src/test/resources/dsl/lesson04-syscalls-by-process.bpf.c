/*
 * tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }
 *
 * What bpftrace would run, written out by Tracebook's one-liner DSL with tracebook.h's macros.
 */

struct counts_key {
	char comm[16];
};
PERCPU_HASH(counts, struct counts_key, s64, 4096);	/* per key and CPU; the CPUs are combined when read */

SEC("tracepoint/raw_syscalls/sys_enter")
int on_sys_enter(void *ctx)
{
	char comm[16];
	bpf_get_current_comm(comm, sizeof(comm));
	struct counts_key key = {};
	__builtin_memcpy(key.comm, comm, sizeof(key.comm));
	percpu_sum_add(&counts, &key, 1);
	return 0;
}
