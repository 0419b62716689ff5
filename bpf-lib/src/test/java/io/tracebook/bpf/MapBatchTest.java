package io.tracebook.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tracebook.bpf.ffi.LibC;
import io.tracebook.bpf.ffi.Libbpf;
import java.lang.foreign.Arena;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * {@link BpfMap#toTable()} reads maps with batch lookups; the key-by-key walk it falls back to on
 * kernels without them must give the same rows. Real maps of 10k entries, filled in the kernel.
 */
class MapBatchTest {
    private static final int ENTRIES = 10_000;
    private static final int CALLERS = 3;
    private static final String MAPS = """
            struct pair { u32 pid; u32 nr; };
            struct stats { u64 count; s32 on_cpu; char tag[6]; };
            COUNT_BY(counts, u32, 10240);
            PERCPU_HASH(per_cpu, struct pair, struct stats, 10240);
            HIST_LOG2(latency);
            const volatile u32 only_pid = 0;

            static long fill(u64 i, void *ctx) {
                u32 k = i * 7919;
                u64 n = i + 1;
                bpf_map_update_elem(&counts, &k, &n, BPF_ANY);
                struct pair p = { .pid = i, .nr = i % 17 };
                struct stats s = { .count = i * 3, .on_cpu = bpf_get_smp_processor_id(), .tag = "t" };
                s.tag[1] = 'a' + i % 26;
                bpf_map_update_elem(&per_cpu, &p, &s, BPF_ANY);
                hist_log2_add(&latency, i * i);
                return 0;
            }

            SEC("tracepoint/syscalls/sys_enter_getpid")
            int on_getpid(void *ctx) {
                if (bpf_get_current_pid_tgid() >> 32 != only_pid) return 0;
                bpf_loop(ENTRIES, fill, NULL, 0);
                return 0;
            }
            """.replace("ENTRIES", String.valueOf(ENTRIES));

    private static BpfObject maps;

    @BeforeAll
    static void fill() throws InterruptedException {
        KernelAccess.require();
        maps = Bpf.c(MAPS).set("only_pid", LibC.getpid()).load().attach();
        // A few threads, so that the per-CPU maps likely get values on more than one CPU.
        Workload.getpidOnThreads(CALLERS, 1);
        maps.detach();
    }

    @AfterAll
    static void close() {
        if (maps != null) maps.close();
    }

    @Test
    void aTenThousandEntryHashMapReadsTheSameInBatchesAndKeyByKey() {
        BpfMap counts = maps.map("counts");
        Table batched = counts.toTable();

        assertEquals(ENTRIES, batched.rowCount());
        assertSameRows(counts.toTableKeyByKey(), batched);
        Table one = batched.where(batched.longColumn("key").isEqualTo(7919L * 42));
        assertEquals(43L, one.longColumn("value").get(0));
    }

    @Test
    void aPerCpuHashReadsTheSameInBatchesAndKeyByKey() {
        BpfMap perCpu = maps.map("per_cpu");
        Table batched = perCpu.toTable();

        assertEquals(List.of("pid", "nr", "count", "on_cpu", "tag", "cpu"), batched.columnNames());
        assertEquals((long) ENTRIES * Libbpf.libbpf_num_possible_cpus(), batched.rowCount());
        assertSameRows(perCpu.toTableKeyByKey(), batched);
    }

    @Test
    void theLog2HistogramPerCpuArrayReadsTheSameInBatchesAndKeyByKey() {
        BpfMap latency = maps.map("latency");
        Table batched = latency.toTable();

        assertEquals(65L * Libbpf.libbpf_num_possible_cpus(), batched.rowCount());
        assertEquals((double) CALLERS * ENTRIES, batched.longColumn("value").sum(), "one count per value added");
        assertSameRows(latency.toTableKeyByKey(), batched);
    }

    @Test
    void aMapTypeWithoutBatchLookupsIsLeftToTheKeyByKeyWalk() {
        String src = """
                STACK_TRACE(stacks, 16);
                SEC("tracepoint/syscalls/sys_enter_getpid")
                int on_getpid(void *ctx) { return 0; }
                """;
        try (BpfObject o = Bpf.c(src).load(); Arena arena = Arena.ofConfined()) {
            BpfMap stacks = o.map("stacks");
            var chunks = BatchLookup.read(stacks.fd(), stacks.keySize(), stacks.valueSize(), stacks.maxEntries(), arena,
                    (rc, what) -> fail(what + " failed with " + rc + " instead of reporting no batch support"));
            assertNull(chunks, "the kernel has no batch lookup for stack trace maps: toTable must walk the keys");
        }
    }

    private static void assertSameRows(Table expected, Table actual) {
        assertEquals(expected.columnNames(), actual.columnNames());
        String[] all = expected.columnNames().toArray(String[]::new);
        Table e = expected.sortOn(all);
        Table a = actual.sortOn(all);
        for (int i = 0; i < e.columnCount(); i++) {
            assertEquals(e.column(i).asList(), a.column(i).asList(), "column " + e.column(i).name());
        }
        assertTrue(e.rowCount() > 0);
    }
}
