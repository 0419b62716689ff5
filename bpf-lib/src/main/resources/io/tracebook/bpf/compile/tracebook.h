/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tracebook.h - map macros and lost-event accounting for Tracebook BPF programs.
 *
 * A snippet that does not include vmlinux.h gets this header automatically. A program
 * that includes vmlinux.h itself can still use it, after the libbpf headers:
 *
 *     #include "vmlinux.h"
 *     #include <bpf/bpf_helpers.h>
 *     #include "tracebook.h"
 */
#ifndef __TRACEBOOK_H__
#define __TRACEBOOK_H__

#ifndef __BPF_HELPERS__
#error "include <bpf/bpf_helpers.h> (after vmlinux.h) before tracebook.h"
#endif

/*
 * Default ring buffer size: 16 MiB holds ~400 000 records of a 32-byte event, ~200 ms of a flood at
 * 2 M events/s, so a reader paused by JIT compilation or GC loses nothing. The library can resize
 * a map before load.
 */
#define TRACEBOOK_RINGBUF_BYTES (16 << 20)
#define TRACEBOOK_MAX_STACK_DEPTH 127

#define TRACEBOOK_MAP(map_type, name, K, V, n)                                 \
	struct {                                                               \
		__uint(type, map_type);                                        \
		__uint(max_entries, n);                                        \
		__type(key, K);                                                \
		__type(value, V);                                              \
	} name SEC(".maps")

#define HASH(name, K, V, n) TRACEBOOK_MAP(BPF_MAP_TYPE_HASH, name, K, V, n)
#define LRU_HASH(name, K, V, n) TRACEBOOK_MAP(BPF_MAP_TYPE_LRU_HASH, name, K, V, n)
#define PERCPU_HASH(name, K, V, n) TRACEBOOK_MAP(BPF_MAP_TYPE_PERCPU_HASH, name, K, V, n)
#define ARRAY(name, V, n) TRACEBOOK_MAP(BPF_MAP_TYPE_ARRAY, name, __u32, V, n)
#define PERCPU_ARRAY(name, V, n) TRACEBOOK_MAP(BPF_MAP_TYPE_PERCPU_ARRAY, name, __u32, V, n)

#define RINGBUF(name)                                                          \
	struct {                                                               \
		__uint(type, BPF_MAP_TYPE_RINGBUF);                            \
		__uint(max_entries, TRACEBOOK_RINGBUF_BYTES);                  \
	} name SEC(".maps")

/* Perf event arrays and stack maps take sizes, not BTF types, for key and value. */
#define PERFBUF(name)                                                          \
	struct {                                                               \
		__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);                   \
		__uint(key_size, sizeof(int));                                 \
		__uint(value_size, sizeof(int));                               \
	} name SEC(".maps")

#define STACK_TRACE(name, n)                                                   \
	struct {                                                               \
		__uint(type, BPF_MAP_TYPE_STACK_TRACE);                        \
		__uint(max_entries, n);                                        \
		__uint(key_size, sizeof(__u32));                               \
		__uint(value_size, TRACEBOOK_MAX_STACK_DEPTH * sizeof(__u64)); \
	} name SEC(".maps")

/*
 * In-kernel log2 histogram, read in Java with Hist.fromLog2Map(map). Bucket i counts the values
 * of Hist.log2's bucket i: 0 for negatives, 1 for 0, k + 2 for [2^k, 2^(k+1)). Per-CPU, so
 * adding needs no atomic instruction; the reader sums the CPUs.
 *
 *     HIST_LOG2(latency);
 *     ... hist_log2_add(&latency, bpf_ktime_get_ns() - start);
 */
#define TRACEBOOK_LOG2_BUCKETS 65
#define HIST_LOG2(name) PERCPU_ARRAY(name, __u64, TRACEBOOK_LOG2_BUCKETS)

/* floor(log2(v)) + 2 by halving: six bounded steps, no loop for the verifier to unroll. */
static __always_inline __u32 tracebook_log2_index(__s64 value)
{
	__u64 v = value;
	__u32 bits = 0;

	if (value < 0)
		return 0;
	if (value == 0)
		return 1;
	if (v >> 32) { v >>= 32; bits += 32; }
	if (v >> 16) { v >>= 16; bits += 16; }
	if (v >> 8) { v >>= 8; bits += 8; }
	if (v >> 4) { v >>= 4; bits += 4; }
	if (v >> 2) { v >>= 2; bits += 2; }
	if (v >> 1) { bits += 1; }
	return bits + 2;
}

static __always_inline void hist_log2_add(void *hist, __s64 value)
{
	__u32 index = tracebook_log2_index(value);
	__u64 *count = bpf_map_lookup_elem(hist, &index);

	if (count)
		*count += 1;
}

/*
 * Count per key in a hash map (bpftrace's @[key] = count()), read with map.toTable():
 *
 *     COUNT_BY(opens, u32, 10240);
 *     ... u32 pid = bpf_get_current_pid_tgid() >> 32; count_by_add(&opens, &pid);
 */
#define COUNT_BY(name, K, n) HASH(name, K, __u64, n)

static __always_inline void count_by_add(void *counts, const void *key)
{
	__u64 one = 1;
	__u64 *count = bpf_map_lookup_elem(counts, key);

	if (count) {
		__sync_fetch_and_add(count, 1);
		return;
	}
	/* Another CPU may insert the key first: then add to its entry instead. */
	if (bpf_map_update_elem(counts, key, &one, BPF_NOEXIST) == 0)
		return;
	count = bpf_map_lookup_elem(counts, key);
	if (count)
		__sync_fetch_and_add(count, 1);
}

/*
 * Aggregations of the one-liner DSL, bpftrace's @[key] = count(), sum(v), avg(v), min(v), max(v),
 * stats(v), hist(v) and lhist(v, min, max, step): a value per key and CPU in a PERCPU_HASH, so adding
 * takes no atomic instruction; the reader combines the CPUs. A new key that finds the map full is
 * counted in tracebook_map_full, which the reader reports: no update is lost silently.
 *
 *     PERCPU_HASH(counts, struct counts_key, __s64, 10240);
 *     ... percpu_sum_add(&counts, &key, 1);
 */
__u64 tracebook_map_full;

static __always_inline void percpu_sum_add(void *map, const void *key, __s64 delta)
{
	__s64 *sum = bpf_map_lookup_elem(map, key);

	if (!sum) {
		/* The kernel zeroes the other CPUs' slots of a key inserted from a program. */
		if (bpf_map_update_elem(map, key, &delta, BPF_NOEXIST) == 0)
			return;
		sum = bpf_map_lookup_elem(map, key); /* another CPU inserted it first */
		if (!sum) {
			__sync_fetch_and_add(&tracebook_map_full, 1);
			return;
		}
	}
	*sum += delta;
}

/* avg(), min(), max() and stats() keep all four; a CPU slot with count 0 has seen nothing. */
struct tracebook_stats {
	__u64 count;
	__s64 sum;
	__s64 min;
	__s64 max;
};

static __always_inline void percpu_stats_add(void *map, const void *key, __s64 value)
{
	struct tracebook_stats *stats = bpf_map_lookup_elem(map, key);

	if (!stats) {
		struct tracebook_stats first = { .count = 1, .sum = value, .min = value, .max = value };

		if (bpf_map_update_elem(map, key, &first, BPF_NOEXIST) == 0)
			return;
		stats = bpf_map_lookup_elem(map, key);
		if (!stats) {
			__sync_fetch_and_add(&tracebook_map_full, 1);
			return;
		}
	}
	if (stats->count == 0 || value < stats->min)
		stats->min = value;
	if (stats->count == 0 || value > stats->max)
		stats->max = value;
	stats->count += 1;
	stats->sum += value;
}

/*
 * The bucket of lhist(value, min, max, step), numbered as Hist.linear numbers them: 0 below min,
 * 1 + (value - min) / step from min up to max, (max - min) / step + 1 from max up. BPF divides
 * unsigned only, so the differences are taken as unsigned: they are not negative there.
 */
static __always_inline __u32 tracebook_linear_index(__s64 value, __s64 min, __s64 max, __u64 step)
{
	if (value < min)
		return 0;
	if (value >= max)
		return (__u64)(max - min) / step + 1;
	return (__u64)(value - min) / step + 1;
}

/* Strings of at most n bytes: equal up to the first NUL, and a prefix of s. */
static __always_inline bool tracebook_str_eq(const char *a, const volatile char *b, __u32 n)
{
	for (__u32 i = 0; i < n; i++) {
		if (a[i] != b[i])
			return false;
		if (!a[i])
			return true;
	}
	return true;
}

static __always_inline bool tracebook_str_starts_with(const char *s, const volatile char *prefix, __u32 n)
{
	for (__u32 i = 0; i < n; i++) {
		if (!prefix[i])
			return true;
		if (s[i] != prefix[i])
			return false;
	}
	return true;
}

/*
 * The kernel counts nothing when a ring buffer is full, so every failed reserve, reserve_dynptr
 * or output is counted here and user space reads it back as the stream's lost count.
 */
__u64 tracebook_ringbuf_drops;

/*
 * Wakeups. Waking the reader costs the traced thread an IPI (microseconds), so a submit, discard
 * or output (dynptr ones too) with flags 0 wakes nobody: the reader consumes on a timer. It is woken
 * only when a record fills its ring past half, so that a reader sleeping longer than usual drains the ring
 * before it overflows. The reserve knows the ring and the submit does not, so the reserve leaves
 * the wakeup here for the next submit. That submit may be another CPU's or for another ring: the
 * wakeup is a hint, the reader's timer is what guarantees delivery. Explicit flags
 * (BPF_RB_FORCE_WAKEUP, BPF_RB_NO_WAKEUP) are passed on unchanged.
 */
__u32 tracebook_ringbuf_wakeup_due;

/* A sample takes an 8-byte header and is padded to 8 bytes in the ring. */
static __always_inline __u64 tracebook_ringbuf_record_bytes(__u64 size)
{
	return (size + 8 + 7) & ~7ULL;
}

/* True when the record that brought the ring to `filled` bytes is the one that crossed half. */
static __always_inline bool tracebook_ringbuf_crosses_half(void *ringbuf, __u64 filled, __u64 record)
{
	__u64 half = bpf_ringbuf_query(ringbuf, BPF_RB_RING_SIZE) / 2;

	return filled >= half && filled < half + record;
}

static __always_inline __u64 tracebook_ringbuf_submit_flags(__u64 flags)
{
	if (flags)
		return flags;
	if (!tracebook_ringbuf_wakeup_due)
		return BPF_RB_NO_WAKEUP;
	tracebook_ringbuf_wakeup_due = 0;
	return BPF_RB_FORCE_WAKEUP;
}

static __always_inline void *tracebook_ringbuf_reserve(void *ringbuf, __u64 size, __u64 flags)
{
	void *sample = bpf_ringbuf_reserve(ringbuf, size, flags);

	if (!sample)
		__sync_fetch_and_add(&tracebook_ringbuf_drops, 1);
	else if (tracebook_ringbuf_crosses_half(ringbuf, bpf_ringbuf_query(ringbuf, BPF_RB_AVAIL_DATA),
					       tracebook_ringbuf_record_bytes(size)))
		tracebook_ringbuf_wakeup_due = 1;
	return sample;
}

static __always_inline void tracebook_ringbuf_submit(void *sample, __u64 flags)
{
	bpf_ringbuf_submit(sample, tracebook_ringbuf_submit_flags(flags));
}

static __always_inline void tracebook_ringbuf_discard(void *sample, __u64 flags)
{
	bpf_ringbuf_discard(sample, tracebook_ringbuf_submit_flags(flags));
}

/*
 * A failed reserve_dynptr leaves a null dynptr that the program must still submit or discard (the
 * verifier insists). That submit does nothing, so the drop is counted at the reserve, once.
 */
static __always_inline long tracebook_ringbuf_reserve_dynptr(void *ringbuf, __u32 size, __u64 flags,
							     struct bpf_dynptr *ptr)
{
	long err = bpf_ringbuf_reserve_dynptr(ringbuf, size, flags, ptr);

	if (err)
		__sync_fetch_and_add(&tracebook_ringbuf_drops, 1);
	else if (tracebook_ringbuf_crosses_half(ringbuf, bpf_ringbuf_query(ringbuf, BPF_RB_AVAIL_DATA),
					       tracebook_ringbuf_record_bytes(size)))
		tracebook_ringbuf_wakeup_due = 1;
	return err;
}

/*
 * A null dynptr's submit or discard wakes nobody, so it leaves a due wakeup to the next one. Only
 * then is the dynptr looked at: bpf_dynptr_data gives NULL for a null dynptr.
 */
static __always_inline __u64 tracebook_ringbuf_dynptr_flags(struct bpf_dynptr *ptr, __u64 flags)
{
	if (!flags && tracebook_ringbuf_wakeup_due && !bpf_dynptr_data(ptr, 0, 1))
		return BPF_RB_NO_WAKEUP;
	return tracebook_ringbuf_submit_flags(flags);
}

static __always_inline void tracebook_ringbuf_submit_dynptr(struct bpf_dynptr *ptr, __u64 flags)
{
	bpf_ringbuf_submit_dynptr(ptr, tracebook_ringbuf_dynptr_flags(ptr, flags));
}

static __always_inline void tracebook_ringbuf_discard_dynptr(struct bpf_dynptr *ptr, __u64 flags)
{
	bpf_ringbuf_discard_dynptr(ptr, tracebook_ringbuf_dynptr_flags(ptr, flags));
}

static __always_inline long tracebook_ringbuf_output(void *ringbuf, void *data, __u64 size, __u64 flags)
{
	long err;

	if (!flags) {
		__u64 record = tracebook_ringbuf_record_bytes(size);
		__u64 filled = bpf_ringbuf_query(ringbuf, BPF_RB_AVAIL_DATA) + record;

		flags = tracebook_ringbuf_crosses_half(ringbuf, filled, record) ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;
	}
	err = bpf_ringbuf_output(ringbuf, data, size, flags);
	if (err)
		__sync_fetch_and_add(&tracebook_ringbuf_drops, 1);
	return err;
}

/*
 * A perf buffer has a slot per CPU only while a reader holds it open: an event written before
 * events("name") was opened fails with -ENOENT, and the kernel counts nothing. Those are counted
 * here. A full buffer (-ENOSPC) the kernel counts too, but tells the reader only with the next
 * record it manages to write on that CPU: counted here as well, a burst's last losses are known
 * at once.
 */
__u64 tracebook_perfbuf_unread;
__u64 tracebook_perfbuf_full;

static __always_inline long tracebook_perf_event_output(void *ctx, void *map, __u64 flags, void *data, __u64 size)
{
	long err = bpf_perf_event_output(ctx, map, flags, data, size);

	if (err == -2 /* ENOENT */)
		__sync_fetch_and_add(&tracebook_perfbuf_unread, 1);
	else if (err == -28 /* ENOSPC */)
		__sync_fetch_and_add(&tracebook_perfbuf_full, 1);
	return err;
}

/*
 * Function-like macros with the helpers' own names: bpf_helper_defs.h declares them as
 * "(*bpf_ringbuf_reserve)(...)", where the name is followed by ")" and so is not expanded.
 */
#define bpf_ringbuf_reserve(...) tracebook_ringbuf_reserve(__VA_ARGS__)
#define bpf_ringbuf_output(...) tracebook_ringbuf_output(__VA_ARGS__)
#define bpf_ringbuf_submit(...) tracebook_ringbuf_submit(__VA_ARGS__)
#define bpf_ringbuf_discard(...) tracebook_ringbuf_discard(__VA_ARGS__)
#define bpf_ringbuf_reserve_dynptr(...) tracebook_ringbuf_reserve_dynptr(__VA_ARGS__)
#define bpf_ringbuf_submit_dynptr(...) tracebook_ringbuf_submit_dynptr(__VA_ARGS__)
#define bpf_ringbuf_discard_dynptr(...) tracebook_ringbuf_discard_dynptr(__VA_ARGS__)
#define bpf_perf_event_output(...) tracebook_perf_event_output(__VA_ARGS__)

#endif /* __TRACEBOOK_H__ */
