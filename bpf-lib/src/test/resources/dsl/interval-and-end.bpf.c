/*
 * interval:ms:100,END { print(((nsecs / 1000), probe)); }
 *
 * What bpftrace would run, written out by Tracebook's one-liner DSL with tracebook.h's macros.
 */

struct event {
	u64 us;
	u32 probe;
};
RINGBUF(events);		/* one event per run, read as a Table with these columns */

SEC("perf_event")
int on_interval(struct bpf_perf_event_data *ctx)
{
	u64 nsecs = bpf_ktime_get_ns();
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;	/* the ring is full: tracebook.h counts the event as lost */
	e->us = ((u64)(nsecs) / (u64)(1000LL));
	e->probe = 0;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("raw_tp")
int on_end(void *ctx)
{
	u64 nsecs = bpf_ktime_get_ns();
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;	/* the ring is full: tracebook.h counts the event as lost */
	e->us = ((u64)(nsecs) / (u64)(1000LL));
	e->probe = 1;
	bpf_ringbuf_submit(e, 0);
	return 0;
}
