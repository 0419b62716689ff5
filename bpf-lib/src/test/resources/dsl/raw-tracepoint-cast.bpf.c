/*
 * rawtracepoint:sched_process_exec /strncmp(comm, comm_startswith, 3) == 0/ { print((str(((struct linux_binprm *)arg2)->file.f_path.dentry.d_name.name, 32))); }
 *
 * What bpftrace would run, written out by Tracebook's one-liner DSL with tracebook.h's macros.
 * Set before load: comm_startswith (const volatile: another value re-uses this compiled object).
 */

const volatile char comm_startswith[16] = {};

struct event {
	char name[32];
};
RINGBUF(events);		/* one event per run, read as a Table with these columns */

SEC("raw_tp/sched_process_exec")
int on_sched_process_exec(struct bpf_raw_tracepoint_args *ctx)
{
	char comm[16];
	bpf_get_current_comm(comm, sizeof(comm));
	if (!(tracebook_str_starts_with(comm, comm_startswith, 16)))
		return 0;
	struct linux_binprm *arg2 = ((struct linux_binprm *)ctx->args[2]);
	char name[32] = {};
	bpf_probe_read_kernel_str(name, sizeof(name), (void *)BPF_CORE_READ(arg2, file, f_path.dentry, d_name.name));
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;	/* the ring is full: tracebook.h counts the event as lost */
	__builtin_memcpy(e->name, name, sizeof(e->name));
	bpf_ringbuf_submit(e, 0);
	return 0;
}
