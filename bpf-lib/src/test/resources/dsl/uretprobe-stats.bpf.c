/*
 * uretprobe:libc:getppid /(comm == comm_eq || cpu == cpu_eq)/ { @[tid] = stats(retval); }
 *
 * What bpftrace would run, written out by Tracebook's one-liner DSL with tracebook.h's macros.
 * Set before load: comm_eq, cpu_eq (const volatile: another value re-uses this compiled object).
 */

const volatile char comm_eq[16] = {};
const volatile u32 cpu_eq = 0;

struct stats_key {
	u32 tid;
};
PERCPU_HASH(stats, struct stats_key, struct tracebook_stats, 4096);	/* per key and CPU; the CPUs are combined when read */

SEC("uretprobe")
int on_getppid_return(struct pt_regs *ctx)
{
	char comm[16];
	bpf_get_current_comm(comm, sizeof(comm));
	u32 cpu = bpf_get_smp_processor_id();
	if (!(tracebook_str_eq(comm, comm_eq, 16) || (cpu == cpu_eq)))
		return 0;
	u32 tid = bpf_get_current_pid_tgid();
	struct stats_key key = {};
	key.tid = tid;
	percpu_stats_add(&stats, &key, (s64)PT_REGS_RC(ctx));
	return 0;
}
