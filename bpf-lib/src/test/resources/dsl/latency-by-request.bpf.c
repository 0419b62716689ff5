/*
 * tp_btf:block_rq_issue { @start[args.rq] = nsecs; } tp_btf:block_rq_complete /@start[args.rq]/ { @[str(args.rq->q.disk.disk_name, 32)] = avg((nsecs - @start[tid])); delete(@start[args.rq]); }
 *
 * What bpftrace would run, written out by Tracebook's one-liner DSL with tracebook.h's macros.
 */

struct stats_key {
	char disk_name[32];
};
PERCPU_HASH(stats, struct stats_key, struct tracebook_stats, 4096);	/* per key and CPU; the CPUs are combined when read */
HASH(start, u64, u64, 4096);	/* arg("rq") -> when its start fired (bpftrace's @start[args.rq]) */

SEC("tp_btf/block_rq_complete")
int BPF_PROG(on_block_rq_complete, struct request *rq, blk_status_t error, unsigned int nr_bytes)
{
	u64 match = (u64)rq;
	u64 *started = bpf_map_lookup_elem(&start, &match);
	if (!started)
		return 0;	/* its start was not seen: bpftrace's /@start[args.rq]/ */
	s64 elapsed = bpf_ktime_get_ns() - *started;
	bpf_map_delete_elem(&start, &match);
	char disk_name[32] = {};
	BPF_CORE_READ_STR_INTO(&disk_name, rq, q, disk, disk_name);
	struct stats_key key = {};
	__builtin_memcpy(key.disk_name, disk_name, sizeof(key.disk_name));
	percpu_stats_add(&stats, &key, elapsed);
	return 0;
}

SEC("tp_btf/block_rq_issue")
int BPF_PROG(on_block_rq_issue, struct request *rq)
{
	u64 match = (u64)rq;
	u64 now = bpf_ktime_get_ns();
	if (bpf_map_update_elem(&start, &match, &now, BPF_ANY))
		__sync_fetch_and_add(&tracebook_map_full, 1);	/* the map is full: counted, reported */
	return 0;
}
