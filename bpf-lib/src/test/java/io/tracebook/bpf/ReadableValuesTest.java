package io.tracebook.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.display.LiveSurface;
import io.tracebook.bpf.display.PolledView;
import io.tracebook.bpf.display.TerminalSurface;
import io.tracebook.bpf.stack.KernelSymbols;
import io.tracebook.bpf.stack.Profile;
import io.tracebook.bpf.stack.UserSymbols;
import io.tracebook.bpf.stream.LiveTable;
import io.tracebook.bpf.stream.LiveView;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * The values a session shows by their {@code toString()} (a notebook cell or a jshell line ending with one) say
 * what they are and in what state, never "LiveView@b6e6d31".
 */
class ReadableValuesTest {
    private static final String OPENS = """
            struct event { u32 pid; };
            RINGBUF(events);
            HASH(counts, u32, u64, 16);
            const volatile u32 skip_pid = 0;
            SEC("tracepoint/syscalls/sys_enter_openat")
            int on_open(void *ctx) {
                struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
                if (!e) return 0;
                e->pid = bpf_get_current_pid_tgid() >> 32;
                bpf_ringbuf_submit(e, 0);
                return 0;
            }
            """;

    @AfterEach
    void terminalAgain() {
        LiveSurface.install(() -> new TerminalSurface(System.out));
    }

    @Test
    void liveViewsAndTablesSayWhatTheyReadAndHowFar() {
        KernelAccess.require();
        LiveSurface.install(LiveViewTest.RecordingSurface::new);
        try (var o = Bpf.c(OPENS).load().attach()) {
            LiveView view = o.events("events").live(Duration.ofSeconds(10), Table::rowCount);
            assertTrue(view.toString().matches("LiveView of 'events' \\(the last 10 s\\): running, \\d+ frames? drawn; \\d+ rows? held, 0 lost"),
                    view.toString());
            view.await(Duration.ofMillis(700));
            assertTrue(view.toString().matches("LiveView of 'events' \\(the last 10 s\\): stopped after [1-9]\\d* frames?; \\d+ rows? held, 0 lost"),
                    view.toString());
            try (LiveTable table = o.events("events").follow(Duration.ofMillis(1500))) {
                assertTrue(table.toString().matches("LiveTable of 'events' \\(the last 1500 ms\\): reading, \\d+ rows? held, 0 lost"),
                        table.toString());
            }
        }
    }

    @Test
    void aPolledViewSaysHowOftenAndHowManyFrames() {
        LiveSurface.install(LiveViewTest.RecordingSurface::new);
        PolledView view = PolledView.every(Duration.ofMillis(250), () -> "frame");
        assertTrue(view.toString().matches("PolledView every 250 ms: running, \\d+ frames? drawn"), view.toString());
        view.stop();
        assertTrue(view.toString().matches("PolledView every 250 ms: stopped after [1-9]\\d* frames?"), view.toString());
    }

    @Test
    void anOpenObjectNamesItsProgramsAndGlobalsAndATypedMapItsTypes() {
        KernelAccess.require();
        OpenObject open = Bpf.c(OPENS).name("readable");
        assertEquals("OpenObject 'readable': opened, not loaded; programs on_open; maps events, counts; globals skip_pid; load() loads it", open.toString());
        try (BpfObject loaded = open.load()) {
            assertEquals("OpenObject 'readable': loaded or closed", open.toString());
            assertEquals("counts (hash) as Integer to Long", loaded.map("counts").as(Integer.class, Long.class).toString());
        }
    }

    @Test
    void symbolsAndProfilesSayWhatTheyHold() {
        KernelAccess.require();
        assertTrue(KernelSymbols.load().toString().matches("KernelSymbols: [1-9]\\d* functions from /proc/kallsyms"));
        String symbols = UserSymbols.of(ProcessHandle.current().pid()).toString();
        assertTrue(symbols.matches("UserSymbols of process " + ProcessHandle.current().pid() + ": [1-9]\\d* executable mappings \\(.+\\)"),
                symbols);
        try (Profile profile = Profile.start(49)) {
            assertEquals("Profile: sampling; samples(), frames() and flameGraph() read it", profile.toString());
            profile.stop();
            assertEquals("Profile: stopped; samples(), frames() and flameGraph() read it", profile.toString());
        }
    }
}
