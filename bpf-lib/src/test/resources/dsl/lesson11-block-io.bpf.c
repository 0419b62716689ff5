/*
 * tracepoint:block:block_rq_issue { @ = hist(args.bytes); }
 *
 * What bpftrace would run, written out by Tracebook's one-liner DSL with tracebook.h's macros.
 */

/* tracepoint:block:block_rq_issue: the record its programs see, from events/block/block_rq_issue/format in tracefs */
struct tp_block_block_rq_issue {
	u16 common_type;	/* unsigned short */
	u8 common_flags;	/* unsigned char */
	u8 common_preempt_count;	/* unsigned char */
	s32 common_pid;	/* int */
	u32 dev;	/* dev_t */
	u8 __pad_12[4];
	u64 sector;	/* sector_t */
	u32 nr_sector;	/* unsigned int */
	u32 bytes;	/* unsigned int */
	u16 ioprio;	/* unsigned short */
	char rwbs[10];
	char comm[16];
	u32 cmd;	/* __data_loc char[]: the text's offset in the record (low 16 bits) and length */
};

HIST_LOG2(hist);		/* a per-CPU counter per power-of-two bucket, bpftrace's hist() */

SEC("tracepoint/block/block_rq_issue")
int on_block_rq_issue(void *ctx)
{
	struct tp_block_block_rq_issue *args = ctx;
	hist_log2_add(&hist, args->bytes);
	return 0;
}
