/*
 * tracepoint:raw_syscalls:sys_enter /!(comm == comm_eq)/ { @[comm] = count(); } interval:s:1 { print(@); clear(@); }
 *
 * What bpftrace would run, written out by Tracebook's one-liner DSL with tracebook.h's macros.
 * Set before load: comm_eq, interval_ns (const volatile: another value re-uses this compiled object).
 */

const volatile char comm_eq[16] = {};
const volatile u64 interval_ns = 0;

struct counts_key {
	char comm[16];
	u64 interval;
};
PERCPU_HASH(counts, struct counts_key, s64, 4096);	/* per key and CPU; the CPUs are combined when read */

SEC("tracepoint/raw_syscalls/sys_enter")
int on_sys_enter(void *ctx)
{
	char comm[16];
	bpf_get_current_comm(comm, sizeof(comm));
	if (!(!tracebook_str_eq(comm, comm_eq, 16)))
		return 0;
	struct counts_key key = {};
	__builtin_memcpy(key.comm, comm, sizeof(key.comm));
	key.interval = bpf_ktime_get_ns() / interval_ns;
	percpu_sum_add(&counts, &key, 1);
	return 0;
}
