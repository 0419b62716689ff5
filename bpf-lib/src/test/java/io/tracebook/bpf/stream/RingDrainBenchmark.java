package io.tracebook.bpf.stream;

import io.tracebook.bpf.Bpf;
import io.tracebook.bpf.BpfObject;
import io.tracebook.bpf.ffi.LibC;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import tech.tablesaw.api.Table;

/**
 * The drain ceiling through the public API: a BPF program fills a 256 MiB ring buffer (bpf_loop
 * writes a burst of events per getpid call of this process, without wakeups), then
 * {@code collect(Duration.ZERO)} decodes all of it into a Table. Prints events/s per round, wall
 * clock and per CPU-second of the collecting thread (the machine may be shared), and the heap the
 * collected table retains per event. Run as root:
 *
 * <pre>
 * mvn -o -q -pl bpf-lib test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java --enable-native-access=ALL-UNNAMED -cp bpf-lib/target/test-classes:bpf-lib/target/classes:$(cat /tmp/cp.txt) \
 *     io.tracebook.bpf.stream.RingDrainBenchmark [rounds] [numbers]
 * </pre>
 * With {@code numbers} the struct has no comm: the four number fields only, the struct 24 bytes.
 */
public final class RingDrainBenchmark {
    private static final int RING_BYTES = 256 << 20;
    private static final int BURST = 4096;
    private static final String FILL = """
            struct event { u64 ts; u32 pid; u32 tid; u64 value; char comm[16]; };
            RINGBUF(events);
            const volatile u32 only_pid = 0;

            static long emit(u64 i, void *ctx) {
                struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
                if (!e) return 1;
                u64 id = bpf_get_current_pid_tgid();
                e->ts = bpf_ktime_get_ns();
                e->pid = id >> 32;
                e->tid = (u32) id + (i & 7);
                e->value = i;
                COMM
                bpf_ringbuf_submit(e, BPF_RB_NO_WAKEUP);
                return 0;
            }

            SEC("tracepoint/syscalls/sys_enter_getpid")
            int fill(void *ctx) {
                if (bpf_get_current_pid_tgid() >> 32 != only_pid) return 0;
                bpf_loop(BURST, emit, NULL, 0);
                return 0;
            }
            """.replace("BURST", String.valueOf(BURST));
    private static final String COMM = """
            bpf_get_current_comm(e->comm, sizeof(e->comm));
                e->comm[0] = 'a' + (i % 5);""";

    private RingDrainBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        boolean numbersOnly = args.length > 1 && args[1].equals("numbers");
        String src = numbersOnly ? FILL.replace(" char comm[16];", "").replace("COMM", "") : FILL.replace("COMM", COMM);
        int recordBytes = numbersOnly ? 32 : 48;
        var threads = ManagementFactory.getThreadMXBean();
        try (BpfObject o = Bpf.c(src).set("only_pid", LibC.getpid()).mapSize("events", RING_BYTES).load().attach()) {
            EventStream events = o.events("events");
            for (int round = 0; round < rounds; round++) {
                long perRing = RING_BYTES / recordBytes;
                for (long sent = 0; sent < perRing; sent += BURST) LibC.getpid();
                Runtime rt = Runtime.getRuntime();
                long heapBefore = usedAfterGc(rt);
                long cpu = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                Table t = events.collect(Duration.ZERO);
                long wall = System.nanoTime() - start;
                cpu = threads.getCurrentThreadCpuTime() - cpu;
                long retained = usedAfterGc(rt) - heapBefore;
                System.out.printf("round %d: %d events in %.0f ms: %.1f M events/s wall, %.1f M per CPU-second; "
                                + "table retains %.1f bytes/event (struct: %d); lost %d%n", round, t.rowCount(), wall / 1e6,
                        t.rowCount() * 1e3 / wall, t.rowCount() * 1e3 / cpu, (double) retained / t.rowCount(), recordBytes - 8, events.lost());
                if (t.rowCount() == 0) throw new IllegalStateException("nothing arrived: is the program attached?");
            }
        }
    }

    private static long usedAfterGc(Runtime rt) {
        for (int i = 0; i < 3; i++) System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }
}
