package io.tracebook.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.error.BpfException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Maps and globals hold exactly what the test caused in the kernel. */
class MapsAndGlobalsTest {
    private static final String COUNTS = """
            struct key_t { u32 pid; char comm[16]; };
            HASH(calls, u32, u64, 1024);
            HASH(by_task, struct key_t, u64, 1024);
            u64 seen = 0;
            u32 enabled = 1;

            SEC("tracepoint/syscalls/sys_enter_getppid")
            int on_call(void *ctx) {
                if (!enabled) return 0;
                u32 pid = bpf_get_current_pid_tgid() >> 32;
                u64 one = 1, *n = bpf_map_lookup_elem(&calls, &pid);
                if (n) __sync_fetch_and_add(n, 1); else bpf_map_update_elem(&calls, &pid, &one, BPF_NOEXIST);
                struct key_t k = { .pid = pid };
                bpf_get_current_comm(k.comm, sizeof(k.comm));
                n = bpf_map_lookup_elem(&by_task, &k);
                if (n) __sync_fetch_and_add(n, 1); else bpf_map_update_elem(&by_task, &k, &one, BPF_NOEXIST);
                __sync_fetch_and_add(&seen, 1);
                return 0;
            }
            """;

    record Task(long pid, String comm) {
    }

    @BeforeEach
    void kernel() {
        KernelAccess.require();
    }

    @Test
    void hashMapCountsWhatTheChildDid() throws Exception {
        try (var o = Bpf.c(COUNTS).load().attach()) {
            long pid = Workload.run("getppid", "1234");
            BpfMap calls = o.map("calls");
            assertEquals(1234L, calls.get((int) pid));
            assertEquals(1234L, calls.as(Integer.class, Long.class).get((int) pid));
            assertEquals(1234L, calls.as(Integer.class, Long.class).entries().get((int) pid));

            Table byTask = o.map("by_task").toTable();
            assertEquals(List.of("pid", "comm", "value"), byTask.columnNames());
            Table child = byTask.where(byTask.longColumn("pid").isEqualTo(pid));
            assertEquals(1, child.rowCount(), byTask.print());
            assertEquals("workload", child.stringColumn("comm").get(0));
            assertEquals(1234L, child.longColumn("value").get(0));
            assertEquals(1234L, o.map("by_task").as(Task.class, Long.class).get(new Task(pid, "workload")));
        }
    }

    @Test
    void putGetDeleteClearAndSize() {
        try (var o = Bpf.c(COUNTS).load()) {
            BpfMap calls = o.map("calls");
            calls.put(7, 70L);
            calls.put(8, 80L);
            assertEquals(2, calls.size());
            assertEquals(70L, calls.get(7));
            assertTrue(calls.delete(7));
            assertFalse(calls.delete(7));
            assertNull(calls.get(7));
            calls.clear();
            assertEquals(0, calls.size());
            assertEquals(Map.of(), calls.entries());
        }
    }

    @Test
    void globalsReadLiveAndWritableOnesSteerTheProgram() throws Exception {
        try (var o = Bpf.c(COUNTS).load().attach()) {
            Workload.run("getppid", "10");
            long seen = o.global("seen").getLong();
            assertTrue(seen >= 10, "bss counter must count the child's calls, was " + seen);
            o.global("enabled").set(0);
            long pid = Workload.run("getppid", "10");
            assertNull(o.map("calls").get((int) pid), "with enabled = 0 the program must not count");
        }
    }

    @Test
    void constGlobalsAreFrozenAfterLoad() {
        String src = "const volatile u32 limit = 5;\nSEC(\"tracepoint/syscalls/sys_enter_getppid\") int f(void *c) { return limit; }\n";
        try (var o = Bpf.c(src).set("limit", 42).load()) {
            assertEquals(42, ((Number) o.global("limit").get()).intValue());
            BpfException e = assertThrows(BpfException.class, () -> o.global("limit").set(1));
            assertTrue(e.getMessage().contains("set it before load"), e.getMessage());
        }
    }

    @Test
    void unknownNamesSuggestTheNearestOnes() {
        try (var open = Bpf.c(COUNTS)) {
            BpfException e = assertThrows(BpfException.class, () -> open.set("enabeld", 0));
            assertTrue(e.getMessage().contains("did you mean enabled"), e.getMessage());
        }
        KernelAccess.require();
        try (var o = Bpf.c(COUNTS).load()) {
            BpfException e = assertThrows(BpfException.class, () -> o.map("cals"));
            assertTrue(e.getMessage().contains("did you mean calls"), e.getMessage());
            BpfException ring = assertThrows(BpfException.class, () -> o.events("calls"));
            assertTrue(ring.getMessage().contains("not an event channel"), ring.getMessage());
        }
    }
}
