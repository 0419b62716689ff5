package io.tracebook.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.error.AttachException;
import io.tracebook.bpf.error.BpfException;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A failed attach leaves nothing in the kernel (issue 15, issue 14 item 4): whatever the call attached is detached
 * and the object is closed, because a chain like {@code Bpf.c(..).load().attach()} gives the caller no handle.
 * Counted with bpftool (programs and links named {@value #OURS}*) and in this JVM's file descriptors.
 */
class FailedAttachTest {
    private static final String OURS = "harden_fa_";
    private static final String NOTHING_LEFT = "failed, so the object was closed: nothing was left loaded";

    private KernelObjects.Counts kernelBefore;
    private Map<String, Integer> fdsBefore;
    private int loadedBefore;

    @BeforeEach
    void countWhatIsThere() {
        KernelAccess.require();
        kernelBefore = KernelObjects.now(OURS);
        fdsBefore = OpenFds.bpf();
        loadedBefore = Bpf.loaded().size();
    }

    @Test
    void aTracepointTypoInAChainLeavesNothing() throws InterruptedException {
        AttachException e = assertThrows(AttachException.class, () -> Bpf.c("""
                RINGBUF(events);
                SEC("tracepoint/syscalls/sys_enter_opnat") int harden_fa_typo(void *ctx) { return 0; }
                """).load().attach());
        assertTrue(e.getMessage().startsWith("tracepoint syscalls:sys_enter_opnat not found"), e.getMessage());
        assertTrue(e.getMessage().endsWith("\nattach() " + NOTHING_LEFT), e.getMessage());
        assertNothingLeft();
    }

    @Test
    void whatTheFailedCallAttachedIsDetachedToo() throws InterruptedException {
        assertThrows(AttachException.class, () -> Bpf.c("""
                SEC("tracepoint/syscalls/sys_enter_getppid") int harden_fa_good(void *ctx) { return 0; }
                SEC("tracepoint/syscalls/sys_enter_getppidd") int harden_fa_typo(void *ctx) { return 0; }
                """).load().attach());
        assertNothingLeft();
    }

    @Test
    void anAttachTheKernelRefusesLeavesNothing() throws InterruptedException {
        // tracefs lists sys_enter_openat, so the early check passes; it is no raw tracepoint, and the kernel says ENOENT.
        AttachException e = assertThrows(AttachException.class,
                () -> Bpf.c("SEC(\"raw_tp/sys_enter_openat\") int harden_fa_raw(void *ctx) { return 0; }\n").load().attach());
        assertTrue(e.getMessage().contains("No such file or directory"), e.getMessage());
        assertTrue(e.getMessage().endsWith(NOTHING_LEFT), e.getMessage());
        assertNothingLeft();
    }

    @Test
    void aChainOfUprobesThatFailsAtTheSecondLeavesNothing() throws Exception {
        String workload = Workload.binary().toString();
        AttachException e = assertThrows(AttachException.class, () -> Bpf.c("""
                SEC("uprobe") int harden_fa_entry(void *ctx) { return 0; }
                SEC("uretprobe") int harden_fa_exit(void *ctx) { return 0; }
                """).load()
                .attachUprobe("harden_fa_entry", workload, "tracebook_spin_loop")
                .attachUprobe("harden_fa_exit", workload, "harden_no_such_function"));
        assertTrue(e.getMessage().endsWith("attachUprobe(\"harden_fa_exit\", ...) " + NOTHING_LEFT), e.getMessage());
        assertNothingLeft();
    }

    @Test
    void aNamedObjectWhoseAttachFailedNoLongerHoldsItsName() throws InterruptedException {
        assertThrows(AttachException.class, () -> Bpf.c("SEC(\"tracepoint/syscalls/sys_enter_opnat\") int harden_fa_cell(void *ctx) "
                + "{ return 0; }\n").name("harden-failed-cell").load().attach());
        assertTrue(Bpf.loaded().stream().noneMatch(o -> "harden-failed-cell".equals(o.name())));
        assertNothingLeft();
    }

    @Test
    void aHandleKeptAcrossTheFailureSaysWhyItIsClosed() throws InterruptedException {
        BpfObject o = Bpf.c("SEC(\"tracepoint/syscalls/sys_enter_opnat\") int harden_fa_kept(void *ctx) { return 0; }\n").load();
        assertThrows(AttachException.class, o::attach);
        assertTrue(o.isClosed());
        BpfException later = assertThrows(BpfException.class, () -> o.program("harden_fa_kept"));
        assertEquals("this object is closed: attach() failed; load it again", later.getMessage());
        o.close();
        assertNothingLeft();
    }

    private void assertNothingLeft() throws InterruptedException {
        assertEquals(kernelBefore, KernelObjects.await(OURS, kernelBefore), "programs and links in the kernel");
        assertEquals(fdsBefore, OpenFds.bpf(), "BPF file descriptors of this JVM");
        assertEquals(loadedBefore, Bpf.loaded().size(), "objects in Bpf.loaded()");
    }
}
