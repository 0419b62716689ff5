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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * The perf buffer reader hands samples of one size back to back over as runs, as the ring buffer reader does: every
 * sample of a stream of mixed sizes, with runs cut by a read's limit and by the buffer's end, still arrives once,
 * whole, in order; and so it does from a recording of it.
 */
class PerfBufferRunsTest {
    /**
     * Event n (from 1) of a workload pinned to CPU 0 (one buffer, so one order), by blocks of 64: block 0 mixes sizes
     * (the struct's 32 bytes; 48 bytes when n % 7 == 3; 20 bytes, ending inside comm after "wor", when n % 13 == 0),
     * block 1 is all 32-byte samples, block 2 all 48-byte ones, block 3 all 20-byte ones: runs of three strides (48, 64
     * and 32 bytes with the perf header and size). 20 and 48 bytes leave no padding in a perf record; 32 leaves 4
     * bytes the reader ignores. With {@code all_48} every sample is 48 bytes: records of 64, which divide the buffer, so
     * that a run reaches its end exactly and the next starts over at its beginning.
     */
    private static final String MIXED = Workload.IS_WORKLOAD_C + """
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
    private static final int ROUNDS = 10;

    @BeforeEach
    void kernel() {
        KernelAccess.require();
    }

    @TempDir
    Path dir;

    @Test
    void mixedSizesAndWrapsArriveOnceWholeInOrderLiveAndReplayed() throws Exception {
        // Each round writes a quarter of CPU 0's buffer (samples of 44 bytes on average with their framing) and is read
        // whole before the next, so nothing is lost; ten rounds go around the buffer two and a half times.
        long calls = bufferBytes() / 4 / 44;
        List<String> expected = new ArrayList<>();
        for (long n = 1; n <= ROUNDS * calls; n++) {
            long block = (n / 64) % 4;
            boolean shortOne = block == 0 && n % 13 == 0 || block == 3;
            expected.add(n + " " + 2 * n + " " + (shortOne ? "wor" : "workload"));
        }
        expected.add("lost 0, total " + ROUNDS * calls);
        assertLiveAndReplayed(expected, calls, false);
    }

    @Test
    void aRunThatEndsAtTheBuffersEndGoesOnFromItsStart() throws Exception {
        long calls = bufferBytes() / 4 / 64 + 7; // rounds that do not divide the buffer: a read crosses its end
        List<String> expected = new ArrayList<>();
        for (long n = 1; n <= ROUNDS * calls; n++) expected.add(n + " " + 2 * n + " workload");
        expected.add("lost 0, total " + ROUNDS * calls);
        assertLiveAndReplayed(expected, calls, true);
    }

    private void assertLiveAndReplayed(List<String> expected, long calls, boolean all48) throws Exception {
        Path file = dir.resolve("perf-runs.recording.zip");
        List<String> live;
        try (Recording recording = Recording.start(file)) {
            live = session(calls, all48);
        }
        assertEquals(expected.size(), live.size());
        assertEquals(expected, live);
        try (Recording replay = Recording.replay(file, Recording.Pace.INSTANT)) {
            assertEquals(live, session(calls, all48));
        }
    }

    /** The bytes of one CPU's perf buffer. */
    private static long bufferBytes() {
        return (long) EventStreams.perfPagesPerCpu(Libbpf.libbpf_num_possible_cpus(), Mmap.pageSize()) * Mmap.pageSize();
    }

    /** The rows of every read, then the losses and the program's count of calls. */
    private static List<String> session(long calls, boolean all48) throws Exception {
        List<Table> reads = new ArrayList<>();
        try (var o = Bpf.c(MIXED).set("test_pid", Recorded.value("pid", () -> (int) LibC.getpid())).set("all_48", all48).load().attach()) {
            EventStream events = o.events("events");
            for (int round = 0; round < ROUNDS; round++) {
                Recorded.run("getppid on CPU 0, round " + round, () -> {
                    Process child = new ProcessBuilder("taskset", "-c", "0", Workload.binary().toString(), "getppid",
                            Long.toString(calls)).inheritIO().start();
                    if (child.waitFor() != 0) throw new IllegalStateException("the workload failed: " + child.exitValue());
                });
                // A take of 17 ends a run in the middle; the collect takes the rest.
                reads.add(events.take(17, Duration.ofSeconds(5)));
                reads.add(events.collect(Duration.ZERO));
            }
            return RingBufferRunsTest.rows(reads, events.lost(), o.global("total").getLong());
        }
    }
}
