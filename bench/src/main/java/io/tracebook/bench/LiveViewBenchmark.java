package io.tracebook.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.tracebook.bpf.Bpf;
import io.tracebook.bpf.BpfObject;
import io.tracebook.bpf.analysis.TopN;
import io.tracebook.bpf.display.LiveSurface;
import io.tracebook.bpf.stream.EventStream;
import io.tracebook.bpf.stream.LiveView;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * A live view at the generator's full rate: {@code stream.live(window, t -> TopN.count(t, 5, "comm"))}, redrawn
 * while the generator floods the ring, the window holding millions of rows. The reader must lose nothing and
 * keep the C reference's rate (a redraw copies the whole window); the heap must stay bounded by the window.
 * Frames go to a surface that discards them, so the terminal is not what is measured.
 */
final class LiveViewBenchmark {
    private static final long GRACE_NANOS = 2_000_000_000L;
    private static final Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).map(pool -> pool.getName()).collect(Collectors.toSet());

    /** {@code windowRows}: the most rows a frame saw in its window. */
    private record Run(long generated, long received, long lost, double eventsPerSecond, long frames, long peakHeap, long windowRows) {
    }

    private final Settings settings;
    private final NativeBuild.Binaries binaries;
    private final CReference reference;
    private final PrintStream log;

    LiveViewBenchmark(Settings settings, NativeBuild.Binaries binaries, PrintStream log) {
        this.settings = settings;
        this.binaries = binaries;
        this.reference = new CReference(binaries);
        this.log = log;
    }

    Figure run() {
        String name = "live view at full rate";
        String target = ">= 0.90x, lost 0";
        List<Double> ours = new ArrayList<>();
        List<Double> theirs = new ArrayList<>();
        long lost = 0;
        long peakHeap = 0;
        long windowRows = 0;
        for (int i = 0; i < settings.runs(); i++) {
            Map<String, String> c = reference.run("rb-best", Double.toString(settings.liveSeconds()));
            Run java = javaRun();
            log.printf("  %s run %d: Tracebook %s (generated %d, received %d, lost %d, %d frames, heap after GC up to %d MB, "
                            + "up to %d rows in the window); C rb-best %s%n", name, i + 1, Figure.rate(java.eventsPerSecond()),
                    java.generated(), java.received(), java.lost(), java.frames(), java.peakHeap() >> 20, java.windowRows(),
                    Figure.rate(CReference.number(c, "events_per_sec")));
            ours.add(java.eventsPerSecond());
            theirs.add(CReference.number(c, "events_per_sec"));
            lost += java.lost();
            peakHeap = Math.max(peakHeap, java.peakHeap());
            windowRows = Math.max(windowRows, java.windowRows());
        }
        double ratio = Medians.of(ours) / Medians.of(theirs);
        String value = Figure.rate(Medians.of(ours)) + (lost == 0 ? "" : ", lost " + lost) + ", " + settings.liveWindow().toMillis()
                + " ms window of " + windowRows + " rows, heap after GC up to " + (peakHeap >> 20) + " MB";
        return new Figure(name, value, Figure.rate(Medians.of(theirs)) + " (C NO_WAKEUP + 1 ms consume)", Figure.ratio(ratio), target,
                Figure.verdict(ratio >= 0.9 && lost == 0));
    }

    private Run javaRun() {
        LiveSurface.install(Discard::new);
        AtomicLong peak = new AtomicLong();
        AtomicLong windowRows = new AtomicLong();
        // The heap in use right after each collection: what the window keeps. The used heap between collections
        // grows with the young generation (up to gigabytes with the bench's 4 GB heap) and says nothing of the window.
        NotificationListener afterGc = (notification, handback) -> {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) return;
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                    .filter(pool -> HEAP_POOLS.contains(pool.getKey())).mapToLong(pool -> pool.getValue().getUsed()).sum();
            peak.accumulateAndGet(used, Math::max);
        };
        List<NotificationEmitter> collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(NotificationEmitter.class::cast).toList();
        collectors.forEach(c -> c.addNotificationListener(afterGc, null, null));
        try (LoadGenerator generator = LoadGenerator.start(binaries.loadgen(), settings.liveSeconds(), null);
             BpfObject object = Bpf.c(Snippets.RING).set("target_tgid", generator.pid()).load().attach();
             EventStream stream = object.events("events");
             LiveView view = stream.live(settings.liveWindow(), t -> {
                 windowRows.accumulateAndGet(t.rowCount(), Math::max);
                 return TopN.count(t, 5, "comm");
             })) {
            long start = System.nanoTime();
            long last = start;
            long received = 0;
            long finishedAt = 0;
            generator.go();
            while (true) {
                Thread.sleep(5);
                if (stream.received() > received) {
                    received = stream.received();
                    last = System.nanoTime();
                }
                if (generator.finished()) {
                    if (finishedAt == 0) finishedAt = System.nanoTime();
                    if (received + stream.lost() >= generator.generated() || System.nanoTime() - finishedAt > GRACE_NANOS) break;
                }
            }
            view.stop();
            return new Run(generator.generated(), stream.received(), stream.lost(), received / ((last - start) / 1e9),
                    view.frames(), peak.get(), windowRows.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            for (NotificationEmitter c : collectors) {
                try {
                    c.removeNotificationListener(afterGc);
                } catch (ListenerNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            }
            LiveSurface.install(Discard::new);
        }
    }

    /** A surface that draws nothing: the benchmark measures reading and the views, not a terminal. */
    static final class Discard implements LiveSurface {
        @Override
        public void show(Object frame) {
        }

        @Override
        public void update(Object frame) {
        }
    }
}
