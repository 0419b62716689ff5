package io.tracebook.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.error.BpfException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Probes never leak: closing, replacing by name and closeAll give back everything. */
class LifecycleTest {
    /** The kernel truncates program names to 15 characters; both of ours start with this. */
    private static final String OURS = "lifecycle_";
    private static final String TWO_PROGRAMS = """
            RINGBUF(events);
            struct event { u32 pid; };
            SEC("tracepoint/syscalls/sys_enter_getppid") int lifecycle_a(void *ctx) { return 0; }
            SEC("raw_tp/sys_exit") int lifecycle_b(void *ctx) { return 0; }
            """;

    @BeforeEach
    void kernel() {
        KernelAccess.require();
    }

    @Test
    void closeDetachesAndFreesEverything() throws InterruptedException {
        KernelObjects.Counts before = KernelObjects.now(OURS);
        BpfObject o = Bpf.c(TWO_PROGRAMS).load().attach();
        o.events("events").collect(Duration.ofMillis(10));
        KernelObjects.Counts during = KernelObjects.now(OURS);
        assertEquals(before.programs() + 2, during.programs());
        assertEquals(before.links() + 2, during.links());
        o.close();
        o.close();
        assertEquals(before, KernelObjects.await(OURS, before));
        assertThrows(BpfException.class, () -> o.map("events"));
    }

    @Test
    void loadingUnderATakenNameReplacesThePreviousObject() throws InterruptedException {
        KernelObjects.Counts before = KernelObjects.now(OURS);
        BpfObject first = Bpf.c(TWO_PROGRAMS).name("cell-1").load().attach();
        BpfObject second = Bpf.c(TWO_PROGRAMS).name("cell-1").load().attach();
        assertTrue(first.isClosed(), "re-running a named cell closes the previous object");
        assertFalse(Bpf.loaded().contains(first), "the replaced object is not listed while the closer detaches it");
        assertTrue(Bpf.loaded().contains(second));
        KernelObjects.Counts oneObject = new KernelObjects.Counts(before.programs() + 2, before.links() + 2);
        assertEquals(oneObject, KernelObjects.await(OURS, oneObject));
        second.close();
        assertEquals(before, KernelObjects.await(OURS, before));
    }

    @Test
    void closeAllClosesEveryLoadedObject() throws InterruptedException {
        KernelObjects.Counts before = KernelObjects.now(OURS);
        BpfObject a = Bpf.c(TWO_PROGRAMS).load().attach();
        BpfObject b = Bpf.c(TWO_PROGRAMS).load().attach();
        Bpf.closeAll();
        assertTrue(a.isClosed() && b.isClosed());
        assertEquals(before, KernelObjects.await(OURS, before));
    }
}
