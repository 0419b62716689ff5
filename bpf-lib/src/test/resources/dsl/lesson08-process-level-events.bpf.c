/*
 * tracepoint:sched:sched_process_e* { @[probe] = count(); }
 *
 * What bpftrace would run, written out by Tracebook's one-liner DSL with tracebook.h's macros.
 */

struct counts_key {
	u32 probe;
};
PERCPU_HASH(counts, struct counts_key, s64, 4096);	/* per key and CPU; the CPUs are combined when read */

SEC("tracepoint/sched/sched_process_exec")
int on_sched_process_exec(void *ctx)
{
	struct counts_key key = {};
	key.probe = 0;
	percpu_sum_add(&counts, &key, 1);
	return 0;
}

SEC("tracepoint/sched/sched_process_exit")
int on_sched_process_exit(void *ctx)
{
	struct counts_key key = {};
	key.probe = 1;
	percpu_sum_add(&counts, &key, 1);
	return 0;
}
