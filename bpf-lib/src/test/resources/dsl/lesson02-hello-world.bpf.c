/*
 * BEGIN { printf("hello world\n"); }
 *
 * What bpftrace would run, written out by Tracebook's one-liner DSL with tracebook.h's macros.
 */

struct event {
	u8 fired;
};
RINGBUF(events);		/* one event per run, read as a Table with these columns */

SEC("raw_tp")
int on_begin(void *ctx)
{
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;	/* the ring is full: tracebook.h counts the event as lost */
	e->fired = 1;
	bpf_ringbuf_submit(e, 0);
	return 0;
}
