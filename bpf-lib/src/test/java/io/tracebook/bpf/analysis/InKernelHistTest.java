package io.tracebook.bpf.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.Bpf;
import io.tracebook.bpf.KernelAccess;
import io.tracebook.bpf.Workload;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.ffi.LibC;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/** tracebook.h's HIST_LOG2 / hist_log2_add / COUNT_BY in a real kernel, read back as Tables. */
class InKernelHistTest {
    @BeforeEach
    void kernel() {
        KernelAccess.require();
    }

    @Test
    void syscallLatencyHistogramCountsEveryCall() throws Exception {
        String src = Workload.IS_WORKLOAD_C + """
                HASH(start, u32, u64, 10240);
                HIST_LOG2(latency);
                COUNT_BY(calls, u32, 1024);

                SEC("tracepoint/syscalls/sys_enter_getppid")
                int on_enter(void *ctx) {
                    if (!is_workload()) return 0;
                    u32 tid = bpf_get_current_pid_tgid();
                    u64 now = bpf_ktime_get_ns();
                    bpf_map_update_elem(&start, &tid, &now, BPF_ANY);
                    return 0;
                }

                SEC("tracepoint/syscalls/sys_exit_getppid")
                int on_exit(void *ctx) {
                    u32 tid = bpf_get_current_pid_tgid();
                    u64 *t0 = bpf_map_lookup_elem(&start, &tid);
                    if (!t0) return 0;
                    hist_log2_add(&latency, bpf_ktime_get_ns() - *t0);
                    u32 pid = bpf_get_current_pid_tgid() >> 32;
                    count_by_add(&calls, &pid);
                    bpf_map_delete_elem(&start, &tid);
                    return 0;
                }
                """;
        int n = 20_000;
        try (var o = Bpf.c(src).set("test_pid", LibC.getpid()).load().attach()) {
            long pid = Workload.run("getppid", String.valueOf(n));
            Table hist = Hist.fromLog2Map(o.map("latency"));
            assertEquals(Hist.log2(Table.create("x", LongColumn.create("v", 5)), "v").columnNames(), hist.columnNames());
            assertEquals(n, hist.longColumn("count").sum(), "one count per getppid call\n" + hist.print());
            assertTrue(hist.longColumn("low").min() >= 1, "a syscall takes at least a nanosecond\n" + hist.print());
            assertEquals(Map.of(pid, (long) n), counts(o.map("calls").toTable()));
        }
    }

    @Test
    void kernelBucketsAreHistLog2Buckets() throws Exception {
        // Long.MIN_VALUE is Tablesaw's missing value, so the most negative value tested is one above it
        long[] values = {
            Long.MIN_VALUE + 1, -100, -1, 0, 0, 1, 2, 3, 3, 4, 7, 7, 8, 15, 16, 1023, 1024, 1024, 1025, 2047, 2048,
            65535, 65536, (1L << 31) - 1, 1L << 31, 1L << 32, (1L << 32) + 1, 1L << 40, (1L << 62) - 1, 1L << 62,
            Long.MAX_VALUE
        };
        String array = Arrays.stream(values).mapToObj(v -> v + "LL")
                .collect(Collectors.joining(", "));
        String src = Workload.IS_WORKLOAD_C + "static const volatile s64 values[] = {" + array + "};\n" + """
                HIST_LOG2(h);
                SEC("tracepoint/syscalls/sys_enter_getppid")
                int on_enter(void *ctx) {
                    if (!is_workload()) return 0;
                    for (int i = 0; i < sizeof(values) / sizeof(values[0]); i++) hist_log2_add(&h, values[i]);
                    return 0;
                }
                """;
        try (var o = Bpf.c(src).set("test_pid", LibC.getpid()).load().attach()) {
            Workload.run("getppid", "1");
            Table kernel = Hist.fromLog2Map(o.map("h"));
            Table java = Hist.log2(Table.create("v", LongColumn.create("v", values)), "v");
            assertEquals(java.print(100), kernel.print(100).replace("log2 histogram of h", "log2 histogram of v"));
        }
    }

    @Test
    void aMapThatIsNotAHistogramIsRefusedWithItsShape() {
        String src = """
                ARRAY(small, u64, 4);
                SEC("tracepoint/syscalls/sys_enter_getppid")
                int on_enter(void *ctx) { return 0; }
                """;
        try (var o = Bpf.c(src).load()) {
            BpfException e = assertThrows(BpfException.class, () -> Hist.fromLog2Map(o.map("small")));
            assertTrue(e.getMessage().contains("HIST_LOG2(small)"), e.getMessage());
        }
    }

    private static Map<Long, Long> counts(Table t) {
        return t.stream().collect(Collectors.toMap(r -> ((Number) r.getObject(0)).longValue(), r -> ((Number) r.getObject(1)).longValue()));
    }
}
