/*
 * tracepoint:filelock:flock_lock_inode { printf("lock path: %s\n", str(args.fl->c.flc_file.f_path.dentry.d_name.name)); }
 *
 * What bpftrace would run, written out by Tracebook's one-liner DSL with tracebook.h's macros.
 */

/* tracepoint:filelock:flock_lock_inode: the record its programs see, from events/filelock/flock_lock_inode/format in tracefs */
struct tp_filelock_flock_lock_inode {
	u16 common_type;	/* unsigned short */
	u8 common_flags;	/* unsigned char */
	u8 common_preempt_count;	/* unsigned char */
	s32 common_pid;	/* int */
	struct file_lock *fl;
	u64 i_ino;	/* unsigned long */
	u32 s_dev;	/* dev_t */
	u8 __pad_28[4];
	struct file_lock_core *blocker;
	u64 owner;	/* fl_owner_t */
	u32 pid;	/* unsigned int */
	u32 flags;	/* unsigned int */
	u8 type;	/* unsigned char */
	u8 __pad_57[7];
	s64 fl_start;	/* loff_t */
	s64 fl_end;	/* loff_t */
	s32 ret;	/* int */
};

struct event {
	char name[64];
};
RINGBUF(events);		/* one event per run, read as a Table with these columns */

SEC("tracepoint/filelock/flock_lock_inode")
int on_flock_lock_inode(void *ctx)
{
	struct tp_filelock_flock_lock_inode *args = ctx;
	struct file_lock *fl = args->fl;
	char name[64] = {};
	bpf_probe_read_kernel_str(name, sizeof(name), (void *)BPF_CORE_READ(fl, c.flc_file, f_path.dentry, d_name.name));
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;	/* the ring is full: tracebook.h counts the event as lost */
	__builtin_memcpy(e->name, name, sizeof(e->name));
	bpf_ringbuf_submit(e, 0);
	return 0;
}
