/*
 * tracepoint:syscalls:sys_exit_read /pid == pid_eq/ { @ = hist(args.ret); }
 *
 * What bpftrace would run, written out by Tracebook's one-liner DSL with tracebook.h's macros.
 * Set before load: pid_eq (const volatile: another value re-uses this compiled object).
 */

/* tracepoint:syscalls:sys_exit_read: the record its programs see, from events/syscalls/sys_exit_read/format in tracefs */
struct tp_syscalls_sys_exit_read {
	u16 common_type;	/* unsigned short */
	u8 common_flags;	/* unsigned char */
	u8 common_preempt_count;	/* unsigned char */
	s32 common_pid;	/* int */
	s32 __syscall_nr;	/* int */
	u8 __pad_12[4];
	s64 ret;	/* long */
};

const volatile u32 pid_eq = 0;

HIST_LOG2(hist);		/* a per-CPU counter per power-of-two bucket, bpftrace's hist() */

SEC("tracepoint/syscalls/sys_exit_read")
int on_sys_exit_read(void *ctx)
{
	struct tp_syscalls_sys_exit_read *args = ctx;
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	if (!(pid == pid_eq))
		return 0;
	hist_log2_add(&hist, args->ret);
	return 0;
}
