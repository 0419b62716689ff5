package io.tracebook.bench;

import io.tracebook.bpf.Bpf;
import io.tracebook.bpf.BpfMap;
import io.tracebook.bpf.BpfObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Table;

/**
 * Reading a 10k-entry count-by-key hash map into a Table, against C's bpf_map_lookup_batch of the same map shape: three
 * rounds of each in turn, the median of Tablesaw's reads against the median of C's three medians.
 */
final class MapReadBenchmark {
    private static final int ENTRIES = 10_000;
    static final String TARGET = "<= 1.30x";
    private static final double TARGET_RATIO = 1.30;

    private final Settings settings;
    private final CReference reference;

    MapReadBenchmark(Settings settings, NativeBuild.Binaries binaries) {
        this.settings = settings;
        this.reference = new CReference(binaries);
    }

    Figure run() {
        List<Double> cMedians = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        try (BpfObject object = Bpf.c(Snippets.COUNTS).load()) {
            BpfMap counts = object.map("counts");
            for (int k = 0; k < ENTRIES; k++) counts.put(k, (long) k * 3);
            // C and Tablesaw take turns: the same batch lookup took 0.48 ms on one CPU and 0.77 ms on the other for
            // half a minute at a time (measured with taskset, 2026-12-07), so one block each could compare two states.
            for (int round = 0; round < CompileBenchmark.REFERENCE_ROUNDS; round++) {
                Map<String, String> c = reference.run("map", Integer.toString(ENTRIES), Integer.toString(settings.mapRuns()));
                cMedians.add(CReference.number(c, "median_seconds"));
                for (int i = 0; i < settings.mapRuns(); i++) {
                    long start = System.nanoTime();
                    Table t = counts.toTable();
                    times.add((System.nanoTime() - start) / 1e9);
                    if (t.rowCount() != ENTRIES) throw new IllegalStateException("read " + t.rowCount() + " rows of " + ENTRIES);
                }
            }
        }
        double cSeconds = Medians.of(cMedians);
        double median = Medians.of(times);
        return new Figure("read 10k-entry hash map into a Table", Figure.millis(median),
                Figure.millis(cSeconds) + " (C bpf_map_lookup_batch)", Figure.ratio(median / cSeconds), TARGET,
                Figure.verdict(median / cSeconds <= TARGET_RATIO));
    }
}
