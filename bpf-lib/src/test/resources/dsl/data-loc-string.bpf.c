/*
 * tracepoint:sched:sched_process_exec { print((pid, str(args.filename))); }
 *
 * What bpftrace would run, written out by Tracebook's one-liner DSL with tracebook.h's macros.
 */

/* tracepoint:sched:sched_process_exec: the record its programs see, from events/sched/sched_process_exec/format in tracefs */
struct tp_sched_sched_process_exec {
	u16 common_type;	/* unsigned short */
	u8 common_flags;	/* unsigned char */
	u8 common_preempt_count;	/* unsigned char */
	s32 common_pid;	/* int */
	u32 filename;	/* __data_loc char[]: the text's offset in the record (low 16 bits) and length */
	s32 pid;	/* pid_t */
	s32 old_pid;	/* pid_t */
};

struct event {
	u32 pid;
	char filename[64];
};
RINGBUF(events);		/* one event per run, read as a Table with these columns */

SEC("tracepoint/sched/sched_process_exec")
int on_sched_process_exec(void *ctx)
{
	struct tp_sched_sched_process_exec *args = ctx;
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	char filename[64] = {};
	bpf_probe_read_kernel_str(filename, sizeof(filename), (void *)ctx + (args->filename & 0xffff));
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;	/* the ring is full: tracebook.h counts the event as lost */
	e->pid = pid;
	__builtin_memcpy(e->filename, filename, sizeof(e->filename));
	bpf_ringbuf_submit(e, 0);
	return 0;
}
