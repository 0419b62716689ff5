package io.tracebook.bpf.realworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.Bpf;
import io.tracebook.bpf.BpfObject;
import io.tracebook.bpf.OpenObject;
import io.tracebook.bpf.analysis.Hist;
import io.tracebook.bpf.error.BpfException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * libbpf-tools' cpudist, unmodified: its maps have no max_entries (its user space sizes them from pid_max), its
 * tp_btf program has a raw_tp twin, and it keeps per-process histograms as {@code struct hist { __u32 slots[36];
 * char comm[16]; }} map values. Beside Debian's cpudist -P -p on a workload of three threads spinning on one CPU:
 * cpudist counts a time on the CPU when the thread is switched out still runnable, preempted, as these are.
 */
class CpudistTest {
    private static final int THREADS = 3;

    @BeforeEach
    void tools() {
        LibbpfTools.require();
    }

    @Test
    void onCpuHistogramMatchesDebiansCpudist() throws Exception {
        // Files.readString gives "3" for this file's "32768" (JDK 25: procfs reports size 0); readAllLines reads it whole
        int pidMax = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/kernel/pid_max")).getFirst().strip());
        try (var workload = RwWorkload.start("rw-cpudist", "spin", String.valueOf(THREADS), "1000");
             var tool = ReferenceTool.libbpfTool("cpudist", "Tracing", "-P", "-p", String.valueOf(workload.pid()))) {
            OpenObject open = Bpf.file(LibbpfTools.source("cpudist")).autoload("sched_switch_tp", false)
                    .set("targ_per_process", true).set("targ_tgid", (int) workload.pid());
            BpfException unsized = assertThrows(BpfException.class, open::load);
            assertTrue(unsized.getMessage().startsWith("cannot create map 'start' (hash): its max_entries is 0, as the program leaves "
                    + "its size to user space: set it before load with .mapSize(\"start\", entries)"), unsized.getMessage());
            Table hists;
            try (BpfObject o = Bpf.file(LibbpfTools.source("cpudist")).autoload("sched_switch_tp", false)
                    .set("targ_per_process", true).set("targ_tgid", (int) workload.pid())
                    .mapSize("start", pidMax).mapSize("hists", pidMax).load().attach()) {
                workload.runToEnd();
                hists = o.map("hists").toTable();
            }
            assertTrue(hists.stringColumn("comm").get(0).startsWith("rw-"), "the name of the thread that ran first: " + hists.stringColumn("comm").get(0));
            assertEquals(1, hists.rowCount(), "one histogram, of the workload process");
            assertEquals(List.of(workload.pid()), hists.longColumn("key").asList());
            Map<Long, Long> ours = Log2Histograms.of(Hist.fromLog2Slots(hists, "slots"));
            Map<Long, Long> theirs = Log2Histograms.ofBcc(tool.stop());
            System.out.println("cpudist of rw-cpudist, usecs on CPU by bucket: ours " + ours + ", Debian's " + theirs);
            // seen: 90 to 300 preemptions; the others can only run if each thread is preempted at least once
            assertTrue(Log2Histograms.total(ours) >= THREADS, "threads sharing a CPU are preempted: " + ours);
            Log2Histograms.assertSameEvents(ours, theirs, "on-CPU slices");
        }
    }
}
