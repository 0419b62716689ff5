/*
 * tracepoint:syscalls:sys_exit_read { @ = lhist(args.ret, 0, 2000, 200); }
 *
 * What bpftrace would run, written out by Tracebook's one-liner DSL with tracebook.h's macros.
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

PERCPU_ARRAY(lhist, s64, 12);	/* a per-CPU counter per bucket: below 0, 10 of 200, from 2000 up */

SEC("tracepoint/syscalls/sys_exit_read")
int on_sys_exit_read(void *ctx)
{
	struct tp_syscalls_sys_exit_read *args = ctx;
	u32 key = tracebook_linear_index(args->ret, 0, 2000, 200);
	percpu_sum_add(&lhist, &key, 1);
	return 0;
}
