package io.tracebook.bpf.stream;

import io.tracebook.bpf.Bpf;
import io.tracebook.bpf.BpfObject;
import io.tracebook.bpf.ffi.LibC;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tech.tablesaw.api.Table;

/**
 * Heap retained per event by tables that {@code collect} returned, for event structs of the
 * notebooks' shapes, against the struct's size. Events arrive in bursts while the collect runs, so
 * the table grows over many drains as in a live stream. Run as root (see RingDrainBenchmark).
 */
public final class RetainedHeapBenchmark {
    private static final int[] SIZES = {40, 16, 24, 48, 4};
    private static final String[] STRUCTS = {
        "struct typical { u64 ts; u32 pid; u32 tid; u64 value; char comm[16]; }",
        "struct latency { u32 usec; s32 ret; u64 lat_ns; }",
        "struct exec { u32 pid; u32 ppid; char comm[16]; }",
        "struct ids { u32 pid; u32 ppid; u32 grandparent; u32 uid; u32 threads; u64 start_ns; char comm[16]; }",
        "struct one { u32 pid; }",
    };

    private RetainedHeapBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        StringBuilder src = new StringBuilder("const volatile u32 only_pid = 0;\n");
        StringBuilder emit = new StringBuilder();
        for (int i = 0; i < STRUCTS.length; i++) {
            String type = "struct " + structName(STRUCTS[i]);
            src.append(STRUCTS[i]).append(";\nRINGBUF(r").append(i).append(");\n");
            emit.append("    { ").append(type).append(" *e = bpf_ringbuf_reserve(&r").append(i)
                    .append(", sizeof(*e), 0); if (!e) return 1; __builtin_memset(e, 0, sizeof(*e));")
                    .append(" *(u32 *)e = n; bpf_ringbuf_submit(e, BPF_RB_NO_WAKEUP); }\n");
        }
        src.append("static long emit(u64 n, void *ctx) {\n").append(emit).append("    return 0;\n}\n").append("""
                SEC("tracepoint/syscalls/sys_enter_getpid")
                int fill(void *ctx) {
                    if (bpf_get_current_pid_tgid() >> 32 != only_pid) return 0;
                    bpf_loop(200, emit, NULL, 0);
                    return 0;
                }
                """);
        try (BpfObject o = Bpf.c(src.toString()).set("only_pid", LibC.getpid()).load().attach()) {
            List<EventStream> streams = new ArrayList<>();
            for (int i = 0; i < STRUCTS.length; i++) streams.add(o.events("r" + i, structName(STRUCTS[i])));
            ExecutorService threads = Executors.newCachedThreadPool(); // the common pool may have a single thread
            CompletableFuture<Void> generator = CompletableFuture.runAsync(() -> {
                for (int burst = 0; burst < 1000; burst++) {
                    LibC.getpid();
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, threads);
            List<CompletableFuture<Table>> collected = new ArrayList<>();
            for (EventStream s : streams) collected.add(CompletableFuture.supplyAsync(() -> s.collect(Duration.ofSeconds(4)), threads));
            generator.join();
            List<Table> tables = new ArrayList<>();
            for (CompletableFuture<Table> c : collected) tables.add(c.join());
            collected.clear(); // a future holds its table too
            threads.shutdown();
            for (int i = 0; i < tables.size(); i++) {
                long with = usedAfterGc();
                int rows = tables.set(i, null).rowCount();
                long without = usedAfterGc();
                double perEvent = (double) (with - without) / rows;
                System.out.printf("%-100s %7d events: %5.1f bytes/event retained, %.2fx its %d bytes%n", STRUCTS[i], rows,
                        perEvent, perEvent / SIZES[i], SIZES[i]);
            }
        }
    }

    private static String structName(String declaration) {
        return declaration.split(" ")[1];
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }
}
