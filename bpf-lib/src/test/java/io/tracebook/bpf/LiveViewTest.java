package io.tracebook.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.display.LiveSurface;
import io.tracebook.bpf.display.TerminalSurface;
import io.tracebook.bpf.stream.LiveView;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Live views redraw while events arrive, on whatever surface is installed. */
class LiveViewTest {
    private static final String OPENS = """
            struct event { u32 pid; char comm[16]; };
            RINGBUF(events);
            SEC("tracepoint/syscalls/sys_enter_openat")
            int on_open(void *ctx) {
                struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
                if (!e) return 0;
                e->pid = bpf_get_current_pid_tgid() >> 32;
                bpf_get_current_comm(e->comm, sizeof(e->comm));
                bpf_ringbuf_submit(e, 0);
                return 0;
            }
            """;

    /** Records frames instead of drawing them. */
    static final class RecordingSurface implements LiveSurface {
        final List<Object> frames = new CopyOnWriteArrayList<>();

        @Override
        public void show(Object frame) {
            frames.add(frame);
        }

        @Override
        public void update(Object frame) {
            frames.add(frame);
        }
    }

    @AfterEach
    void terminalAgain() {
        LiveSurface.install(() -> new TerminalSurface(System.out));
    }

    @Test
    void redrawsTheViewOfTheWindowWhileEventsArriveAndStopsAfterAwait() throws Exception {
        KernelAccess.require();
        RecordingSurface surface = new RecordingSurface();
        LiveSurface.install(() -> surface);
        // Opens until destroyed: a fixed count (2 million, about 5 s) could run out while a busy machine compiles.
        Process child = Workload.start("open", "1000000000");
        try (var o = Bpf.c(OPENS).load().attach()) {
            LiveView view = o.events("events").live(Duration.ofSeconds(30), Table::rowCount);
            // About 3 redraws a second, fewer when the machine is busy: wait for four, the window filling meanwhile.
            Await.until("4 frames of a filling window: " + surface.frames,
                    () -> surface.frames.size() >= 4 && (Integer) surface.frames.getLast() > (Integer) surface.frames.get(1));
            view.await(Duration.ofMillis(100));
            assertFalse(view.isRunning());
            List<Integer> counts = new ArrayList<>();
            surface.frames.forEach(f -> counts.add((Integer) f));
            assertTrue(counts.getLast() > counts.get(1), "the window keeps filling: " + counts);
            int drawn = surface.frames.size();
            Thread.sleep(500);
            assertEquals(drawn, surface.frames.size(), "no frame after stop");
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    void theTerminalErasesThePreviousFrameOnAnsiTerminals() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TerminalSurface terminal = new TerminalSurface(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        terminal.show("one\ntwo");
        terminal.update("three");
        assertEquals("one\ntwo\n\033[2A\033[Jthree\n", bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }
}
