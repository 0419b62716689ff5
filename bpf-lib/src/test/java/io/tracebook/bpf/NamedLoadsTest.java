package io.tracebook.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tracebook.bpf.error.BpfException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Loading under one name is atomic (issue 16, item 7): racing threads leave exactly one object holding it. */
class NamedLoadsTest {
    private static final String OURS = "harden_same";
    private static final String CELL = "harden-same-cell";
    private static final String SOURCE = "SEC(\"tracepoint/syscalls/sys_enter_getppid\") int harden_same(void *ctx) { return 0; }\n";

    @BeforeEach
    void kernel() {
        KernelAccess.require();
    }

    @Test
    void eightThreadsLoadingOneNameLeaveExactlyOneObject() throws Exception {
        KernelObjects.Counts before = KernelObjects.now(OURS);
        Bpf.c(SOURCE).load().close(); // compiled once, so that the threads race on load and attach, not on clang
        for (int round = 0; round < 5; round++) {
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            List<Throwable> unexpected = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        Bpf.c(SOURCE).name(CELL).load().attach();
                    } catch (BpfException replacedWhileAttaching) {
                        // a later load of the name closed this one before its attach: what re-running a cell does
                    } catch (Throwable t) {
                        synchronized (unexpected) {
                            unexpected.add(t);
                        }
                    }
                }));
            }
            start.countDown();
            for (Thread t : threads) t.join();
            assertEquals(List.of(), unexpected);
            List<BpfObject> holders = Bpf.loaded().stream().filter(o -> CELL.equals(o.name())).toList();
            assertEquals(1, holders.size(), () -> "objects named " + CELL + ": " + holders);
            // The last object to take the name is attached by its own thread, and nothing replaces it after.
            KernelObjects.Counts one = new KernelObjects.Counts(before.programs() + 1, before.links() + 1);
            assertEquals(one, KernelObjects.await(OURS, one), "one program, attached once");
            assertEquals(1, holders.getFirst().links().size());
        }
        Bpf.loaded().stream().filter(o -> CELL.equals(o.name())).forEach(BpfObject::close);
        assertEquals(before, KernelObjects.await(OURS, before));
    }
}
