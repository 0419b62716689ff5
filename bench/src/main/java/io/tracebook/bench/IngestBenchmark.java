package io.tracebook.bench;

import io.tracebook.bpf.Bpf;
import io.tracebook.bpf.BpfObject;
import io.tracebook.bpf.Recording;
import io.tracebook.bpf.stream.EventStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * Live ingest: the load generator's getppid() events streamed into Tablesaw tables, Tracebook
 * against the C libbpf reference, alternating runs. Events/s is received events over the time from
 * the generator's start to the last event received, so a consumer that slows the traced thread down
 * (wakeups) or falls behind both show. The generator runs one thread, or one per CPU: then the
 * consumer has no idle CPU, and every CPU it takes is taken from the generator.
 */
final class IngestBenchmark {
    static final String TARGET = ">= 0.95x, lost 0";
    private static final double TARGET_RATIO = 0.95;
    private static final Duration SLICE = Duration.ofMillis(20);
    private static final long GRACE_NANOS = 2_000_000_000L;
    /**
     * Events per getppid() in the flood row: today's generator makes 0.6-0.9 M calls/s, so a 16 MiB ring holds 0.5-0.7 s of
     * one event per call, and no stall of the reader shows; issue 15's losses were at ~6 M events/s (a ring of ~70 ms).
     */
    static final int FLOOD_COPIES = 8;

    private record Run(long generated, long received, long lost, double eventsPerSecond) {
        boolean accounted() {
            return received + lost == generated;
        }
    }

    private final Settings settings;
    private final NativeBuild.Binaries binaries;
    private final CReference reference;
    private final PrintStream log;

    IngestBenchmark(Settings settings, NativeBuild.Binaries binaries, PrintStream log) {
        this.settings = settings;
        this.binaries = binaries;
        this.reference = new CReference(binaries);
        this.log = log;
    }

    Figure ringBuffer() {
        return compare("live ingest, ring buffer (submit flags 0)", Snippets.RING, 1, "rb-best",
                "C NO_WAKEUP + 1 ms consume", List.of("rb-default"));
    }

    Figure perfBuffer() {
        return compare("live ingest, perf buffer", Snippets.PERF, 1, "perf-sampled",
                "C watermark: wake at half a buffer", List.of("perf-default"));
    }

    Figure ringBufferFlood() {
        return compare("live ingest, ring buffer, " + FLOOD_COPIES + " events per call", Snippets.RING_COPIES, 1, FLOOD_COPIES, "rb-best",
                "C NO_WAKEUP + 1 ms consume", List.of());
    }

    Figure ringBufferPerCpu() {
        return compare("live ingest, ring buffer, a generator per CPU", Snippets.RING, LoadGenerator.cpus(), "rb-best",
                "C NO_WAKEUP + 1 ms consume", List.of());
    }

    Figure perfBufferPerCpu() {
        return compare("live ingest, perf buffer, a generator per CPU", Snippets.PERF, LoadGenerator.cpus(), "perf-sampled",
                "C watermark: wake at half a buffer", List.of());
    }

    private Figure compare(String name, String snippet, int threads, String referenceMode, String referenceName, List<String> contextModes) {
        return compare(name, snippet, threads, 1, referenceMode, referenceName, contextModes);
    }

    private Figure compare(String name, String snippet, int threads, int copies, String referenceMode, String referenceName,
                           List<String> contextModes) {
        List<Double> ours = new ArrayList<>();
        List<Double> theirs = new ArrayList<>();
        long lost = 0;
        boolean accounted = true;
        for (int i = 0; i < settings.runs(); i++) {
            Run c = referenceRun(referenceMode, threads, copies);
            Run java = javaRun(snippet, threads, copies);
            log.printf("  %s run %d: Tracebook %s (generated %d, received %d, lost %d); C %s %s (generated %d, received %d, lost %d)%n",
                    name, i + 1, Figure.rate(java.eventsPerSecond()), java.generated(), java.received(), java.lost(),
                    referenceMode, Figure.rate(c.eventsPerSecond()), c.generated(), c.received(), c.lost());
            ours.add(java.eventsPerSecond());
            theirs.add(c.eventsPerSecond());
            lost += java.lost();
            accounted &= java.accounted();
        }
        for (String mode : contextModes) {
            Run c = referenceRun(mode, threads, 1);
            log.printf("  for context, C %s: %s (generated %d, lost %d)%n", mode, Figure.rate(c.eventsPerSecond()), c.generated(), c.lost());
        }
        double median = Medians.of(ours);
        double referenceMedian = Medians.of(theirs);
        double ratio = median / referenceMedian;
        String value = Figure.rate(median) + (lost == 0 ? "" : ", lost " + lost) + (accounted ? "" : ", NOT all accounted");
        return new Figure(name, value, Figure.rate(referenceMedian) + " (" + referenceName + ")", Figure.ratio(ratio), TARGET,
                Figure.verdict(ratio >= TARGET_RATIO && lost == 0 && accounted));
    }

    /**
     * Live ingest while a recording keeps every event, against the same ingest not recording, alternating runs: what
     * recording costs the reader (a copy of each event's bytes; the recording's own thread writes the file).
     */
    Figure whileRecording() {
        String name = "live ingest while recording (ring buffer)";
        List<Double> recording = new ArrayList<>();
        List<Double> plain = new ArrayList<>();
        long lost = 0;
        boolean accounted = true;
        Path file = settings.work().resolve("ingest.recording.zip");
        for (int i = 0; i < settings.runs(); i++) {
            Run without = javaRun(Snippets.RING, 1, 1);
            Run with;
            try (Recording r = Recording.start(file)) {
                with = javaRun(Snippets.RING, 1, 1);
            }
            log.printf("  %s run %d: recording %s (generated %d, received %d, lost %d, %.1f MB recorded); not recording %s%n", name, i + 1,
                    Figure.rate(with.eventsPerSecond()), with.generated(), with.received(), with.lost(), size(file) / 1e6,
                    Figure.rate(without.eventsPerSecond()));
            recording.add(with.eventsPerSecond());
            plain.add(without.eventsPerSecond());
            lost += with.lost();
            accounted &= with.accounted();
        }
        deleteQuietly(file);
        double median = Medians.of(recording);
        double referenceMedian = Medians.of(plain);
        double ratio = median / referenceMedian;
        String value = Figure.rate(median) + (lost == 0 ? "" : ", lost " + lost) + (accounted ? "" : ", NOT all accounted");
        return new Figure(name, value, Figure.rate(referenceMedian) + " (the same, not recording)", Figure.ratio(ratio), ">= 0.90x, lost 0",
                Figure.verdict(ratio >= 0.9 && lost == 0 && accounted));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a file in the benchmark's own work directory: the next run replaces it
        }
    }

    private Run referenceRun(String mode, int threads, int copies) {
        Map<String, String> r = reference.run(mode, Double.toString(settings.ingestSeconds()), Integer.toString(threads), Integer.toString(copies));
        return new Run((long) CReference.number(r, "generated"), (long) CReference.number(r, "received"),
                (long) CReference.number(r, "lost"), CReference.number(r, "events_per_sec"));
    }

    /** What a user's cell does: load the snippet, open its stream, collect tables while the workload runs. */
    private Run javaRun(String snippet, int threads, int copies) {
        try (LoadGenerator generator = LoadGenerator.start(binaries.loadgen(), settings.ingestSeconds(), null, threads);
             BpfObject object = load(snippet, generator.pid(), copies);
             EventStream stream = object.events("events")) {
            List<Table> tables = new ArrayList<>();
            long received = 0;
            long start = System.nanoTime();
            long last = start;
            long finishedAt = 0;
            generator.go();
            while (true) {
                Table t = stream.collect(SLICE);
                if (t.rowCount() > 0) {
                    tables.add(t);
                    received += t.rowCount();
                    last = System.nanoTime();
                }
                if (generator.finished()) {
                    if (finishedAt == 0) finishedAt = System.nanoTime();
                    if (received + stream.lost() >= generator.generated() * copies || System.nanoTime() - finishedAt > GRACE_NANOS) break;
                }
            }
            checkDecoded(tables, generator.pid());
            return new Run(generator.generated() * copies, received, stream.lost(), received / ((last - start) / 1e9));
        }
    }

    private static BpfObject load(String snippet, int pid, int copies) {
        var options = Bpf.c(snippet).set("target_tgid", pid);
        return (copies == 1 ? options : options.set("copies", copies)).load().attach();
    }

    /**
     * The events really were decoded: every row carries the generator's pid. Read unboxed: boxing each row (JFR: a fifth
     * of what the benchmark JVM allocated) filled the young generation the next run's reader then paused to collect.
     */
    private static void checkDecoded(List<Table> tables, int pid) {
        for (Table t : tables) {
            LongColumn pids = t.longColumn("pid");
            long wrong = 0;
            for (int row = 0; row < pids.size(); row++) if (pids.getLong(row) != pid) wrong++;
            if (wrong > 0) throw new IllegalStateException(wrong + " decoded events carry a pid other than the generator's " + pid);
        }
    }
}
