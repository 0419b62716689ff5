package io.tracebook.bpf.realworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.Bpf;
import io.tracebook.bpf.BpfObject;
import io.tracebook.bpf.KernelAccess;
import io.tracebook.bpf.KernelObjects;
import io.tracebook.bpf.PerfEvent;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.error.UnsupportedFeatureException;
import io.tracebook.bpf.sys.PerfEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SEC("perf_event") programs on other events than cpu-clock: software events by period or frequency, per process or per CPU. */
class PerfEventsTest {
    private static final String COUNTER = """
            u64 runs = 0;
            SEC("perf_event") int rw_perf_event(struct bpf_perf_event_data *ctx) { __sync_fetch_and_add(&runs, 1); return 0; }
            """;
    private static final int PAGES = 3000;

    @BeforeEach
    void kernel() {
        KernelAccess.require();
    }

    @Test
    void everyPageFaultOfOneProcessLikeBpftrace() throws Exception {
        try (var workload = RwWorkload.start("rw-perfevents", "touch", String.valueOf(PAGES));
             var bpftrace = ReferenceTool.bpftrace("software:page-faults:1 /pid == " + workload.pid() + "/ { @faults = count(); }");
             BpfObject o = Bpf.c(COUNTER).load().attachPerfEvent("rw_perf_event", PerfEvent.software("page-faults").period(1).pid(workload.pid()))) {
            assertEquals("page-faults every 1 event in thread " + workload.pid(), o.links().getFirst().target());
            workload.runToEnd();
            long ours = o.global("runs").getLong();
            Matcher m = Pattern.compile("@faults: (\\d+)").matcher(bpftrace.stop());
            assertTrue(m.find(), "bpftrace printed its count");
            System.out.println("page faults of the workload: ours " + ours + ", bpftrace's " + m.group(1));
            assertTrue(ours >= PAGES, "a fault per page written, and a few more: " + ours);
            assertEquals(Long.parseLong(m.group(1)), ours, "the same faults of the same process");
        }
    }

    @Test
    void aFrequencyOnEveryCpu() throws Exception {
        try (BpfObject o = Bpf.c(COUNTER).load().attachPerfEvent("rw_perf_event", PerfEvent.software("task-clock").frequency(199))) {
            long end = System.nanoTime() + 400_000_000L;
            while (System.nanoTime() < end) Math.sqrt(System.nanoTime());
            // about 80 samples while this thread runs all the time; more than 10 leaves room for a machine busy 7/8 of the time
            assertTrue(o.global("runs").getLong() > 10, "199 Hz of task-clock while this thread spins 0.4 s: " + o.global("runs").getLong());
            assertEquals(PerfEvents.onlineCpus().size(), o.links().size(), "one event per CPU");
        }
    }

    @Test
    void aMissingHardwareEventSaysWhatToUseInstead() throws InterruptedException {
        Assumptions.assumeFalse(Files.exists(Path.of("/sys/bus/event_source/devices/cpu")), "this machine has a PMU");
        for (PerfEvent event : java.util.List.of(PerfEvent.hardware("cycles").frequency(99), PerfEvent.cache("L1-dcache-load-misses"))) {
            KernelObjects.Counts before = KernelObjects.now("rw_perf_event");
            BpfObject o = Bpf.c(COUNTER).load();
            UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> o.attachPerfEvent("rw_perf_event", event));
            assertTrue(e.getMessage().startsWith("hardware event '" + event.toString().split(" ")[0] + "' is not available"), e.getMessage());
            assertTrue(e.getMessage().contains("sample a software event instead, e.g. PerfEvent.software(\"cpu-clock\")"), e.getMessage());
            assertTrue(o.isClosed(), "a failed attach closes the object");
            assertEquals(before, KernelObjects.await("rw_perf_event", before), "nothing left in the kernel");
        }
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        BpfException e = assertThrows(BpfException.class, () -> PerfEvent.software("page-fault"));
        assertTrue(e.getMessage().contains("page-faults, context-switches"), e.getMessage());
        assertThrows(BpfException.class, () -> PerfEvent.cache("L1-dcache-loadz"));
        assertEquals("LLC-load-misses at 99 Hz on every CPU", PerfEvent.cache("LLC-load-misses").toString());
    }
}
