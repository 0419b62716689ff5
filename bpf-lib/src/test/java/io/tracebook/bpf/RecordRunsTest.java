package io.tracebook.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tracebook.bpf.ffi.LibC;
import io.tracebook.bpf.ffi.Libbpf;
import io.tracebook.bpf.ffi.Mmap;
import io.tracebook.bpf.stream.EventStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * The ring and perf buffer readers take a run of records of one size at once (their places computed, not walked one by
 * one): every record of a stream of mixed sizes, with runs cut by a read's limit and by the buffer's end (and, in a
 * ring, by discards), still arrives once, whole, in order; and so it does from a recording of it, whose replay hands
 * runs over the same way.
 */
class RecordRunsTest {
    /**
     * Event n (from 1) of a workload of this JVM, by blocks of 64: block 0 mixes sizes (the struct's 32 bytes; 48 bytes
     * when n % 7 == 3; 20 bytes, ending inside comm after "wor", when n % 13 == 0) and discards n % 11 == 5; block 1 is all
     * 32-byte records, block 2 all 48-byte ones, block 3 all 24-byte ones: runs of three strides (40, 56 and 32 bytes
     * with the ring's header), the last of records shorter than the struct, ending inside comm without a NUL (read
     * past its end, comm would run on into the next record's header).
     */
    private static final String RING = Workload.IS_WORKLOAD_C + """
            struct event { u64 n; u64 twice; char comm[16]; };
            RINGBUF(events);
            u64 total = 0;

            static __always_inline void fill(struct event *e, u64 n) {
                e->n = n;
                e->twice = 2 * n;
                bpf_get_current_comm(e->comm, sizeof(e->comm));
            }

            SEC("tracepoint/syscalls/sys_enter_getppid")
            int on_call(void *ctx) {
                if (!is_workload()) return 0;
                u64 n = __sync_fetch_and_add(&total, 1) + 1;
                u64 block = (n / 64) % 4;
                if ((block == 0 && n % 7 == 3) || block == 2) {
                    struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e) + 16, 0);
                    if (!e) return 0;
                    fill(e, n);
                    bpf_ringbuf_submit(e, 0);
                } else if (block == 3) {
                    char *e = bpf_ringbuf_reserve(&events, 24, 0);
                    if (!e) return 0;
                    *(u64 *)e = n;
                    *(u64 *)(e + 8) = 2 * n;
                    *(u64 *)(e + 16) = 0x64616f6c6b726f77ULL; /* "workload", no NUL: the record ends there */
                    bpf_ringbuf_submit(e, 0);
                } else if (block == 0 && n % 13 == 0) {
                    char *e = bpf_ringbuf_reserve(&events, 20, 0);
                    if (!e) return 0;
                    *(u64 *)e = n;
                    *(u64 *)(e + 8) = 2 * n;
                    bpf_get_current_comm(e + 16, 4);
                    bpf_ringbuf_submit(e, 0);
                } else {
                    struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
                    if (!e) return 0;
                    fill(e, n);
                    if (block == 0 && n % 11 == 5) bpf_ringbuf_discard(e, 0);
                    else bpf_ringbuf_submit(e, 0);
                }
                return 0;
            }
            """;
    /**
     * Event n (from 1) of a workload pinned to CPU 0 (one buffer, so one order), by blocks of 64: block 0 mixes sizes
     * (the struct's 32 bytes; 48 bytes when n % 7 == 3; 20 bytes, ending inside comm after "wor", when n % 13 == 0),
     * block 1 is all 32-byte samples, block 2 all 48-byte ones, block 3 all 20-byte ones: runs of three strides (48, 64
     * and 32 bytes with the perf header and size). 20 and 48 bytes leave no padding in a perf record; 32 leaves 4
     * bytes the reader ignores. With {@code all_48} every sample is 48 bytes: records of 64, which divide the buffer, so
     * that a run reaches its end exactly and the next starts over at its beginning.
     */
    private static final String PERF = Workload.IS_WORKLOAD_C + """
            struct event { u64 n; u64 twice; char comm[16]; };
            PERFBUF(events);
            u64 total = 0;
            const volatile bool all_48 = false;

            SEC("tracepoint/syscalls/sys_enter_getppid")
            int on_call(void *ctx) {
                if (!is_workload()) return 0;
                u64 n = __sync_fetch_and_add(&total, 1) + 1;
                u64 block = all_48 ? 2 : (n / 64) % 4;
                char e[48] = {};
                *(u64 *)e = n;
                *(u64 *)(e + 8) = 2 * n;
                if ((block == 0 && n % 13 == 0) || block == 3) {
                    bpf_get_current_comm(e + 16, 4);
                    bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, e, 20);
                } else {
                    bpf_get_current_comm(e + 16, 16);
                    if ((block == 0 && n % 7 == 3) || block == 2) bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, e, 48);
                    else bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, e, 32);
                }
                return 0;
            }
            """;
    /** Ring rounds: at most 40 records of 56 bytes, 2240 of the ring's 4096, so nothing is lost while nobody reads. */
    private static final int RING_ROUNDS = 60;
    private static final int RING_CALLS = 40;
    private static final int PERF_ROUNDS = 10;

    @BeforeEach
    void kernel() {
        KernelAccess.require();
    }

    @TempDir
    Path dir;

    @Test
    void ringMixedSizesDiscardsAndWrapsArriveOnceWholeInOrderLiveAndReplayed() throws Exception {
        List<String> expected = new ArrayList<>();
        for (long n = 1; n <= RING_ROUNDS * RING_CALLS; n++) {
            long block = (n / 64) % 4;
            boolean mixed = block == 0;
            if (mixed && n % 11 == 5 && n % 7 != 3 && n % 13 != 0) continue;
            expected.add(n + " " + 2 * n + " " + (mixed && n % 13 == 0 && n % 7 != 3 ? "wor" : "workload"));
        }
        expected.add("lost 0, total " + RING_ROUNDS * RING_CALLS);
        // 60 rounds of ~2 KiB through a 4 KiB ring: its end is crossed ~30 times, inside runs too (a run is read on
        // through the ring's second mapping).
        assertLiveAndReplayed(expected, () -> session(() -> Bpf.c(RING).mapSize("events", 4096), RING_ROUNDS,
                round -> Workload.run("getppid", Integer.toString(RING_CALLS))));
    }

    @Test
    void perfMixedSizesAndWrapsArriveOnceWholeInOrderLiveAndReplayed() throws Exception {
        // Each round writes a quarter of CPU 0's buffer (samples of 44 bytes on average with their framing) and is read
        // whole before the next, so nothing is lost; ten rounds go around the buffer two and a half times.
        long calls = perfBufferBytes() / 4 / 44;
        List<String> expected = new ArrayList<>();
        for (long n = 1; n <= PERF_ROUNDS * calls; n++) {
            long block = (n / 64) % 4;
            boolean shortOne = block == 0 && n % 13 == 0 || block == 3;
            expected.add(n + " " + 2 * n + " " + (shortOne ? "wor" : "workload"));
        }
        expected.add("lost 0, total " + PERF_ROUNDS * calls);
        assertLiveAndReplayed(expected, () -> perfSession(calls, false));
    }

    @Test
    void aPerfRunThatEndsAtTheBuffersEndGoesOnFromItsStart() throws Exception {
        long calls = perfBufferBytes() / 4 / 64 + 7; // rounds that do not divide the buffer: a read crosses its end
        List<String> expected = new ArrayList<>();
        for (long n = 1; n <= PERF_ROUNDS * calls; n++) expected.add(n + " " + 2 * n + " workload");
        expected.add("lost 0, total " + PERF_ROUNDS * calls);
        assertLiveAndReplayed(expected, () -> perfSession(calls, true));
    }

    /** A session's rows live, while recording, are {@code expected}; replayed from the recording, they are the same. */
    private void assertLiveAndReplayed(List<String> expected, Session session) throws Exception {
        Path file = dir.resolve("runs.recording.zip");
        List<String> live;
        try (Recording recording = Recording.start(file)) {
            live = session.rows();
        }
        assertEquals(expected.size(), live.size());
        assertEquals(expected, live);
        // The recording keeps each read's records with their sizes: the replay hands runs of one size over as runs too.
        try (Recording replay = Recording.replay(file, Recording.Pace.INSTANT)) {
            assertEquals(live, session.rows());
        }
    }

    private static List<String> perfSession(long calls, boolean all48) throws Exception {
        return session(() -> Bpf.c(PERF).set("all_48", all48), PERF_ROUNDS, round -> {
            Process child = new ProcessBuilder("taskset", "-c", "0", Workload.binary().toString(), "getppid", Long.toString(calls))
                    .inheritIO().start();
            if (child.waitFor() != 0) throw new IllegalStateException("the workload failed: " + child.exitValue());
        });
    }

    /** The bytes of one CPU's perf buffer. */
    private static long perfBufferBytes() {
        return (long) EventStreams.perfPagesPerCpu(Libbpf.libbpf_num_possible_cpus(), Mmap.pageSize()) * Mmap.pageSize();
    }

    /**
     * Loads {@code program} for this JVM's workloads and runs {@code workload} {@code rounds} times, each followed by a take
     * of 17 (which ends a run in the middle) and a collect of the rest; returns each read's rows as "n twice comm", then
     * the losses and the program's count of calls.
     */
    private static List<String> session(Supplier<OpenObject> program, int rounds, Round workload) throws Exception {
        List<Table> reads = new ArrayList<>();
        try (var o = program.get().set("test_pid", Recorded.value("pid", () -> (int) LibC.getpid())).load().attach()) {
            EventStream events = o.events("events");
            for (int round = 0; round < rounds; round++) {
                int r = round;
                Recorded.run("workload, round " + round, () -> workload.run(r));
                reads.add(events.take(17, Duration.ofSeconds(5)));
                reads.add(events.collect(Duration.ZERO));
            }
            List<String> rows = new ArrayList<>();
            for (Table t : reads) {
                for (int i = 0; i < t.rowCount(); i++) {
                    rows.add(t.longColumn("n").get(i) + " " + t.longColumn("twice").get(i) + " " + t.stringColumn("comm").get(i));
                }
            }
            rows.add("lost " + events.lost() + ", total " + o.global("total").getLong());
            return rows;
        }
    }

    @FunctionalInterface
    private interface Session {
        List<String> rows() throws Exception;
    }

    @FunctionalInterface
    private interface Round {
        void run(int round) throws Exception;
    }
}
