/*
 * tracepoint:sched:sched_switch { @[kstack] = count(); }
 *
 * What bpftrace would run, written out by Tracebook's one-liner DSL with tracebook.h's macros.
 */

struct counts_key {
	s32 kstack;
};
PERCPU_HASH(counts, struct counts_key, s64, 4096);	/* per key and CPU; the CPUs are combined when read */
STACK_TRACE(stacks, 16384);	/* kstack()/ustack() ids; their frames are named when read */

SEC("tracepoint/sched/sched_switch")
int on_sched_switch(void *ctx)
{
	s32 kstack = bpf_get_stackid(ctx, &stacks, 0);
	struct counts_key key = {};
	key.kstack = kstack;
	percpu_sum_add(&counts, &key, 1);
	return 0;
}
