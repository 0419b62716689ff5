package io.tracebook.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the whole benchmark suite in its smoke settings (seconds, not minutes) against the real
 * kernel, gcc, clang and libbpf, and checks that every benchmark ran and printed its row. The
 * figures themselves are never asserted: timing belongs to {@code ./tracebook bench}, not to tests.
 */
class SmokeBenchTest {
    private static final List<String> FIGURES = List.of(
            "live ingest, ring buffer (submit flags 0)",
            "live ingest, perf buffer",
            "live ingest, ring buffer, 8 events per call",
            "live ingest, ring buffer, a generator per CPU",
            "live ingest, perf buffer, a generator per CPU",
            "live ingest while recording (ring buffer)",
            "drain ring into columns",
            "retained heap per buffered event",
            "replay recorded events into a Table",
            "compile+load+attach, new snippet (warm)",
            "load+attach, unchanged snippet re-run",
            "compile+load+attach, first ever (empty cache)",
            "read 10k-entry hash map into a Table",
            "live view at full rate",
            "one-liner, call to attached, new (warm)",
            "one-liner, call to attached, re-run",
            "one-liner count() by comm, full rate",
            "one-liner hist() by comm, full rate",
            "kernel: start to ready",
            "kernel: cell 2 + N",
            "kernel: %%bpf cell, new snippet",
            "kernel: %%bpf cell, unchanged re-run",
            "kernel: Run to first live chart PNG");

    @Test
    void everyBenchmarkRunsAndPrintsItsRow() {
        requireKernel();
        var printed = new ByteArrayOutputStream();
        List<Figure> figures;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            figures = Bench.run(Settings.smoke(Path.of(System.getProperty("tracebook.bench.sources")),
                    Path.of(System.getProperty("tracebook.bench.work"))), out);
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        System.out.println(output);

        assertEquals(FIGURES, figures.stream().map(Figure::name).toList(), output);
        for (Figure f : figures) {
            assertNotEquals(Figure.Verdict.ERROR, f.verdict(), f.name() + " failed to run: " + f.value() + "\n" + output);
            assertTrue(f.value().matches("^[0-9.]+ .*"), f.name() + " printed no number: " + f.value());
        }
        String table = output.substring(output.indexOf("figure "));
        for (String name : FIGURES) {
            assertTrue(table.lines().anyMatch(line -> line.startsWith(name + " ") && line.matches(".*\\| (PASS|FAIL) *$")),
                    "no table row for " + name + ":\n" + table);
        }
    }

    /** Without CAP_BPF + CAP_PERFMON the test skips with the reason; TRACEBOOK_REQUIRE_KERNEL=1 makes that a failure. */
    private static void requireKernel() {
        String missing = Privileges.missing();
        if (missing == null) return;
        String reason = "the benchmark smoke test loads BPF programs and needs " + missing + " (run as root)";
        if ("1".equals(System.getenv("TRACEBOOK_REQUIRE_KERNEL"))) fail(reason + ", and TRACEBOOK_REQUIRE_KERNEL=1 forbids skipping");
        Assumptions.abort(reason);
    }
}
