package io.tracebook.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.ffi.LibC;
import io.tracebook.bpf.stream.EventStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the kernel skips, provoked deterministically: each getpid() of this process makes {@code missed_driver}
 * call bpf_printk, which fires the bpf_trace_printk tracepoint; {@code missed_printk} runs there and calls
 * bpf_printk itself, re-entering the same tracepoint on the same CPU, so the kernel skips that nested run and
 * counts it. One skipped run per printk of the driver, none of the driver's own runs.
 */
class MissedRunsTest {
    /** The kernel truncates program names to 15 characters; ours start with this. */
    private static final String OURS = "missed_";
    private static final int GETPIDS = 50;
    private static final String RECURSION = """
            RINGBUF(events);
            struct event { u32 pid; };
            const volatile u32 target_pid = 0;
            u64 driver_printks = 0;

            SEC("tracepoint/syscalls/sys_enter_getpid") int missed_driver(void *ctx) {
                if (bpf_get_current_pid_tgid() >> 32 != target_pid) return 0;
                __sync_fetch_and_add(&driver_printks, 1);
                bpf_printk("tracebook MissedRunsTest");
                return 0;
            }

            SEC("tp_btf/bpf_trace_printk") int BPF_PROG(missed_printk, const char *text) {
                if (bpf_get_current_pid_tgid() >> 32 != target_pid) return 0;
                bpf_printk("tracebook MissedRunsTest, nested");
                return 0;
            }
            """;

    @BeforeEach
    void kernel() {
        KernelAccess.require();
    }

    @Test
    void aProgramReenteringItsOwnTracepointHasTheNestedRunsCountedAsBpftoolShowsThem() throws Exception {
        KernelObjects.Counts before = KernelObjects.now(OURS);
        try (BpfObject o = recursion()) {
            o.attach();
            for (int i = 0; i < GETPIDS; i++) LibC.getpid();
            o.detach();

            long printks = o.global("driver_printks").getLong();
            BpfProgram printk = o.program("missed_printk");
            BpfProgram driver = o.program("missed_driver");
            assertTrue(printks >= GETPIDS, "the driver saw " + printks + " of our " + GETPIDS + " getpid() calls");
            assertEquals(printks, printk.missedRuns(), "one nested run skipped per printk of the driver");
            assertEquals(printk.missedRuns(), Bpftool.recursionMisses(printk.id()));
            assertEquals(0, driver.missedRuns(), "the driver never runs nested");
            assertEquals(0, Bpftool.recursionMisses(driver.id()));
            assertEquals(printks, o.missedRuns());
            assertTrue(o.toString().contains("missed_printk not attached, " + printks + " runs skipped"), o.toString());
        }
        assertEquals(before, KernelObjects.await(OURS, before), "programs left behind");
    }

    @Test
    void aStreamReportsTheSkippedRunsOnStderrButDoesNotCountThemAsLostEvents() {
        try (BpfObject o = recursion()) {
            EventStream events = o.events("events");
            o.attach();
            for (int i = 0; i < GETPIDS; i++) LibC.getpid();
            o.detach();
            long skipped = o.program("missed_printk").missedRuns();

            String stderr = stderrOf(() -> events.collect(Duration.ofMillis(10)));

            assertEquals("[events] missed_printk was skipped " + skipped + " times so far by the kernel (a BPF program was "
                    + "already running on that CPU): events of those runs were never produced\n", stderr);
            assertEquals(0, events.lost());
            assertTrue(events.toString().endsWith(", " + skipped + " program runs skipped by the kernel"), events.toString());
            assertEquals("", stderrOf(() -> events.collect(Duration.ofMillis(10))), "reported again without new skips");
        }
    }

    @Test
    void missedRunsOfAClosedObjectSayItIsClosed() {
        BpfObject o = recursion();
        BpfProgram printk = o.program("missed_printk");
        o.close();

        BpfException e = org.junit.jupiter.api.Assertions.assertThrows(BpfException.class, printk::missedRuns);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    private static BpfObject recursion() {
        return Bpf.c(RECURSION).set("target_pid", LibC.getpid()).load();
    }

    private static String stderrOf(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** bpftool's view of a program: the reference our count must equal. */
    private static final class Bpftool {
        private static final Pattern MISSES = Pattern.compile("\"recursion_misses\":(\\d+)");

        /** bpftool leaves the field out when it is zero. */
        static long recursionMisses(int programId) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(List.of("bpftool", "-j", "prog", "show", "id", Integer.toString(programId)))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("bpftool failed: " + out);
            if (!out.contains("\"id\":" + programId)) throw new IOException("bpftool did not show program " + programId + ": " + out);
            Matcher m = MISSES.matcher(out);
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        }
    }
}
