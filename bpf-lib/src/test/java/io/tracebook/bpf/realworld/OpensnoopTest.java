package io.tracebook.bpf.realworld;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tracebook.bpf.Bpf;
import io.tracebook.bpf.BpfObject;
import io.tracebook.bpf.OpenObject;
import io.tracebook.bpf.stream.EventStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * libbpf-tools' opensnoop, unmodified: its event struct lives in opensnoop.h and is only a stack local, so only
 * the header tells its fields. Configured as its user space does (targ_tgid from -p, the open(2) programs
 * switched off where the kernel has no such tracepoint), beside Debian's opensnoop -p on the same process.
 */
class OpensnoopTest {
    private static final int OPENS = 40;
    private static final int MISSING = 15;
    /** opensnoop prints: PID COMM FD ERR PATH. */
    private static final Pattern LINE = Pattern.compile("^(\\d+)\\s+(\\S+)\\s+(-?\\d+)\\s+(\\d+)\\s+(\\S+)$", Pattern.MULTILINE);

    @BeforeEach
    void tools() {
        LibbpfTools.require();
    }

    @Test
    void seesTheSameOpensAsDebiansOpensnoop() throws Exception {
        Path file = Files.writeString(Files.createTempFile("rw-opensnoop-", ".txt"), "x");
        file.toFile().deleteOnExit();
        Path missing = file.resolveSibling(file.getFileName() + ".missing");
        try (var workload = RwWorkload.start("rw-opensnoop", "open", String.valueOf(OPENS), file.toString(), String.valueOf(MISSING), missing.toString());
             var tool = ReferenceTool.libbpfTool("opensnoop", "PATH", "-p", String.valueOf(workload.pid()))) {
            OpenObject open = Bpf.file(LibbpfTools.source("opensnoop")).set("targ_tgid", (int) workload.pid());
            if (!Files.exists(Path.of("/sys/kernel/tracing/events/syscalls/sys_enter_open"))) {
                open.autoload("tracepoint__syscalls__sys_enter_open", false).autoload("tracepoint__syscalls__sys_exit_open", false);
            }
            Map<String, Integer> ours = new HashMap<>();
            try (BpfObject o = open.load().attach()) {
                EventStream events = o.events("events");
                workload.runToEnd();
                Table t = events.collect(Duration.ofSeconds(1));
                assertEquals(0, events.lost());
                assertEquals(0, events.undecodable());
                assertEquals("events", t.name());
                for (int row = 0; row < t.rowCount(); row++) {
                    int ret = t.intColumn("ret").get(row);
                    ours.merge(t.stringColumn("fname").get(row) + (ret >= 0 ? " fd " + ret : " errno " + -ret), 1, Integer::sum);
                    assertEquals("rw-opensnoop", t.stringColumn("comm").get(row));
                    assertEquals((int) workload.pid(), t.intColumn("pid").get(row));
                }
            }
            Map<String, Integer> theirs = new HashMap<>();
            Matcher m = LINE.matcher(tool.stop());
            while (m.find()) {
                String fd = m.group(3);
                theirs.merge(m.group(5) + (fd.equals("-1") ? " errno " + m.group(4) : " fd " + fd), 1, Integer::sum);
            }
            System.out.println("opensnoop: ours " + ours + ", Debian's " + theirs);
            assertEquals(Map.of(file + " fd 3", OPENS, missing + " errno 2", MISSING), ours,
                    "each open of the file got fd 3 (closed each time), each of the missing one ENOENT");
            assertEquals(ours, theirs);
        }
    }
}
