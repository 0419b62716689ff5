package io.tracebook.bpf;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.ffi.CStructs;
import io.tracebook.bpf.ffi.LibC;
import io.tracebook.bpf.ffi.Libbpf;
import io.tracebook.bpf.ffi.Mmap;
import io.tracebook.bpf.stream.EventStream;
import io.tracebook.bpf.stream.LiveTable;
import io.tracebook.bpf.sys.PerfEvents;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * Events reach the reader without a kernel→user wakeup per event (tracebook.h's submit flags, sampled
 * perf wakeups), yet arrive promptly, wake a sleeping reader when the ring fills past half, and are
 * all accounted for.
 */
class EventWakeupsTest {
    /** One perf event per getppid() of the workload, numbered from 1. */
    private static final String NUMBERED_PERF_EVENTS = Workload.IS_WORKLOAD_C + """
            struct event { u64 n; };
            PERFBUF(events);
            u64 total = 0;
            SEC("tracepoint/syscalls/sys_enter_getppid")
            int on_call(void *ctx) {
                if (!is_workload()) return 0;
                struct event e = { .n = __sync_fetch_and_add(&total, 1) + 1 };
                bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &e, sizeof(e));
                return 0;
            }
            """;

    /** One 64-byte event per getppid of the workload; {@code force}, {@code via_output} and {@code via_dynptr} pick the path. */
    private static final String RING = Workload.IS_WORKLOAD_C + """
            struct event { u64 n; char pad[56]; };
            RINGBUF(events);
            const volatile bool force = false;
            const volatile bool via_output = false;
            const volatile bool via_dynptr = false;
            u64 total = 0;
            SEC("tracepoint/syscalls/sys_enter_getppid")
            int on_call(void *ctx) {
                if (!is_workload()) return 0;
                u64 n = __sync_fetch_and_add(&total, 1) + 1;
                if (via_output) {
                    struct event e = { .n = n };
                    bpf_ringbuf_output(&events, &e, sizeof(e), force ? BPF_RB_FORCE_WAKEUP : 0);
                    return 0;
                }
                if (via_dynptr) {
                    struct bpf_dynptr ptr;
                    if (!bpf_ringbuf_reserve_dynptr(&events, sizeof(struct event), 0, &ptr))
                        bpf_dynptr_write(&ptr, 0, &n, sizeof(n), 0);
                    bpf_ringbuf_submit_dynptr(&ptr, force ? BPF_RB_FORCE_WAKEUP : 0);
                    return 0;
                }
                struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
                if (!e) return 0;
                e->n = n;
                bpf_ringbuf_submit(e, force ? BPF_RB_FORCE_WAKEUP : 0);
                return 0;
            }
            """;

    /** 64 KiB: half of it is 455 records of 72 bytes (the 8-byte header included). */
    private static final int SMALL_RING = 64 * 1024;

    @BeforeEach
    void kernel() {
        KernelAccess.require();
    }

    @Test
    void theDefaultSubmitWakesNoReaderUntilTheRingIsHalfFull() throws Exception {
        assertWakesOnlyPastHalf(Bpf.c(RING).set("test_pid", LibC.getpid()));
    }

    @Test
    void theDefaultOutputWakesNoReaderUntilTheRingIsHalfFull() throws Exception {
        assertWakesOnlyPastHalf(Bpf.c(RING).set("test_pid", LibC.getpid()).set("via_output", true));
    }

    @Test
    void theDefaultDynptrSubmitWakesNoReaderUntilTheRingIsHalfFull() throws Exception {
        assertWakesOnlyPastHalf(Bpf.c(RING).set("test_pid", LibC.getpid()).set("via_dynptr", true));
    }

    /** A reader asleep in poll(2) on the empty ring stays asleep through 100 events, and wakes by 1100. */
    private static void assertWakesOnlyPastHalf(OpenObject builder) throws Exception {
        try (var o = builder.mapSize("events", SMALL_RING).load().attach()) {
            SleepingReader reader = new SleepingReader(o.map("events").fd());
            Workload.run("getppid", "100");
            assertEquals(100, o.global("total").getLong());
            assertTrue(reader.stillAsleepAfter(Duration.ofMillis(300)), "100 default submits (7 KiB of 64 KiB) must not wake the reader");
            Workload.run("getppid", "1000");
            assertTrue(reader.wokenWithin(Duration.ofSeconds(5)), "filling the ring past half must wake the reader");
        }
    }

    @Test
    void anExplicitForceWakeupStillWakesTheReaderAtOnce() throws Exception {
        assertForceWakeupWakesAtOnce(Bpf.c(RING).set("test_pid", LibC.getpid()).set("force", true));
    }

    @Test
    void anExplicitForceWakeupOfADynptrSubmitStillWakesTheReaderAtOnce() throws Exception {
        assertForceWakeupWakesAtOnce(Bpf.c(RING).set("test_pid", LibC.getpid()).set("force", true).set("via_dynptr", true));
    }

    private static void assertForceWakeupWakesAtOnce(OpenObject builder) throws Exception {
        try (var o = builder.mapSize("events", SMALL_RING).load().attach()) {
            SleepingReader reader = new SleepingReader(o.map("events").fd());
            Workload.run("getppid", "1");
            assertTrue(reader.wokenWithin(Duration.ofSeconds(5)), "BPF_RB_FORCE_WAKEUP is the user's choice and must wake the reader");
        }
    }

    /**
     * The submit of a dynptr whose reserve failed does nothing, so it must leave a wakeup that is due to
     * the next submit: here the one of the record that crossed half of the ring.
     */
    @Test
    void aFailedDynptrReserveLeavesTheDueWakeupToTheNextSubmit() throws Exception {
        String src = Workload.IS_WORKLOAD_C + """
                RINGBUF(events);
                SEC("tracepoint/syscalls/sys_enter_getppid")
                int on_call(void *ctx) {
                    if (!is_workload()) return 0;
                    struct bpf_dynptr past_half, no_room;
                    bpf_ringbuf_reserve_dynptr(&events, 40000, 0, &past_half);
                    bpf_ringbuf_reserve_dynptr(&events, 30000, 0, &no_room);
                    bpf_ringbuf_submit_dynptr(&no_room, 0);
                    bpf_ringbuf_submit_dynptr(&past_half, 0);
                    return 0;
                }
                """;
        try (var o = Bpf.c(src).set("test_pid", LibC.getpid()).mapSize("events", SMALL_RING).load().attach()) {
            SleepingReader reader = new SleepingReader(o.map("events").fd());
            Workload.run("getppid", "1");
            assertEquals(1, o.global("tracebook_ringbuf_drops").getLong(), "30000 bytes do not fit after 40000 in 64 KiB");
            assertTrue(reader.wokenWithin(Duration.ofSeconds(5)), "the 40000-byte record crossed half of the ring and must wake the reader");
        }
    }

    /** libbpf keeps a perf buffer's fds (one per CPU) to itself: the test finds them as this process's new perf_event fds. */
    @Test
    void perfBuffersWakeNoReaderUntilACpusBufferIsHalfFull() throws Exception {
        String src = NUMBERED_PERF_EVENTS;
        try (var o = Bpf.c(src).set("test_pid", LibC.getpid()).load().attach()) {
            Set<Integer> before = perfEventFds();
            o.events("events"); // opened, never read
            Set<Integer> opened = perfEventFds();
            opened.removeAll(before);
            assertEquals(PerfEvents.onlineCpus().size(), opened.size(), "one perf event per CPU");
            SleepingReader reader = new SleepingReader(opened.stream().mapToInt(Integer::intValue).toArray());
            // Records are 24 bytes (header, size, event).
            int cpus = Libbpf.libbpf_num_possible_cpus();
            long halfFull = EventStreams.perfPagesPerCpu(cpus, Mmap.pageSize()) * Mmap.pageSize() / 2 / 24;
            runOnCpu0("100");
            assertEquals(100, o.global("total").getLong());
            assertTrue(reader.stillAsleepAfter(Duration.ofMillis(300)), "100 samples must not wake the reader");
            runOnCpu0(String.valueOf(halfFull + 1000));
            assertTrue(reader.wokenWithin(Duration.ofSeconds(5)), "filling a CPU's buffer past half must wake the reader");
        }
    }

    private static Set<Integer> perfEventFds() throws Exception {
        Set<Integer> fds = new HashSet<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : dir) {
                try {
                    if (Files.readSymbolicLink(fd).toString().equals("anon_inode:[perf_event]")) fds.add(Integer.parseInt(fd.getFileName().toString()));
                } catch (IOException closedMeanwhile) {
                    // the directory stream's own fd, or one closed while listing
                }
            }
        }
        return fds;
    }

    private static void runOnCpu0(String calls) throws Exception {
        Process p = new ProcessBuilder("taskset", "-c", "0", Workload.binary().toString(), "getppid", calls).start();
        assertEquals(0, p.waitFor());
    }

    @Test
    void aLoneRingBufferEventArrivesPromptly() throws Exception {
        try (var o = Bpf.c(RING).set("test_pid", LibC.getpid()).load().attach()) {
            EventStream events = o.events("events");
            events.collect(Duration.ofMillis(100)); // let the reader back off to its idle interval
            Workload.run("getppid", "1");
            long start = System.nanoTime();
            Table t = events.take(1, Duration.ofSeconds(5));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(1, t.rowCount());
            assertEquals(1, t.longColumn("n").get(0));
            assertTrue(millis < 1000, "one event without a wakeup must still arrive on the reader's timer, took " + millis + " ms");
        }
    }

    @Test
    void aFewPerfBufferEventsArrivePromptlyBetweenSampledWakeups() throws Exception {
        String src = NUMBERED_PERF_EVENTS;
        try (var o = Bpf.c(src).set("test_pid", LibC.getpid()).load().attach()) {
            EventStream events = o.events("events");
            events.collect(Duration.ofMillis(100));
            Workload.run("getppid", "3");
            long start = System.nanoTime();
            Table t = events.take(3, Duration.ofSeconds(5));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(3, t.rowCount(), "3 events, far fewer than the 64 between two wakeups");
            assertEquals(0, events.lost());
            assertTrue(millis < 1000, "3 events must arrive on the reader's timer, took " + millis + " ms");
        }
    }

    @Test
    void aReaderThatIsNotReadingLosesNothingWhenTheRingIsBigEnough() throws Exception {
        try (var o = Bpf.c(RING).set("test_pid", LibC.getpid()).mapSize("events", 32 << 20).load().attach()) {
            EventStream events = o.events("events");
            Workload.run("getppid", "300000"); // 21 MB of records: past half, with nobody reading
            Table t = events.collect(Duration.ofMillis(200));
            assertEquals(300000, o.global("total").getLong());
            assertEquals(0, events.lost());
            assertEquals(300000, t.rowCount());
            assertEquals(300000, t.longColumn("n").max());
        }
    }

    @Test
    void aFollowingReaderReceivesAFloodExactly() throws Exception {
        try (var o = Bpf.c(RING).set("test_pid", LibC.getpid()).mapSize("events", 16 << 20).load().attach()) {
            EventStream events = o.events("events");
            try (LiveTable live = events.follow()) {
                Workload.run("getppid", "500000");
                long total = o.global("total").getLong();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (live.snapshot().rowCount() + events.lost() < total && System.nanoTime() < deadline) Thread.sleep(20);
                live.stop();
                assertEquals(500000, total);
                assertEquals(total, live.snapshot().rowCount() + events.lost(), "received + lost must account for every event");
                assertEquals(0, events.lost(), "a 16 MiB ring read every millisecond holds a flood of 64-byte events");
            }
        }
    }

    @Test
    void ringBufferWrappersPassTheVerifierInEveryProgramKind() {
        String body = """
                {
                    struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
                    if (e) { e->n = 1; bpf_ringbuf_submit(e, 0); }
                    e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
                    if (e) bpf_ringbuf_discard(e, 0);
                    struct event copy = { .n = 2 };
                    bpf_ringbuf_output(&events, &copy, sizeof(copy), 0);
                    struct bpf_dynptr ptr;
                    if (!bpf_ringbuf_reserve_dynptr(&events, sizeof(copy), 0, &ptr))
                        bpf_dynptr_write(&ptr, 0, &copy, sizeof(copy), 0);
                    bpf_ringbuf_submit_dynptr(&ptr, 0);
                    bpf_ringbuf_reserve_dynptr(&events, sizeof(copy), 0, &ptr);
                    bpf_ringbuf_discard_dynptr(&ptr, 0);
                    return 0;
                }
                """;
        String src = "struct event { u64 n; };\nRINGBUF(events);\n"
                + "SEC(\"tracepoint/syscalls/sys_enter_getppid\") int on_tracepoint(void *ctx)\n" + body
                + "SEC(\"tp_btf/sched_switch\") int BPF_PROG(on_tp_btf, bool preempt, struct task_struct *prev, struct task_struct *next)\n" + body
                + "SEC(\"raw_tp/sys_enter\") int on_raw_tp(void *ctx)\n" + body
                + "SEC(\"uprobe\") int on_uprobe(void *ctx)\n" + body
                + "SEC(\"perf_event\") int on_perf_event(struct bpf_perf_event_data *ctx)\n" + body;
        try (var o = Bpf.c(src).load()) {
            assertEquals(5, o.programs().size());
        }
    }

    /** A thread asleep in poll(2) on event channel fds: only a kernel wakeup (or 30 s) ends its sleep. */
    private static final class SleepingReader {
        private static final String POLL_SYSCALL = "7 "; // x86_64 __NR_poll, first in /proc/.../syscall while blocked in it

        private final Thread thread;
        private final CompletableFuture<Path> syscallFile = new CompletableFuture<>();

        SleepingReader(int... fds) throws Exception {
            MemorySegment pollFds = Arena.ofAuto().allocate(CStructs.POLLFD, fds.length);
            for (int i = 0; i < fds.length; i++) {
                MemorySegment pollFd = pollFds.asSlice(i * CStructs.POLLFD.byteSize(), CStructs.POLLFD);
                pollFd.set(JAVA_INT, 0, fds[i]);
                pollFd.set(JAVA_SHORT, 4, (short) 1 /* POLLIN */);
            }
            thread = Thread.ofPlatform().daemon().start(() -> {
                try {
                    syscallFile.complete(Path.of("/proc/thread-self/syscall").toRealPath());
                } catch (IOException e) {
                    syscallFile.completeExceptionally(e);
                }
                LibC.poll(pollFds, fds.length, 30_000);
            });
            assertTrue(blockedInPoll(), "nothing was written yet, so poll must sleep");
        }

        /**
         * Waits until the thread sleeps in poll(2): a fixed pause could end before a busy machine ran the thread
         * (or linked the downcall), and a poll that starts only after the test wrote events returns at once.
         */
        private boolean blockedInPoll() throws Exception {
            Path syscall = syscallFile.get(10, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (thread.isAlive() && System.nanoTime() < deadline) {
                try {
                    if (Files.readString(syscall).startsWith(POLL_SYSCALL)) return true;
                } catch (IOException endedMeanwhile) {
                    // the thread's /proc entry goes when it ends; isAlive() says so next
                }
                Thread.sleep(5);
            }
            return false;
        }

        boolean stillAsleepAfter(Duration wait) throws InterruptedException {
            thread.join(wait);
            return thread.isAlive();
        }

        boolean wokenWithin(Duration wait) throws InterruptedException {
            thread.join(wait);
            return !thread.isAlive();
        }
    }
}
