package io.tracebook.bpf.dsl;

import io.tracebook.bpf.Bpf;
import io.tracebook.bpf.BpfObject;
import io.tracebook.bpf.OpenObject;
import io.tracebook.bpf.display.PolledView;
import io.tracebook.bpf.dsl.Action.Emit;
import io.tracebook.bpf.dsl.Action.Printf;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.stream.EventStream;
import io.tracebook.bpf.stream.LiveTable;
import io.tracebook.bpf.sys.KernelFeatures;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import tech.tablesaw.api.Table;

/**
 * A one-liner running in the kernel: its programs attached, its results readable at any time with
 * {@link #table()} and redrawn live with {@link #live}. {@link #stop()} detaches (the results stay readable);
 * {@link #close()} frees everything. Losses are never silent: events the ring could not take, and updates a
 * full map could not make, are counted in {@link #lost()} and reported on stderr when results are read.
 */
public final class Tracing implements AutoCloseable {
    private static final String MAP_FULL = "tracebook_map_full";

    private final Spec spec;
    private final Generated generated;
    private final BpfObject object;
    private final EventStream stream;
    private final LiveTable events;
    private final EventResults eventResults;
    private final AggregateResults aggregateResults;
    private Table drained;
    private long mapFullReported;
    private boolean stopped;

    private Tracing(Spec spec, Generated generated, BpfObject object) {
        this.spec = spec;
        this.generated = generated;
        this.object = object;
        ResultColumns columns = new ResultColumns(object, generated.fields(), spec.probes().stream().map(Probe::label).toList());
        boolean sendsEvents = spec.action() instanceof Emit || spec.action() instanceof Printf;
        this.stream = sendsEvents ? object.events("events", "event") : null;
        this.events = sendsEvents ? stream.follow() : null;
        this.eventResults = sendsEvents ? new EventResults(spec, generated, columns) : null;
        this.aggregateResults = sendsEvents ? null : new AggregateResults(spec, generated, columns);
    }

    /** Compiles (or finds in the cache), loads with the filters' values, and attaches; runs BEGIN probes. */
    static Tracing start(OneLiner oneLiner) {
        Spec spec = oneLiner.spec();
        Generated generated = oneLiner.generated();
        for (Probe p : spec.probes()) checkKernelHas(p);
        for (Probe p : spec.starts()) checkKernelHas(p);
        BpfObject object;
        try {
            OpenObject open = Bpf.c(generated.c());
            if (spec.name() != null) open.name(spec.name());
            for (Global g : generated.globals()) open.set(g.name(), g.value());
            object = open.load();
        } catch (BpfException e) {
            throw GeneratedErrors.explain(e, spec, generated);
        }
        try {
            Tracing tracing = new Tracing(spec, generated, object);
            for (Probe p : spec.starts()) attach(object, p);
            for (Probe p : spec.probes()) attach(object, p);
            for (Probe p : spec.probes()) {
                if (p.type() == ProbeType.BEGIN) object.program(p.program()).run();
            }
            return tracing;
        } catch (RuntimeException e) {
            object.close();
            throw e;
        }
    }

    private static void checkKernelHas(Probe p) {
        if ((p.type() == ProbeType.KPROBE || p.type() == ProbeType.KRETPROBE) && !KernelFeatures.hasKprobes()) {
            throw KernelFeatures.noKprobes(p.program(), p.section());
        }
    }

    private static void attach(BpfObject object, Probe p) {
        String program = p.program();
        switch (p.type()) {
            case UPROBE, URETPROBE -> object.attachUprobe(program, p.target().get(0), p.target().get(1));
            case USDT -> object.attachUsdt(program, p.target().get(0), p.target().get(1), p.target().get(2));
            case PROFILE -> object.attachSampling(program, (int) Math.max(1, 1_000_000_000L / p.periodNanos()));
            case INTERVAL -> object.attachTimer(program, Duration.ofNanos(p.periodNanos()));
            case BEGIN, END -> {
            }
            default -> object.attach(program);
        }
    }

    /** The results so far: events as a Table of the emitted columns (or printf's lines), aggregations as their Table. */
    public synchronized Table table() {
        if (events != null) return eventResults.read(drained != null ? drained : events.snapshot());
        Table result = aggregateResults.read(object.map(generated.map()).toTable());
        reportFullMap();
        return result;
    }

    /** Redraws {@code view} of {@link #table()} a few times a second where live views draw (the notebook, the terminal). */
    public PolledView live(Function<Table, ?> view) {
        return PolledView.start(() -> view.apply(table()));
    }

    /**
     * Events the ring buffer could not take, or updates a full map could not make (new keys past its
     * {@value Generator#MAP_ENTRIES} entries): nothing else is ever dropped.
     */
    public long lost() {
        return (stream != null ? stream.lost() : 0) + mapFull();
    }

    private long mapFull() {
        return object.isClosed() ? mapFullReported : object.global(MAP_FULL).getLong();
    }

    private void reportFullMap() {
        long full = mapFull();
        if (full > mapFullReported) {
            System.err.printf("[%s] %d updates lost so far (%d new): map '%s' is full (%d keys); fewer or coarser keys keep it smaller%n",
                    spec.chain(), full, full - mapFullReported, generated.map(), Generator.MAP_ENTRIES);
            mapFullReported = full;
        }
    }

    /** Runs END probes, detaches every program and takes the last events; the results stay readable until {@link #close()}. */
    public synchronized Tracing stop() {
        if (stopped) return this;
        stopped = true;
        for (Probe p : spec.probes()) {
            if (p.type() == ProbeType.END) object.program(p.program()).run();
        }
        object.detach();
        if (events != null) {
            events.stop();
            Table rest = stream.collect(Duration.ZERO);
            drained = events.snapshot().append(rest);
        }
        return this;
    }

    /** The loaded object: its programs, maps, the stream of its events. */
    public BpfObject object() {
        return object;
    }

    /** The programs and where they are attached. */
    public List<String> programs() {
        return object.programs().stream().map(Object::toString).toList();
    }

    @Override
    public synchronized void close() {
        if (object.isClosed()) return;
        if (!stopped) stop();
        mapFullReported = mapFull();
        object.close();
    }

    @Override
    public String toString() {
        return spec.chain() + (object.isClosed() ? " (closed)" : stopped ? " (stopped)" : " (running)");
    }
}
