package io.tracebook.bench;

import io.tracebook.bpf.Bpf;
import io.tracebook.bpf.BpfObject;
import io.tracebook.bpf.Recording;
import io.tracebook.bpf.stream.EventStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Replay at instant speed: a ring of a million events (the drain benchmark's snippet) is recorded once, then each
 * run replays it from the file into a Table — reading the zip, matching the object, decoding every recorded event
 * with the same decoder as live. Events/s counts from Recording.replay to the Table, so the file's reading is in it.
 */
final class ReplayBenchmark {
    private static final int COPIES = 1000;
    private static final double TARGET_EVENTS_PER_SECOND = 10e6;

    private final Settings settings;
    private final NativeBuild.Binaries binaries;
    private final PrintStream log;

    ReplayBenchmark(Settings settings, NativeBuild.Binaries binaries, PrintStream log) {
        this.settings = settings;
        this.binaries = binaries;
        this.log = log;
    }

    Figure replay() {
        long events = settings.smoke() ? 100_000 : 1_000_000;
        int ringBytes = Integer.highestOneBit((int) (events * 48)) << 1;
        Path file = settings.work().resolve("replay-bench.recording.zip");
        int pid = record(file, events, ringBytes);
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i < settings.runs(); i++) {
            long start = System.nanoTime();
            long rows;
            long collecting;
            try (Recording replay = Recording.replay(file, Recording.Pace.INSTANT);
                 BpfObject object = Bpf.c(Snippets.RING_COPIES).set("target_tgid", pid).set("copies", COPIES)
                         .mapSize("events", ringBytes).load().attach()) {
                EventStream stream = object.events("events");
                collecting = System.nanoTime();
                rows = stream.collect(Duration.ofSeconds(10)).rowCount();
            }
            long end = System.nanoTime();
            double seconds = (end - start) / 1e9;
            if (rows != events) throw new IllegalStateException("replayed " + rows + " events of the " + events + " recorded");
            rates.add(rows / seconds);
            log.printf("  replay run %d: %d events in %.1f ms (reading the file and loading %.1f ms, decoding %.1f ms), %s%n", i + 1, rows,
                    seconds * 1e3, (collecting - start) / 1e6, (end - collecting) / 1e6, Figure.rate(rows / seconds));
        }
        double median = Medians.of(rates);
        return new Figure("replay recorded events into a Table", Figure.rate(median) + ", " + events / 1000 + "k events",
                String.format("%.0f MB recording", size(file) / 1e6), "-", ">= 10 M ev/s", Figure.verdict(median >= TARGET_EVENTS_PER_SECOND));
    }

    /** Records {@code events} events of the load generator, drained at once; returns the generator's pid (a setting). */
    private int record(Path file, long events, int ringBytes) {
        try (Recording recording = Recording.start(file);
             LoadGenerator generator = LoadGenerator.start(binaries.loadgen(), 60, events / COPIES);
             BpfObject object = Bpf.c(Snippets.RING_COPIES).set("target_tgid", generator.pid()).set("copies", COPIES)
                     .mapSize("events", ringBytes).load().attach();
             EventStream stream = object.events("events")) {
            generator.go();
            generator.generated();
            object.detach();
            long rows = stream.collect(Duration.ZERO).rowCount();
            if (rows != events) throw new IllegalStateException("recorded " + rows + " events, expected " + events + " (lost " + stream.lost() + ")");
            return generator.pid();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
