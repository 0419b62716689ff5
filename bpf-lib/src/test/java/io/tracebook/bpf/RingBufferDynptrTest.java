package io.tracebook.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.ffi.LibC;
import io.tracebook.bpf.stream.EventStream;
import java.time.Duration;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * Events written through the ring buffer's dynptr helpers stream like reserved ones, and tracebook.h
 * counts a failed {@code bpf_ringbuf_reserve_dynptr} as a lost event.
 */
class RingBufferDynptrTest {
    /**
     * One 128-byte event per getppid of a workload this JVM started (other processes on the machine may
     * run the workload too), numbered from 1; {@code discard_odd} discards the odd ones.
     */
    private static final String DYNPTR_EVENTS = Workload.IS_WORKLOAD_C + """
            struct event { u64 n; char pad[120]; };
            RINGBUF(events);
            const volatile bool discard_odd = false;
            u64 total = 0;
            SEC("tracepoint/syscalls/sys_enter_getppid")
            int on_call(void *ctx) {
                if (!is_workload()) return 0;
                u64 n = __sync_fetch_and_add(&total, 1) + 1;
                struct bpf_dynptr ptr;
                if (bpf_ringbuf_reserve_dynptr(&events, sizeof(struct event), 0, &ptr) == 0)
                    bpf_dynptr_write(&ptr, 0, &n, sizeof(n), 0);
                if (discard_odd && n % 2)
                    bpf_ringbuf_discard_dynptr(&ptr, 0);
                else
                    bpf_ringbuf_submit_dynptr(&ptr, 0);
                return 0;
            }
            """;

    @BeforeEach
    void kernel() {
        KernelAccess.require();
    }

    private static OpenObject dynptrProgram() {
        return Bpf.c(DYNPTR_EVENTS).set("test_pid", LibC.getpid());
    }

    @Test
    void dynptrEventsStreamIntoATableWithNothingLost() throws Exception {
        try (var o = dynptrProgram().load().attach()) {
            EventStream events = o.events("events");
            Workload.run("getppid", "1000");
            Table t = events.take(1000, Duration.ofSeconds(5));
            assertEquals(1000, o.global("total").getLong());
            assertTrue(events.countsLosses());
            assertEquals(0, events.lost());
            assertEquals(LongStream.rangeClosed(1, 1000).boxed().toList(), t.longColumn("n").asList());
        }
    }

    @Test
    void discardedDynptrEventsAreNeitherReceivedNorLost() throws Exception {
        try (var o = dynptrProgram().set("discard_odd", true).load().attach()) {
            EventStream events = o.events("events");
            Workload.run("getppid", "1000");
            Table t = events.collect(Duration.ofMillis(200));
            assertEquals(1000, o.global("total").getLong());
            assertEquals(0, events.lost(), "a discard is the program's choice, not a loss");
            assertEquals(LongStream.rangeClosed(1, 500).map(i -> 2 * i).boxed().toList(), t.longColumn("n").asList());
        }
    }

    @Test
    void aFloodedTinyRingCountsEveryFailedDynptrReserve() throws Exception {
        try (var o = dynptrProgram().mapSize("events", 4096).load().attach()) {
            EventStream events = o.events("events");
            Workload.run("getppid", "20000"); // nobody reads while it floods the 4 KiB ring
            Table t = events.collect(Duration.ofMillis(100));
            long total = o.global("total").getLong();
            assertEquals(20000, total);
            assertTrue(events.lost() > 0, "a 4 KiB ring cannot hold 20000 events of 128 bytes");
            assertEquals(total, t.rowCount() + events.lost(), "received + lost must account for every event");
        }
    }
}
