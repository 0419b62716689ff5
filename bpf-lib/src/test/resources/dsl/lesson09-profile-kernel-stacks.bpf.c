/*
 * profile:hz:99 { @[kstack] = count(); }
 *
 * What bpftrace would run, written out by Tracebook's one-liner DSL with tracebook.h's macros.
 */

struct counts_key {
	s32 kstack;
};
PERCPU_HASH(counts, struct counts_key, s64, 4096);	/* per key and CPU; the CPUs are combined when read */
STACK_TRACE(stacks, 16384);	/* kstack()/ustack() ids; their frames are named when read */

SEC("perf_event")
int on_profile(struct bpf_perf_event_data *ctx)
{
	s32 kstack = bpf_get_stackid(ctx, &stacks, 0);
	struct counts_key key = {};
	key.kstack = kstack;
	percpu_sum_add(&counts, &key, 1);
	return 0;
}
