package io.tracebook.bench;

import io.tracebook.bpf.Bpf;
import io.tracebook.bpf.BpfObject;
import io.tracebook.bpf.stream.EventStream;
import java.io.PrintStream;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Table;

/**
 * The drain ceiling: a ring buffer filled while nobody reads it, then emptied in one go into
 * Tablesaw columns, against the C reference emptying the same size of ring with a decoding callback.
 * The table it produces also gives the memory figure: retained heap per buffered event.
 */
final class DrainBenchmark {
    private static final int COPIES = 1000;
    private static final long RECORD_BYTES = Snippets.EVENT_BYTES + 8; // the ring's 8-byte record header
    static final String TARGET = ">= 0.75x";
    private static final double TARGET_RATIO = 0.75;
    private static final double TARGET_HEAP_RATIO = 1.5;

    private record Drain(long events, double eventsPerSecond, double heapBytesPerEvent) {
    }

    private final Settings settings;
    private final NativeBuild.Binaries binaries;
    private final CReference reference;
    private final PrintStream log;
    private final List<Drain> drains = new ArrayList<>();

    DrainBenchmark(Settings settings, NativeBuild.Binaries binaries, PrintStream log) {
        this.settings = settings;
        this.binaries = binaries;
        this.reference = new CReference(binaries);
        this.log = log;
    }

    Figure drain() {
        List<Double> theirs = new ArrayList<>();
        for (int i = 0; i < settings.runs(); i++) {
            Map<String, String> c = reference.run("drain", Integer.toString(settings.drainRingBytes()));
            Drain java = javaDrain();
            drains.add(java);
            theirs.add(CReference.number(c, "events_per_sec"));
            log.printf("  drain run %d: Tracebook %s (%d events); C %s (%s events)%n", i + 1,
                    Figure.rate(java.eventsPerSecond()), java.events(), Figure.rate(theirs.getLast()), c.get("received"));
        }
        double median = Medians.of(drains.stream().map(Drain::eventsPerSecond).toList());
        double referenceMedian = Medians.of(theirs);
        String ring = ", " + (settings.drainRingBytes() >> 20) + " MiB ring";
        return new Figure("drain ring into columns", Figure.rate(median) + ring, Figure.rate(referenceMedian) + " (C ring_buffer__consume)",
                Figure.ratio(median / referenceMedian), TARGET, Figure.verdict(median / referenceMedian >= TARGET_RATIO));
    }

    /** Needs {@link #drain()} first: measured on the tables it decoded. */
    Figure memory() {
        if (drains.isEmpty()) throw new IllegalStateException("the drain benchmark did not run, so there is no table to weigh");
        double perEvent = Medians.of(drains.stream().map(Drain::heapBytesPerEvent).toList());
        double ratio = perEvent / Snippets.EVENT_BYTES;
        return new Figure("retained heap per buffered event", String.format("%.1f B/event", perEvent),
                Snippets.EVENT_BYTES + " B (sizeof struct event)", Figure.ratio(ratio), "<= 1.50x",
                Figure.verdict(ratio <= TARGET_HEAP_RATIO));
    }

    private Drain javaDrain() {
        long calls = settings.drainRingBytes() / RECORD_BYTES / COPIES;
        try (LoadGenerator generator = LoadGenerator.start(binaries.loadgen(), 60, calls);
             BpfObject object = Bpf.c(Snippets.RING_COPIES).set("target_tgid", generator.pid()).set("copies", COPIES)
                     .mapSize("events", settings.drainRingBytes()).load().attach();
             EventStream stream = object.events("events")) {
            generator.go();
            generator.generated();
            object.detach();
            long before = usedHeapAfterGc();
            long start = System.nanoTime();
            Table table = stream.collect(Duration.ZERO);
            double seconds = (System.nanoTime() - start) / 1e9;
            long rows = table.rowCount();
            if (rows != calls * COPIES) {
                throw new IllegalStateException("drained " + rows + " events, expected " + calls * COPIES + " (lost " + stream.lost() + ")");
            }
            long retained = usedHeapAfterGc() - before;
            Reference.reachabilityFence(table);
            return new Drain(rows, rows / seconds, (double) retained / rows);
        }
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
