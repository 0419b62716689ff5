package io.tracebook.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.error.BpfException;
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
 * Runs the kernel skips, provoked deterministically through the bpf_trace_printk tracepoint, which every
 * bpf_printk fires. A tp_btf program there that calls bpf_printk itself re-enters its own tracepoint on the
 * same CPU: the kernel skips that nested run. A tracepoint/ program there is skipped when the printk comes
 * from a perf_event program, which the kernel counts as a BPF program running on that CPU. Each test counts
 * the printks that provoke a skip, and the programs doing the provoking are never skipped themselves.
 * (Not tested as a skip: a tracepoint/ program fired from inside another tracepoint/ program in the same
 * context. perf drops that hit before BPF sees it, and nothing counts it.)
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
    void aTracepointProgramIsSkippedWhileAnotherProgramRunsOnItsCpu() throws Exception {
        KernelObjects.Counts before = KernelObjects.now(OURS);
        String sampled = """
                const volatile u32 target_pid = 0;
                u64 sampler_printks = 0;
                u64 nested_runs = 0;

                SEC("perf_event") int missed_sampler(void *ctx) {
                    if (bpf_get_current_pid_tgid() >> 32 != target_pid) return 0;
                    __sync_fetch_and_add(&sampler_printks, 1);
                    bpf_printk("tracebook MissedRunsTest sample");
                    return 0;
                }

                SEC("tracepoint/bpf_trace/bpf_trace_printk") int missed_nested(void *ctx) {
                    if (bpf_get_current_pid_tgid() >> 32 == target_pid) __sync_fetch_and_add(&nested_runs, 1);
                    return 0;
                }
                """;
        try (BpfObject o = Bpf.c(sampled).set("target_pid", LibC.getpid()).load().attach()) {
            o.attachSampling("missed_sampler", 999);
            // perf drops some of these tracepoint hits before any BPF program is considered (its own recursion guard, not
            // counted), so a few samples may show no skipped run yet: spin on this CPU until one does.
            Await.spinningUntil("a run of missed_nested skipped", () -> o.program("missed_nested").missedRuns() > 0);
            o.detach();

            long printks = o.global("sampler_printks").getLong();
            BpfProgram nested = o.program("missed_nested");
            assertEquals(0, o.global("nested_runs").getLong(), "missed_nested ran while the sampler was running");
            assertTrue(nested.missedRuns() <= printks,
                    nested.missedRuns() + " skipped runs of missed_nested for " + printks + " printks of the sampler");
            assertEquals(nested.missedRuns(), Bpftool.recursionMisses(nested.id()));
            assertEquals(0, o.program("missed_sampler").missedRuns());
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

        BpfException e = assertThrows(BpfException.class, printk::missedRuns);
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
