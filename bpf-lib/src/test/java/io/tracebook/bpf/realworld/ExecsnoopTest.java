package io.tracebook.bpf.realworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.Bpf;
import io.tracebook.bpf.BpfObject;
import io.tracebook.bpf.stream.EventStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * libbpf-tools' execsnoop, unmodified: it sends each exec as a variable-length record, its struct up to the end of the
 * argv it copied (offsetof(args) + args_size bytes of a 7720-byte struct), the arguments NUL-separated in one char[].
 * Beside Debian's execsnoop, whose rows of our workload's children must be ours.
 */
class ExecsnoopTest {
    private static final int EXECS = 12;
    private static final List<String> ARGV = List.of("/bin/echo", "rw-execsnoop-arg", "-la", "/tmp/rw dir");
    /** execsnoop prints: PCOMM PID PPID RET ARGS. */
    private static final Pattern LINE = Pattern.compile("^(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(-?\\d+)\\s+(.*?)\\s*$", Pattern.MULTILINE);

    @BeforeEach
    void tools() {
        LibbpfTools.require();
    }

    @Test
    void variableLengthRecordsDecodeWithTheirArguments() throws Exception {
        List<String> workloadArgs = new ArrayList<>(List.of("exec", String.valueOf(EXECS)));
        workloadArgs.addAll(ARGV);
        try (var tool = ReferenceTool.libbpfTool("execsnoop", "PCOMM");
             var workload = RwWorkload.start("rw-execsnoop", workloadArgs.toArray(String[]::new));
             BpfObject o = Bpf.file(LibbpfTools.source("execsnoop")).load().attach()) {
            EventStream events = o.events("events").joinStrings("args", "args_size");
            workload.runToEnd();
            Table all = events.collect(Duration.ofSeconds(1));
            assertEquals(0, events.lost(), "a short record is not a lost one");
            assertEquals(0, events.undecodable());
            Table t = all.where(all.intColumn("ppid").isEqualTo((int) workload.pid()));
            List<String> ours = new ArrayList<>();
            for (int row = 0; row < t.rowCount(); row++) {
                ours.add(t.stringColumn("comm").get(row) + " " + t.intColumn("retval").get(row) + " " + t.stringColumn("args").get(row));
            }
            List<String> theirs = new ArrayList<>();
            Matcher m = LINE.matcher(tool.stop());
            while (m.find()) {
                if (Long.parseLong(m.group(3)) == workload.pid()) theirs.add(m.group(1) + " " + m.group(4) + " " + m.group(5));
            }
            System.out.println("execsnoop of " + workload.pid() + "'s children: ours " + ours + ", Debian's " + theirs);
            assertEquals(java.util.Collections.nCopies(EXECS, "echo 0 " + String.join(" ", ARGV)), ours);
            assertEquals(ours, theirs);
            assertTrue(t.intColumn("args_count").asList().stream().allMatch(n -> n == ARGV.size()));
        }
    }
}
