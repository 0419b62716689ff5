package io.tracebook.bpf;

import io.tracebook.bpf.ffi.LibC;
import java.util.Arrays;
import java.util.function.Supplier;
import tech.tablesaw.api.Table;

/**
 * How long {@link BpfMap#toTable()} takes for a 10k-entry COUNT_BY hash, a 10k-entry per-CPU hash
 * and a HIST_LOG2 per-CPU array, in batches and key by key (the fallback), in the same run. Median of
 * {@code ROUNDS} after warm-up. Run as root:
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp bpf-lib/target/test-classes:bpf-lib/target/classes:$(cat /tmp/cp.txt) \
 *     io.tracebook.bpf.MapReadBenchmark
 * </pre>
 */
public final class MapReadBenchmark {
    private static final int ROUNDS = 21;
    private static final String MAPS = """
            COUNT_BY(counts, u32, 10240);
            PERCPU_HASH(per_cpu, u32, u64, 10240);
            HIST_LOG2(latency);
            const volatile u32 only_pid = 0;

            static long fill(u64 i, void *ctx) {
                u32 k = i * 7919;
                u64 n = i + 1;
                bpf_map_update_elem(&counts, &k, &n, BPF_ANY);
                bpf_map_update_elem(&per_cpu, &k, &n, BPF_ANY);
                hist_log2_add(&latency, i * i);
                return 0;
            }

            SEC("tracepoint/syscalls/sys_enter_getpid")
            int on_getpid(void *ctx) {
                if (bpf_get_current_pid_tgid() >> 32 != only_pid) return 0;
                bpf_loop(10000, fill, NULL, 0);
                return 0;
            }
            """;

    private MapReadBenchmark() {
    }

    public static void main(String[] args) {
        try (BpfObject o = Bpf.c(MAPS).set("only_pid", LibC.getpid()).load().attach()) {
            LibC.getpid();
            o.detach();
            for (String name : new String[] {"counts", "per_cpu", "latency"}) {
                BpfMap map = o.map(name);
                System.out.printf("%-8s %6d rows: batched %.2f ms, key by key %.2f ms (medians)%n", name,
                        map.toTable().rowCount(), median(map::toTable), median(map::toTableKeyByKey));
            }
        }
    }

    private static double median(Supplier<Table> read) {
        for (int i = 0; i < 10; i++) read.get();
        long[] ns = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            read.get();
            ns[i] = System.nanoTime() - start;
        }
        Arrays.sort(ns);
        return ns[ROUNDS / 2] / 1e6;
    }
}
