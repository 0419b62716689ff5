/*
 * uprobe:libc:malloc /arg0 > arg0_gt/ { @[ustack] = sum(arg0); }
 *
 * What bpftrace would run, written out by Tracebook's one-liner DSL with tracebook.h's macros.
 * Set before load: arg0_gt (const volatile: another value re-uses this compiled object).
 */

const volatile u64 arg0_gt = 0;

struct sums_key {
	s32 ustack;
	u32 pid;
};
PERCPU_HASH(sums, struct sums_key, s64, 4096);	/* per key and CPU; the CPUs are combined when read */
STACK_TRACE(stacks, 16384);	/* kstack()/ustack() ids; their frames are named when read */

SEC("uprobe")
int on_malloc(struct pt_regs *ctx)
{
	if (!(PT_REGS_PARM1(ctx) > arg0_gt))
		return 0;
	s32 ustack = bpf_get_stackid(ctx, &stacks, BPF_F_USER_STACK);
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	struct sums_key key = {};
	key.ustack = ustack;
	key.pid = pid;
	percpu_sum_add(&sums, &key, PT_REGS_PARM1(ctx));
	return 0;
}
