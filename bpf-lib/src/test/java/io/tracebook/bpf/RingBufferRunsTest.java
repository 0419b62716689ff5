package io.tracebook.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tracebook.bpf.ffi.LibC;
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
 * The ring buffer reader takes a run of records of one size at once (their places computed, not walked one by one):
 * every record of a stream of mixed sizes, discards and wrap-arounds still arrives once, whole, in order; and so it
 * does from a recording of it, whose replay hands runs over the same way.
 */
class RingBufferRunsTest {
    /**
     * Event n (from 1) of a workload of this JVM, by blocks of 64: block 0 mixes sizes (the struct's 32 bytes; 48 bytes
     * when n % 7 == 3; 20 bytes, ending inside comm after "wor", when n % 13 == 0) and discards n % 11 == 5; block 1 is all
     * 32-byte records, block 2 all 48-byte ones, block 3 all 24-byte ones: runs of three strides (40, 56 and 32 bytes
     * with the ring's header), the last of records shorter than the struct, ending inside comm without a NUL (read
     * past its end, comm would run on into the next record's header).
     */
    private static final String MIXED = Workload.IS_WORKLOAD_C + """
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
    private static final int ROUNDS = 60;
    /** Calls per round: at most 40 records of 56 bytes, 2240 of the ring's 4096, so nothing is lost while nobody reads. */
    private static final int CALLS = 40;

    @BeforeEach
    void kernel() {
        KernelAccess.require();
    }

    @TempDir
    Path dir;

    @Test
    void mixedSizesDiscardsAndWrapsArriveOnceWholeInOrderLiveAndReplayed() throws Exception {
        Path file = dir.resolve("runs.recording.zip");
        List<String> live;
        try (Recording recording = Recording.start(file)) {
            live = session();
        }
        List<String> expected = new ArrayList<>();
        for (long n = 1; n <= ROUNDS * CALLS; n++) {
            long block = (n / 64) % 4;
            boolean mixed = block == 0;
            if (mixed && n % 11 == 5 && n % 7 != 3 && n % 13 != 0) continue;
            expected.add(n + " " + 2 * n + " " + (mixed && n % 13 == 0 && n % 7 != 3 ? "wor" : "workload"));
        }
        expected.add("lost 0, total " + ROUNDS * CALLS);
        assertEquals(expected, live);
        // The recording keeps each read's records with their sizes: the replay hands runs of one size over as runs too.
        try (Recording replay = Recording.replay(file, Recording.Pace.INSTANT)) {
            assertEquals(live, session());
        }
    }

    /** The rows of every read, then the losses and the program's count of calls. */
    private static List<String> session() throws Exception {
        List<Table> reads = new ArrayList<>();
        try (var o = Bpf.c(MIXED).set("test_pid", Recorded.value("pid", () -> (int) LibC.getpid())).mapSize("events", 4096).load().attach()) {
            EventStream events = o.events("events");
            // 60 rounds of ~2 KiB through a 4 KiB ring: its end is crossed ~30 times, inside runs too (a run is read on
            // through the ring's second mapping). A take of 17 ends a run in the middle; the collect takes the rest.
            for (int round = 0; round < ROUNDS; round++) {
                Recorded.run("getppid " + round, () -> Workload.run("getppid", Integer.toString(CALLS)));
                reads.add(events.take(17, Duration.ofSeconds(5)));
                reads.add(events.collect(Duration.ZERO));
            }
            return rows(reads, events.lost(), o.global("total").getLong());
        }
    }

    /** Each read's rows as "n twice comm", then the losses and the program's count of calls. */
    static List<String> rows(List<Table> reads, long lost, long total) {
        List<String> rows = new ArrayList<>();
        for (Table t : reads) {
            for (int i = 0; i < t.rowCount(); i++) {
                rows.add(t.longColumn("n").get(i) + " " + t.longColumn("twice").get(i) + " " + t.stringColumn("comm").get(i));
            }
        }
        rows.add("lost " + lost + ", total " + total);
        return rows;
    }
}
