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
import tech.tablesaw.api.Table;

/**
 * Live ingest: the load generator's getppid() events streamed into Tablesaw tables, Tracebook
 * against the C libbpf reference, alternating runs. Events/s is received events over the time from
 * the generator's start to the last event received, so a consumer that slows the traced thread down
 * (wakeups) or falls behind both show.
 */
final class IngestBenchmark {
    private static final Duration SLICE = Duration.ofMillis(20);
    private static final long GRACE_NANOS = 2_000_000_000L;

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
        return compare("live ingest, ring buffer (submit flags 0)", Snippets.RING, "rb-best",
                "C NO_WAKEUP + 1 ms consume", List.of("rb-default"));
    }

    Figure perfBuffer() {
        return compare("live ingest, perf buffer", Snippets.PERF, "perf-sampled",
                "C watermark: wake at half a buffer", List.of("perf-default"));
    }

    private Figure compare(String name, String snippet, String referenceMode, String referenceName, List<String> contextModes) {
        String target = ">= 0.90x, lost 0";
        List<Double> ours = new ArrayList<>();
        List<Double> theirs = new ArrayList<>();
        long lost = 0;
        boolean accounted = true;
        for (int i = 0; i < settings.runs(); i++) {
            Run c = referenceRun(referenceMode);
            Run java = javaRun(snippet);
            log.printf("  %s run %d: Tracebook %s (generated %d, received %d, lost %d); C %s %s (generated %d, received %d, lost %d)%n",
                    name, i + 1, Figure.rate(java.eventsPerSecond()), java.generated(), java.received(), java.lost(),
                    referenceMode, Figure.rate(c.eventsPerSecond()), c.generated(), c.received(), c.lost());
            ours.add(java.eventsPerSecond());
            theirs.add(c.eventsPerSecond());
            lost += java.lost();
            accounted &= java.accounted();
        }
        for (String mode : contextModes) {
            Run c = referenceRun(mode);
            log.printf("  for context, C %s: %s (generated %d, lost %d)%n", mode, Figure.rate(c.eventsPerSecond()), c.generated(), c.lost());
        }
        double median = Medians.of(ours);
        double referenceMedian = Medians.of(theirs);
        double ratio = median / referenceMedian;
        String value = Figure.rate(median) + (lost == 0 ? "" : ", lost " + lost) + (accounted ? "" : ", NOT all accounted");
        return new Figure(name, value, Figure.rate(referenceMedian) + " (" + referenceName + ")", Figure.ratio(ratio), target,
                Figure.verdict(ratio >= 0.9 && lost == 0 && accounted));
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
            Run without = javaRun(Snippets.RING);
            Run with;
            try (Recording r = Recording.start(file)) {
                with = javaRun(Snippets.RING);
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

    private Run referenceRun(String mode) {
        Map<String, String> r = reference.run(mode, Double.toString(settings.ingestSeconds()));
        return new Run((long) CReference.number(r, "generated"), (long) CReference.number(r, "received"),
                (long) CReference.number(r, "lost"), CReference.number(r, "events_per_sec"));
    }

    /** What a user's cell does: load the snippet, open its stream, collect tables while the workload runs. */
    private Run javaRun(String snippet) {
        try (LoadGenerator generator = LoadGenerator.start(binaries.loadgen(), settings.ingestSeconds(), null);
             BpfObject object = Bpf.c(snippet).set("target_tgid", generator.pid()).load().attach();
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
                    if (received + stream.lost() >= generator.generated() || System.nanoTime() - finishedAt > GRACE_NANOS) break;
                }
            }
            checkDecoded(tables, generator.pid());
            return new Run(generator.generated(), received, stream.lost(), received / ((last - start) / 1e9));
        }
    }

    /** The events really were decoded: every row carries the generator's pid. */
    private static void checkDecoded(List<Table> tables, int pid) {
        for (Table t : tables) {
            long wrong = t.longColumn("pid").asList().stream().filter(p -> p != pid).count();
            if (wrong > 0) throw new IllegalStateException(wrong + " decoded events carry a pid other than the generator's " + pid);
        }
    }
}
