package io.tracebook.bpf.realworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.Bpf;
import io.tracebook.bpf.BpfObject;
import io.tracebook.bpf.OpenObject;
import io.tracebook.bpf.analysis.Hist;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * libbpf-tools' hardirqs, unmodified: four programs (tp_btf and raw_tp twins for entry and exit), of which its user
 * space keeps the tp_btf pair; with both twins attached every interrupt would count twice. Interrupts are the
 * machine's, not a process's, so the check is by windows: the kernel's own counts (/proc/interrupts) read just after
 * attach and just before the map is read bound ours from below, those read before load and after close from above,
 * and Debian's hardirqs runs the whole time.
 */
class HardirqsTest {
    private static final Pattern COUNT_LINE = Pattern.compile("^(\\S+)\\s+(\\d+)$", Pattern.MULTILINE);
    private static final Pattern DIST_BLOCK = Pattern.compile("^hardirq = (\\S+)\\n.*\\n((?:.*->.*\\n?)+)", Pattern.MULTILINE);
    private static final Pattern DIST_ROW = Pattern.compile("->\\s*\\d+\\s*:\\s*(\\d+)");
    private static final int READS = 512;
    /**
     * The irq_handler_entry tracepoint fires for fewer interrupts than /proc/interrupts counts, now and then: seen here,
     * ours 474 of 512 and bpftrace's tracepoint:irq:irq_handler_entry 974 of 1024 (Debian's hardirqs too, in its longer
     * window). A tool that counted each interrupt twice would be at 200%.
     */
    private static final double TRACED_AT_LEAST = 0.8;

    @BeforeEach
    void tools() {
        LibbpfTools.require();
    }

    /** As hardirqs.c does on a kernel with tp_btf: the raw_tp twins off, and in count mode the exit program too. */
    private static OpenObject configured(boolean count) {
        OpenObject o = Bpf.file(LibbpfTools.source("hardirqs"))
                .autoload("irq_handler_entry", false)
                .autoload("irq_handler_exit", false);
        if (count) return o.autoload("irq_handler_exit_btf", false).set("do_count", true);
        return o.set("targ_dist", true);
    }

    @Test
    void countsEachInterruptOnceLikeTheKernel() throws Exception {
        Path data = diskFile();
        Map<String, Long> ours;
        Map<String, Long> outerBefore;
        Map<String, Long> innerBefore;
        Map<String, Long> innerAfter;
        String printed;
        try (var tool = ReferenceTool.libbpfTool("hardirqs", "Tracing", "-C");
             var workload = RwWorkload.start("rw-hardirqs", "direct-reads", data.toString(), String.valueOf(READS), "4096")) {
            outerBefore = ProcInterrupts.now();
            try (BpfObject o = configured(true).load().attach()) {
                innerBefore = ProcInterrupts.now();
                workload.runToEnd();
                innerAfter = ProcInterrupts.now();
                ours = counts(o.map("infos").toTable(), "count");
                assertTrue(o.toString().contains("irq_handler_entry_btf attached, irq_handler_exit_btf switched off, "
                        + "irq_handler_entry switched off, irq_handler_exit switched off"), o.toString());
                assertEquals(0, o.missedRuns(), "no run of ours was skipped");
            }
            Map<String, Long> outerAfter = ProcInterrupts.now();
            printed = tool.stop();
            Map<String, Long> theirs = new HashMap<>();
            Matcher m = COUNT_LINE.matcher(printed.substring(printed.indexOf("TOTAL_count")));
            while (m.find()) theirs.put(m.group(1), Long.parseLong(m.group(2)));
            System.out.println("hardirqs -C: ours " + ours + ", Debian's " + theirs);
            long innerTotal = 0;
            for (String irq : ours.keySet()) {
                innerTotal += ProcInterrupts.delta(innerBefore, innerAfter, irq);
                assertCountedOnce(irq, ours.get(irq), theirs.getOrDefault(irq, 0L), innerBefore, innerAfter, outerBefore, outerAfter);
            }
            assertTrue(innerTotal > 0, "the workload's " + READS + " direct reads raised interrupts");
        }
    }

    @Test
    void histogramsInMapValuesReadAsLog2Tables() throws Exception {
        Path data = diskFile();
        Map<String, Long> ours = new HashMap<>();
        Map<String, Long> innerBefore;
        Map<String, Long> innerAfter;
        Map<String, Long> outerBefore;
        try (var tool = ReferenceTool.libbpfTool("hardirqs", "Tracing", "-d");
             var workload = RwWorkload.start("rw-hardirqs", "direct-reads", data.toString(), String.valueOf(READS), "4096")) {
            outerBefore = ProcInterrupts.now();
            Table infos;
            try (BpfObject o = configured(false).load().attach()) {
                innerBefore = ProcInterrupts.now();
                workload.runToEnd();
                innerAfter = ProcInterrupts.now();
                infos = o.map("infos").toTable();
            }
            Map<String, Long> outerAfter = ProcInterrupts.now();
            String printed = tool.stop();
            for (String irq : infos.stringColumn("name").unique().asList()) {
                Table hist = Hist.fromLog2Slots(infos.where(infos.stringColumn("name").isEqualTo(irq)), "slots");
                ours.put(irq, (long) hist.longColumn("count").sum());
                assertEquals(Hist.log2(infos, "count").columnNames(), hist.columnNames(), "the columns of every log2 histogram");
            }
            Map<String, Long> theirs = new HashMap<>();
            Matcher block = DIST_BLOCK.matcher(printed);
            while (block.find()) {
                Matcher row = DIST_ROW.matcher(block.group(2));
                long total = 0;
                while (row.find()) total += Long.parseLong(row.group(1));
                theirs.put(block.group(1), total);
            }
            System.out.println("hardirqs -d totals: ours " + ours + ", Debian's " + theirs);
            for (String irq : ours.keySet()) {
                assertCountedOnce(irq, ours.get(irq), theirs.getOrDefault(irq, 0L), innerBefore, innerAfter, outerBefore, outerAfter);
            }
        }
    }

    /**
     * Each interrupt once: no more than the kernel counted around our attachment, nor (beyond the same tracepoint misses)
     * more than Debian's hardirqs over its longer run; and at least what the tracepoint shows of the kernel's count
     * within it.
     */
    private static void assertCountedOnce(String irq, long ours, long debians, Map<String, Long> innerBefore, Map<String, Long> innerAfter,
                                          Map<String, Long> outerBefore, Map<String, Long> outerAfter) {
        long inner = ProcInterrupts.delta(innerBefore, innerAfter, irq);
        long outer = ProcInterrupts.delta(outerBefore, outerAfter, irq);
        String counts = irq + ": the kernel counted " + inner + " within our attachment and " + outer + " around it, Debian's hardirqs "
                + debians + "; ours " + ours;
        assertTrue(ours >= TRACED_AT_LEAST * inner && ours <= outer, counts);
        assertTrue(TRACED_AT_LEAST * ours <= debians, counts);
    }

    private static Map<String, Long> counts(Table infos, String column) {
        Map<String, Long> counts = new HashMap<>();
        for (int row = 0; row < infos.rowCount(); row++) {
            counts.put(infos.stringColumn("name").get(row), infos.longColumn(column).get(row));
        }
        return counts;
    }

    /** A file on the machine's disk for the workload's direct reads, which raise the disk's interrupts. */
    static Path diskFile() throws Exception {
        Path file = Path.of("target", "realworld", "rw-disk-data").toAbsolutePath();
        Files.createDirectories(file.getParent());
        if (!Files.exists(file) || Files.size(file) < READS * 4096L) Files.write(file, new byte[READS * 4096]);
        return file;
    }
}
