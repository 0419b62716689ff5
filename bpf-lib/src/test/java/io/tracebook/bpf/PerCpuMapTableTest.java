package io.tracebook.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.ffi.LibC;
import io.tracebook.bpf.ffi.Libbpf;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

/**
 * A per-CPU map's table has a {@code cpu} column of its own; a key or value field that is also named
 * {@code cpu} keeps its data under {@code key.cpu} / {@code value.cpu}. Real maps, filled by this JVM's
 * getpid calls on whichever CPUs its threads run on.
 */
class PerCpuMapTableTest {
    private static final int CALLERS = 4;
    private static final int CALLS_EACH = 2000;
    private static final String MAPS = """
            struct stats { u64 calls; u32 cpu; };
            struct where { u32 pid; u32 cpu; };
            PERCPU_ARRAY(by_cpu, struct stats, 1);
            PERCPU_HASH(by_where, struct where, u64, 64);
            const volatile u32 only_pid = 0;
            u64 total = 0;

            SEC("tracepoint/syscalls/sys_enter_getpid")
            int on_getpid(void *ctx) {
                u32 pid = bpf_get_current_pid_tgid() >> 32;
                if (pid != only_pid) return 0;
                u32 cpu = bpf_get_smp_processor_id(), zero = 0;
                struct stats *s = bpf_map_lookup_elem(&by_cpu, &zero);
                if (s) {
                    __sync_fetch_and_add(&s->calls, 1);
                    s->cpu = cpu;
                }
                struct where w = { .pid = pid, .cpu = cpu };
                u64 one = 1, *n = bpf_map_lookup_elem(&by_where, &w);
                if (n) __sync_fetch_and_add(n, 1); else bpf_map_update_elem(&by_where, &w, &one, BPF_NOEXIST);
                __sync_fetch_and_add(&total, 1);
                return 0;
            }
            """;

    private static BpfObject maps;

    @BeforeAll
    static void fill() throws InterruptedException {
        KernelAccess.require();
        maps = Bpf.c(MAPS).set("only_pid", LibC.getpid()).load().attach();
        Workload.getpidOnThreads(CALLERS, CALLS_EACH);
        maps.detach();
    }

    @AfterAll
    static void close() {
        if (maps != null) maps.close();
    }

    @Test
    void aValueFieldNamedCpuIsPrefixedAndTheRowsCpuColumnStaysCpu() {
        Table t = maps.map("by_cpu").toTable();

        assertEquals(List.of("key", "value.calls", "value.cpu", "cpu"), t.columnNames());
        assertEquals(Libbpf.libbpf_num_possible_cpus(), t.rowCount());
        assertEquals(maps.global("total").getLong(), (long) t.longColumn("value.calls").sum(), "every call counted on some CPU");
        for (Row row : t) {
            if (row.getLong("value.calls") == 0) continue;
            assertEquals(row.getInt("cpu"), row.getLong("value.cpu"), "the program recorded the CPU it ran on in its own slot:\n" + t.print());
        }
    }

    @Test
    void aKeyFieldNamedCpuIsPrefixedAndTheValueKeepsItsName() {
        Table t = maps.map("by_where").toTable();

        assertEquals(List.of("key.pid", "key.cpu", "value", "cpu"), t.columnNames());
        Table counted = t.where(t.longColumn("value").isGreaterThan(0));
        assertTrue(counted.rowCount() > 0, t.print());
        assertEquals(maps.global("total").getLong(), (long) counted.longColumn("value").sum(), "every call counted once");
        for (Row row : counted) {
            assertEquals(LibC.getpid(), row.getLong("key.pid"));
            assertEquals(row.getInt("cpu"), row.getLong("key.cpu"), "a key is only ever counted on the CPU it names:\n" + t.print());
        }
    }

    @Test
    void batchedAndKeyByKeyReadsNameTheColumnsAlike() {
        for (String name : List.of("by_cpu", "by_where")) {
            BpfMap map = maps.map(name);
            assertEquals(map.toTable().columnNames(), map.toTableKeyByKey().columnNames());
        }
    }
}
