package io.tracebook.bpf.realworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.Bpf;
import io.tracebook.bpf.BpfObject;
import io.tracebook.bpf.stream.EventStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * libbpf-tools' javagc, unmodified: four SEC("usdt") programs, of which its user space attaches two, each to two
 * probes of libjvm.so, in one JVM (-p), and its threshold {@code time} is a .bss global set before load. Beside
 * Debian's javagc -p on a JVM of ours that collects its garbage on command.
 */
class JavagcTest {
    private static final int GCS = 8;
    /** javagc prints: TIME CPU PID GC TIME. */
    private static final Pattern LINE = Pattern.compile("^\\S+\\s+\\d+\\s+(\\d+)\\s+(\\d+) *$", Pattern.MULTILINE);

    @BeforeEach
    void tools() {
        LibbpfTools.require();
    }

    @Test
    void seesTheSameCollectionsAsDebiansJavagc() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String libjvm = Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so").toString();
        try (var jvm = RwWorkload.startProgram("rw-javagc", java, "-XX:+UseSerialGC", "-Xmx64m", RwWorkload.resource("RwGc.java").toString(),
                String.valueOf(GCS));
             var tool = ReferenceTool.libbpfTool("javagc", "Tracing", "-p", String.valueOf(jvm.pid()), "-t", "0")) {
            int pid = (int) jvm.pid();
            Table ours;
            try (BpfObject o = Bpf.file(LibbpfTools.source("javagc")).set("time", 0).load()
                    .attachUsdt("handle_gc_start", libjvm, "hotspot", "mem__pool__gc__begin", pid)
                    .attachUsdt("handle_gc_end", libjvm, "hotspot", "mem__pool__gc__end", pid)
                    .attachUsdt("handle_gc_start", libjvm, "hotspot", "gc__begin", pid)
                    .attachUsdt("handle_gc_end", libjvm, "hotspot", "gc__end", pid)) {
                EventStream events = o.events("perf_map");
                jvm.runToEnd();
                ours = events.collect(Duration.ofSeconds(1));
                assertEquals(0, events.lost());
            }
            long theirs = 0;
            Matcher m = LINE.matcher(tool.stop());
            while (m.find()) {
                if (Long.parseLong(m.group(1)) == pid) theirs++;
            }
            System.out.println("javagc: ours " + ours.rowCount() + " collections, Debian's " + theirs);
            assertTrue(ours.rowCount() >= GCS, GCS + " System.gc() calls, each one collection at least: " + ours.rowCount());
            assertTrue(ours.longColumn("pid").asList().stream().allMatch(p -> p == pid), "only the JVM given");
            assertEquals(theirs, ours.rowCount());
        }
    }
}
