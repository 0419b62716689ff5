package io.tracebook.bench;

/**
 * The BPF C the Java benchmarks load, written the way a user writes a notebook cell: the prelude's
 * macros and plain helper calls, nothing tuned. The event is the same 32-byte struct as the C
 * reference's (bench/c/bench.bpf.c).
 */
final class Snippets {
    static final int EVENT_BYTES = 32;

    private static final String EVENT = """
            struct event { u32 pid; u32 cpu; u64 ts_ns; char comm[16]; };
            const volatile u32 target_tgid = 0;
            """;

    /** One ring-buffer event per getppid() of the load generator, submitted with flags 0. */
    static final String RING = EVENT + """
            RINGBUF(events);

            SEC("tracepoint/syscalls/sys_enter_getppid")
            int on_getppid(void *ctx) {
                u32 tgid = bpf_get_current_pid_tgid() >> 32;
                if (tgid != target_tgid) return 0;
                struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
                if (!e) return 0;
                e->pid = tgid;
                e->cpu = bpf_get_smp_processor_id();
                e->ts_ns = bpf_ktime_get_ns();
                bpf_get_current_comm(e->comm, sizeof(e->comm));
                bpf_ringbuf_submit(e, 0);
                return 0;
            }
            """;

    /**
     * Every openat() on the machine, with the opener's pid and name: what a notebook's first live chart shows. The
     * kernel benchmarks load it as a %%bpf cell and the library's reference with {@code Bpf.c}.
     */
    static final String OPENS = """
            struct event { u32 pid; char comm[16]; };
            RINGBUF(events);
            SEC("tracepoint/syscalls/sys_enter_openat")
            int uxbench(void *ctx) {
                struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
                if (!e) return 0;
                e->pid = bpf_get_current_pid_tgid() >> 32;
                bpf_get_current_comm(e->comm, sizeof(e->comm));
                bpf_ringbuf_submit(e, 0);
                return 0;
            }
            """;

    /** The same event through a perf buffer. */
    static final String PERF = EVENT + """
            PERFBUF(events);

            SEC("tracepoint/syscalls/sys_enter_getppid")
            int on_getppid(void *ctx) {
                u32 tgid = bpf_get_current_pid_tgid() >> 32;
                if (tgid != target_tgid) return 0;
                struct event e = {};
                e.pid = tgid;
                e.cpu = bpf_get_smp_processor_id();
                e.ts_ns = bpf_ktime_get_ns();
                bpf_get_current_comm(e.comm, sizeof(e.comm));
                bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &e, sizeof(e));
                return 0;
            }
            """;

    /**
     * {@code copies} ring-buffer events per getppid(): fills a big ring in a fraction of a second (the drain), or floods
     * a live reader faster than the generator calls. A failed reserve does not end the loop: every copy is reserved, so
     * tracebook.h counts each one the ring had no room for.
     */
    static final String RING_COPIES = EVENT + """
            RINGBUF(events);
            const volatile u32 copies = 1;

            static long emit(u64 index, void *unused) {
                struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
                if (!e) return 0;
                e->pid = target_tgid;
                e->cpu = bpf_get_smp_processor_id();
                e->ts_ns = bpf_ktime_get_ns();
                bpf_get_current_comm(e->comm, sizeof(e->comm));
                bpf_ringbuf_submit(e, 0);
                return 0;
            }

            SEC("tracepoint/syscalls/sys_enter_getppid")
            int on_getppid(void *ctx) {
                if (bpf_get_current_pid_tgid() >> 32 != target_tgid) return 0;
                bpf_loop(copies, emit, NULL, 0);
                return 0;
            }
            """;

    /** A count-by-key map (the prelude's COUNT_BY), filled from Java for the map-read figure. */
    static final String COUNTS = """
            COUNT_BY(counts, u32, 10240);

            SEC("tracepoint/syscalls/sys_enter_getppid")
            int count_getppid(void *ctx) {
                u32 tgid = bpf_get_current_pid_tgid() >> 32;
                count_by_add(&counts, &tgid);
                return 0;
            }
            """;

    private Snippets() {
    }
}
