package io.tracebook.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.display.LiveSurface;
import io.tracebook.bpf.display.PolledView;
import io.tracebook.bpf.display.TerminalSurface;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.ffi.LibC;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A polled view re-reads what it shows (here a map the kernel keeps counting in) and redraws it. */
class PolledViewTest {
    private static final String COUNT_GETPPID = Workload.IS_WORKLOAD_C + """
            ARRAY(calls, u64, 1);
            SEC("tracepoint/syscalls/sys_enter_getppid")
            int on_getppid(void *ctx) {
                if (!is_workload()) return 0;
                u32 zero = 0;
                u64 *n = bpf_map_lookup_elem(&calls, &zero);
                if (n) __sync_fetch_and_add(n, 1);
                return 0;
            }
            """;

    private final LiveViewTest.RecordingSurface surface = new LiveViewTest.RecordingSurface();

    @BeforeEach
    void record() {
        LiveSurface.install(() -> surface);
    }

    @AfterEach
    void terminalAgain() {
        LiveSurface.install(() -> new TerminalSurface(System.out));
    }

    @Test
    void redrawsWhatAMapHoldsWhileTheKernelCountsAndEndsOnItsFinalValue() throws Exception {
        KernelAccess.require();
        try (var o = Bpf.c(COUNT_GETPPID).set("test_pid", LibC.getpid()).load().attach()) {
            BpfMap calls = o.map("calls");
            Process child = Workload.start("getppid", "400000000");
            PolledView view;
            try {
                view = PolledView.every(Duration.ofMillis(100), () -> ((Number) calls.get(0)).longValue());
                // About 10 redraws a second, fewer when the machine is busy: wait for six, the counter growing meanwhile.
                Await.until("6 frames of a growing counter: " + surface.frames,
                        () -> surface.frames.size() >= 6 && (Long) surface.frames.getLast() > (Long) surface.frames.get(1));
                view.await(Duration.ofMillis(100));
            } finally {
                child.destroyForcibly().waitFor();
            }
            assertFalse(view.isRunning());
            List<Long> counts = new ArrayList<>();
            surface.frames.forEach(f -> counts.add((Long) f));
            assertEquals(view.frames(), counts.size());
            assertTrue(counts.getLast() > counts.get(1), "the map kept filling: " + counts);
            for (int i = 1; i < counts.size(); i++) assertTrue(counts.get(i) >= counts.get(i - 1), "a counter never goes back: " + counts);
            int drawn = surface.frames.size();
            Thread.sleep(300);
            assertEquals(drawn, surface.frames.size(), "no frame after stop");
        }
    }

    @Test
    void aFailingReadStopsTheViewAndIsRethrownToTheCaller() {
        AtomicInteger reads = new AtomicInteger();
        IllegalStateException broken = new IllegalStateException("map closed");
        PolledView view = PolledView.every(Duration.ofMillis(20), () -> {
            if (reads.incrementAndGet() > 3) throw broken;
            return reads.get();
        });
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> view.await(Duration.ofSeconds(5)));
        assertSame(broken, thrown);
        assertFalse(view.isRunning());
        assertEquals(List.of(1, 2, 3), surface.frames);
    }

    @Test
    void refusesAPeriodThatIsNotPositive() {
        assertThrows(BpfException.class, () -> PolledView.every(Duration.ZERO, () -> "frame"));
    }
}
