package io.tracebook.bpf.realworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.Bpf;
import io.tracebook.bpf.BpfObject;
import io.tracebook.bpf.analysis.Hist;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * libbpf-tools' funclatency, unmodified: its programs are SEC("kprobe/...") and SEC("kretprobe/...") and its user space
 * attaches them as a uprobe and uretprobe of one process (libbpf allows it), and it keeps its histogram in
 * {@code __u32 hist[25]} in .bss. Beside Debian's funclatency -u -p on the workload's nanosleep(2) calls.
 */
class FunclatencyTest {
    private static final int CALLS = 60;
    private static final int USEC = 1;

    @BeforeEach
    void tools() {
        LibbpfTools.require();
    }

    @Test
    void histogramOfNanosleepMatchesDebiansFunclatency() throws Exception {
        try (var workload = RwWorkload.start("rw-funclatency", "run-sleep", String.valueOf(CALLS), "0", "1500");
             var tool = ReferenceTool.libbpfTool("funclatency", "Tracing", "-u", "-p", String.valueOf(workload.pid()), "c:nanosleep")) {
            Table hist;
            int pid = (int) workload.pid();
            try (BpfObject o = Bpf.file(LibbpfTools.source("funclatency")).set("targ_tgid", pid).set("units", USEC).load()
                    .attachUprobe("dummy_kprobe", "libc", "nanosleep", pid)
                    .attachUprobe("dummy_kretprobe", "libc", "nanosleep", pid)) {
                workload.runToEnd();
                hist = Hist.fromLog2Slots(o.global("hist").toTable(), "hist");
            }
            Map<Long, Long> ours = Log2Histograms.of(hist);
            Map<Long, Long> theirs = Log2Histograms.ofBcc(tool.stop());
            System.out.println("funclatency of nanosleep(1.5 ms), usecs by bucket: ours " + ours + ", Debian's " + theirs);
            assertEquals(CALLS, Log2Histograms.total(ours), "every call once");
            assertTrue(ours.keySet().stream().allMatch(low -> low >= 1024), "a 1.5 ms nap takes at least 1024 us: " + ours);
            Log2Histograms.assertSameEvents(ours, theirs, "nanosleep calls");
        }
    }
}
