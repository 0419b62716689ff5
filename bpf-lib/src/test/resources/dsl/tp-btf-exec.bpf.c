/*
 * tp_btf:sched_process_exec { print((args.old_pid, str(args.bprm->filename))); }
 *
 * What bpftrace would run, written out by Tracebook's one-liner DSL with tracebook.h's macros.
 */

struct event {
	s32 old_pid;
	char filename[64];
};
RINGBUF(events);		/* one event per run, read as a Table with these columns */

SEC("tp_btf/sched_process_exec")
int BPF_PROG(on_sched_process_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	char filename[64] = {};
	bpf_probe_read_kernel_str(filename, sizeof(filename), BPF_CORE_READ(bprm, filename));
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;	/* the ring is full: tracebook.h counts the event as lost */
	e->old_pid = old_pid;
	__builtin_memcpy(e->filename, filename, sizeof(e->filename));
	bpf_ringbuf_submit(e, 0);
	return 0;
}
