package io.tracebook.bpf.realworld;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tracebook.bpf.Bpf;
import io.tracebook.bpf.BpfObject;
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
 * libbpf-tools' syscount, unmodified, configured as {@code syscount -L -p PID} (filter_pid and measure_latency before
 * load), its data map of struct data_t (syscount.h) read as a table, beside Debian's syscount with those options.
 */
class SyscountTest {
    private static final int CALLS = 5000;
    /** syscount -L prints: SYSCALL COUNT TIME (us). */
    private static final Pattern LINE = Pattern.compile("^(\\w+)\\s+(\\d+)\\s+[\\d.]+$", Pattern.MULTILINE);
    /** The kernel's syscall numbers, from the system's header (x86-64). */
    private static final Pattern NUMBER = Pattern.compile("^#define __NR_(\\w+) (\\d+)$", Pattern.MULTILINE);

    @BeforeEach
    void tools() {
        LibbpfTools.require();
    }

    @Test
    void countsTheSameSyscallsAsDebiansSyscount() throws Exception {
        Map<Integer, String> names = new HashMap<>();
        Matcher n = NUMBER.matcher(Files.readString(Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h")));
        while (n.find()) names.put(Integer.parseInt(n.group(2)), n.group(1));
        try (var workload = RwWorkload.start("rw-syscount", "getppid", String.valueOf(CALLS));
             var tool = ReferenceTool.libbpfTool("syscount", "Tracing", "-L", "-T", "50", "-p", String.valueOf(workload.pid()))) {
            Map<String, Long> ours = new HashMap<>();
            try (BpfObject o = Bpf.file(LibbpfTools.source("syscount")).set("filter_pid", (int) workload.pid())
                    .set("measure_latency", true).load().attach()) {
                workload.runToEnd();
                Table data = o.map("data").toTable();
                for (int row = 0; row < data.rowCount(); row++) {
                    ours.put(names.get(data.longColumn("key").get(row).intValue()), data.longColumn("count").get(row));
                }
            }
            Map<String, Long> theirs = new HashMap<>();
            Matcher m = LINE.matcher(tool.stop());
            while (m.find()) theirs.put(m.group(1), Long.parseLong(m.group(2)));
            System.out.println("syscount -L of rw-syscount: ours " + ours + ", Debian's " + theirs);
            assertEquals(CALLS, ours.get("getppid"), "the workload's getppid calls");
            assertEquals(ours, theirs);
        }
    }
}
