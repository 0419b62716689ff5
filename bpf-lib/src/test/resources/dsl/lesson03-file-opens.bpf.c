/*
 * tracepoint:syscalls:sys_enter_openat { printf("%s %s\n", comm, str(args.filename)); }
 *
 * What bpftrace would run, written out by Tracebook's one-liner DSL with tracebook.h's macros.
 */

/* tracepoint:syscalls:sys_enter_openat: the record its programs see, from events/syscalls/sys_enter_openat/format in tracefs */
struct tp_syscalls_sys_enter_openat {
	u16 common_type;	/* unsigned short */
	u8 common_flags;	/* unsigned char */
	u8 common_preempt_count;	/* unsigned char */
	s32 common_pid;	/* int */
	s32 __syscall_nr;	/* int */
	u8 __pad_12[4];
	s64 dfd;	/* int */
	const char *filename;
	s64 flags;	/* int */
	u64 mode;	/* umode_t */
};

struct event {
	char comm[16];
	char filename[64];
};
RINGBUF(events);		/* one event per run, read as a Table with these columns */

SEC("tracepoint/syscalls/sys_enter_openat")
int on_sys_enter_openat(void *ctx)
{
	struct tp_syscalls_sys_enter_openat *args = ctx;
	char comm[16];
	bpf_get_current_comm(comm, sizeof(comm));
	char filename[64] = {};
	bpf_probe_read_user_str(filename, sizeof(filename), args->filename);
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;	/* the ring is full: tracebook.h counts the event as lost */
	__builtin_memcpy(e->comm, comm, sizeof(e->comm));
	__builtin_memcpy(e->filename, filename, sizeof(e->filename));
	bpf_ringbuf_submit(e, 0);
	return 0;
}
