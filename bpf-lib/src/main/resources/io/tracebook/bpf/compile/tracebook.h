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

/* Default ring buffer size; the library can resize a map before load. */
#define TRACEBOOK_RINGBUF_BYTES (1 << 20)
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
 * The kernel counts nothing when a ring buffer is full, so every failed reserve/output
 * is counted here and user space reads it back as the stream's lost count.
 */
__u64 tracebook_ringbuf_drops;

static __always_inline void *tracebook_ringbuf_reserve(void *ringbuf, __u64 size, __u64 flags)
{
	void *sample = bpf_ringbuf_reserve(ringbuf, size, flags);

	if (!sample)
		__sync_fetch_and_add(&tracebook_ringbuf_drops, 1);
	return sample;
}

static __always_inline long tracebook_ringbuf_output(void *ringbuf, void *data, __u64 size, __u64 flags)
{
	long err = bpf_ringbuf_output(ringbuf, data, size, flags);

	if (err)
		__sync_fetch_and_add(&tracebook_ringbuf_drops, 1);
	return err;
}

/*
 * Function-like macros with the helpers' own names: bpf_helper_defs.h declares them as
 * "(*bpf_ringbuf_reserve)(...)", where the name is followed by ")" and so is not expanded.
 */
#define bpf_ringbuf_reserve(...) tracebook_ringbuf_reserve(__VA_ARGS__)
#define bpf_ringbuf_output(...) tracebook_ringbuf_output(__VA_ARGS__)

#endif /* __TRACEBOOK_H__ */
