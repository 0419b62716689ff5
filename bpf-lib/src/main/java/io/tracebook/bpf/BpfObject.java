package io.tracebook.bpf;

import io.tracebook.bpf.btf.Btf;
import io.tracebook.bpf.btf.GlobalVar;
import io.tracebook.bpf.error.AttachException;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.record.GlobalMemory;
import io.tracebook.bpf.record.LoadedObject;
import io.tracebook.bpf.record.MapSpec;
import io.tracebook.bpf.record.ProgramSpec;
import io.tracebook.bpf.stream.EventStream;
import io.tracebook.bpf.sys.KernelFeatures;
import io.tracebook.bpf.sys.Suggestions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * A loaded object: its programs are verified and its maps exist in the kernel. Attach programs,
 * read events and maps, and close it to detach everything and free the kernel objects.
 */
public final class BpfObject implements AutoCloseable {
    private final LoadedObject loaded;
    /** Shared with the programs, maps and globals: they refuse work once it has ended. */
    private final Lifetime lifetime;
    private final Btf btf;
    private final String name;
    private final String source;
    private final Path objectFile;
    private final Map<String, BpfProgram> programs = new LinkedHashMap<>();
    private final Map<String, BpfMap> maps = new LinkedHashMap<>();
    private final Map<String, EventStream> streams = new LinkedHashMap<>();
    private final Map<String, GlobalMemory> sections = new HashMap<>();
    private final Map<String, Global> globals = new HashMap<>();
    /** Why Tracebook closed it, for the message of a later call ("attach() failed"); null when the user did. */
    private volatile String closedBecause;
    /** Replaced by a later load under its name: closed to its users, its kernel objects closing in the background. */
    private volatile boolean replaced;

    /**
     * {@code loaded}: the kernel's object, a recording of it, or a replay; everything below reads it the same way.
     * {@code objectFile}: the ELF it was opened from, whose DWARF may hold structs its BTF lacks (null if there is none).
     */
    BpfObject(LoadedObject loaded, Btf btf, String name, String source, Path objectFile) {
        this.loaded = loaded;
        this.lifetime = new Lifetime(name);
        this.btf = btf;
        this.name = name;
        this.source = source;
        this.objectFile = objectFile;
        for (ProgramSpec p : loaded.programs()) {
            programs.put(p.name(), new BpfProgram(lifetime, p, loaded.program(p.name())));
        }
        for (MapSpec m : loaded.maps()) {
            maps.put(m.name(), new BpfMap(lifetime, m, loaded.map(m.name()), btf, loaded.possibleCpus()));
        }
    }

    /** The session name given with {@link OpenObject#name(String)}, or null. */
    public String name() {
        return name;
    }

    /** The C source it was compiled from, or null for a prebuilt object. */
    public String source() {
        return source;
    }

    public List<BpfProgram> programs() {
        return List.copyOf(programs.values());
    }

    public BpfProgram program(String program) {
        checkOpen();
        BpfProgram p = programs.get(program);
        if (p == null) {
            throw new BpfException("no program '" + program + "' in this object"
                    + Suggestions.didYouMean(Suggestions.nearest(program, programs.keySet(), 3))
                    + " (programs: " + String.join(", ", programs.keySet()) + ")");
        }
        return p;
    }

    /** The maps a user declared; the internal ones holding globals (.rodata, .bss, ...) are reached with {@link #global}. */
    public List<BpfMap> maps() {
        return maps.values().stream().filter(m -> !m.isInternal()).toList();
    }

    public BpfMap map(String map) {
        checkOpen();
        BpfMap m = maps.get(map);
        if (m == null || m.isInternal()) {
            List<String> names = maps().stream().map(BpfMap::name).toList();
            throw new BpfException("no map '" + map + "' in this object" + Suggestions.didYouMean(Suggestions.nearest(map, names, 3))
                    + " (maps: " + String.join(", ", names) + ")");
        }
        return m;
    }

    /** Runs of its programs the kernel skipped (see {@link BpfProgram#missedRuns()}), in total. */
    public long missedRuns() {
        checkOpen();
        return programs.values().stream().mapToLong(BpfProgram::missedRuns).sum();
    }

    /**
     * Programs that had runs skipped, with how many; empty once closed. Streams call it holding their own
     * lock, and close() holds this object's while it closes them, so it takes no lock.
     */
    private Map<String, Long> skippedRunsByProgram() {
        Map<String, Long> skipped = new LinkedHashMap<>();
        try {
            for (BpfProgram p : programs.values()) {
                long missed = p.missedRuns();
                if (missed > 0) skipped.put(p.name(), missed);
            }
        } catch (BpfException closedMeanwhile) {
            if (!isClosed()) throw closedMeanwhile;
        }
        return skipped;
    }

    /**
     * Attaches every loaded program whose SEC() name says where it goes; programs switched off before load
     * ({@link OpenObject#autoload}) are left alone, and so are programs that need a target (plain
     * SEC("uprobe"), SEC("usdt"), SEC("perf_event")): see {@link #attachUprobe}, {@link #attachUsdt} and
     * {@link #attachSampling}. The object's {@code toString()} says which programs are attached. An object
     * without programs, with one of a kind Tracebook does not attach (xdp, socket, iter, ...), or with a program
     * this kernel cannot attach (a kprobe without kprobes), is refused before anything is attached.
     *
     * <p>Like every attach method: when it fails, the object is closed (everything detached, programs and maps
     * freed) and the message says so, because a chain such as {@code Bpf.c(..).load().attach()} leaves the
     * caller no handle to close it with.
     */
    public synchronized BpfObject attach() {
        return closedOnFailure("attach()", () -> {
            refuseWhatCannotAttach();
            List<BpfProgram> chosen = programs.values().stream()
                    .filter(p -> p.isLoaded() && p.canAutoAttach() && p.links().isEmpty())
                    .toList();
            chosen.forEach(this::checkKernelCanAttach);
            for (BpfProgram p : chosen) p.attachAuto();
        });
    }

    private void refuseWhatCannotAttach() {
        if (programs.isEmpty()) {
            throw new AttachException("nothing to attach: the source defines no BPF program (a function with SEC(\"...\") before it)",
                    "", List.of(), "");
        }
        for (BpfProgram p : programs.values()) {
            if (p.isLoaded() && p.kind() == ProbeKind.OTHER) {
                throw new AttachException("program '" + p.name() + "' is SEC(\"" + p.section() + "\"), which "
                        + ProbeKind.purpose(p.section()) + "; Tracebook attaches " + ProbeKind.TRACING_KINDS, p.section(), List.of(), "");
            }
        }
    }

    /** Attaches one program where its SEC() name says; closes the object when that fails (see {@link #attach()}). */
    public synchronized BpfObject attach(String program) {
        return closedOnFailure("attach(\"" + program + "\")", () -> {
            BpfProgram p = program(program);
            p.checkLoaded();
            checkKernelCanAttach(p);
            if (!p.canAutoAttach()) {
                throw new BpfException("program '" + program + "' (SEC(\"" + p.section() + "\")) does not say where to attach: "
                        + switch (p.kind()) {
                            case UPROBE -> "use attachUprobe(\"" + program + "\", binary, symbol)";
                            case USDT -> "use attachUsdt(\"" + program + "\", binary, provider, name)";
                            case PERF_EVENT -> "use attachSampling(\"" + program + "\", hz) or attachPerfEvent(\"" + program + "\", event)";
                            case RAW_TRACEPOINT -> "name the tracepoint, SEC(\"raw_tp/sched_switch\"), or run it once with program(\""
                                    + program + "\").run()";
                            default -> "it " + ProbeKind.purpose(p.section()) + "; Tracebook attaches " + ProbeKind.TRACING_KINDS;
                        });
            }
            p.attachAuto();
        });
    }

    /**
     * The kernel-side check libbpf would only make while attaching: a kprobe program on a kernel without
     * kprobes fails here, naming the program's twin in this object that can do its job, if it has one.
     */
    private void checkKernelCanAttach(BpfProgram p) {
        if (p.kind() == ProbeKind.KPROBE && !KernelFeatures.hasKprobes()) {
            throw KernelFeatures.noKprobes(p.name(), p.section(), Twins.advice(p.name(), p.section(), sectionsByProgram()));
        }
    }

    private Map<String, String> sectionsByProgram() {
        Map<String, String> sections = new LinkedHashMap<>();
        programs.values().forEach(p -> sections.put(p.name(), p.section()));
        return sections;
    }

    /**
     * Attaches a SEC("uprobe")/SEC("uretprobe") program to {@code symbol} of {@code binary} ("libc", a path, a program on PATH),
     * in every process; closes the object when that fails (see {@link #attach()}). A SEC("kprobe/...")/SEC("kretprobe/...")
     * program attaches too, as libbpf allows (libbpf-tools' funclatency does this).
     */
    public BpfObject attachUprobe(String program, String binary, String symbol) {
        return attachUprobe(program, binary, symbol, -1);
    }

    /** As {@link #attachUprobe(String, String, String)} but only in process {@code pid}. */
    public synchronized BpfObject attachUprobe(String program, String binary, String symbol, int pid) {
        return closedOnFailure("attachUprobe(\"" + program + "\", ...)", () -> program(program).attachUprobe(binary, symbol, pid));
    }

    /**
     * Attaches a SEC("usdt") program to the USDT probe provider:name of {@code binary}, in every process; closes the
     * object when that fails (see {@link #attach()}).
     */
    public BpfObject attachUsdt(String program, String binary, String provider, String probe) {
        return attachUsdt(program, binary, provider, probe, -1);
    }

    /** As {@link #attachUsdt(String, String, String, String)} but only in process {@code pid}. */
    public synchronized BpfObject attachUsdt(String program, String binary, String provider, String probe, int pid) {
        return closedOnFailure("attachUsdt(\"" + program + "\", ...)", () -> program(program).attachUsdt(binary, provider, probe, pid));
    }

    /**
     * Runs a SEC("perf_event") program {@code hz} times a second on every online CPU (cpu-clock sampling); closes the
     * object when that fails (see {@link #attach()}).
     */
    public BpfObject attachSampling(String program, int hz) {
        return attachPerfEvent(program, PerfEvent.software("cpu-clock").frequency(hz));
    }

    /**
     * Runs a SEC("perf_event") program on {@code event}: one perf event per online CPU, or, for an event of one process,
     * one per thread it has now (each followed into the threads and processes it starts); closes the object when that
     * fails (see {@link #attach()}).
     */
    public synchronized BpfObject attachPerfEvent(String program, PerfEvent event) {
        return closedOnFailure("attachPerfEvent(\"" + program + "\", " + event + ")", () -> program(program).attachPerfEvent(event.request()));
    }

    /** Runs an attach; when it fails, closes this object, so that nothing of it stays in the kernel, and says so. */
    private BpfObject closedOnFailure(String call, Runnable attaching) {
        checkOpen();
        try {
            attaching.run();
            return this;
        } catch (BpfException e) {
            closeAfter(call + " failed");
            throw e.withConsequence(call + " failed, so the object was closed: nothing was left loaded");
        } catch (RuntimeException | Error e) {
            closeAfter(call + " failed");
            throw e;
        }
    }

    private void closeAfter(String why) {
        closedBecause = why;
        close();
    }

    /**
     * Runs a SEC("perf_event") program every {@code period} on the first online CPU (a cpu-clock timer, which runs
     * whether the CPU is busy or idle), as bpftrace's {@code interval:} probes run; closes the object when that
     * fails (see {@link #attach()}).
     */
    public synchronized BpfObject attachTimer(String program, Duration period) {
        return closedOnFailure("attachTimer(\"" + program + "\", " + period + ")", () -> {
            if (period.toNanos() <= 0) throw new BpfException("a timer's period must be positive, not " + period);
            program(program).attachTimer(period.toNanos());
        });
    }

    public synchronized List<Link> links() {
        return programs.values().stream().flatMap(p -> p.allLinks().stream()).toList();
    }

    /** Detaches every program; the object stays loaded and can be attached again. */
    public synchronized BpfObject detach() {
        programs.values().forEach(BpfProgram::detach);
        return this;
    }

    /** Events from a ring buffer or perf buffer map, decoded with the struct the program sends (found from BTF). */
    public synchronized EventStream events(String map) {
        return events(map, null);
    }

    /**
     * Events from {@code map}, decoded as {@code struct structName}. A map has one reader: asking again
     * returns the same stream (two readers of one ring would steal each other's events).
     */
    public synchronized EventStream events(String map, String structName) {
        BpfMap m = map(map);
        EventStream open = streams.get(map);
        if (open != null && !open.isClosed()) return open;
        LongSupplier drops = switch (m.type()) {
            case RINGBUF -> counter("tracebook_ringbuf_drops");
            case PERF_EVENT_ARRAY -> counter("tracebook_perfbuf_unread");
            default -> () -> 0;
        };
        EventStream stream = EventStreams.open(loaded, m, EventTypes.resolve(btf, objectFile, source != null, map, structName), drops,
                counter("tracebook_perfbuf_full"), this::skippedRunsByProgram);
        streams.put(map, stream);
        return stream;
    }

    /**
     * A global variable (bss, data, rodata): read it any time, write it where the kernel allows (not rodata).
     * One Global per name (its decoder is built once): loss counters read through it on every lost().
     */
    public synchronized Global global(String global) {
        checkOpen();
        GlobalVar var = btf.global(global).orElseThrow(() -> new BpfException("no global variable '" + global + "'"
                + Suggestions.didYouMean(Suggestions.nearest(global, globalNames(), 3))));
        return globals.computeIfAbsent(global, name -> new Global(lifetime, var, btf, sections.computeIfAbsent(var.section(),
                loaded::globals)));
    }

    public List<String> globalNames() {
        return GlobalData.userGlobalNames(btf);
    }

    /**
     * A loss counter of tracebook.h's wrappers (ring full, perf buffer not yet read): -1 without tracebook.h or
     * once closed. Streams read it holding their own lock, so the reading takes none of this object's.
     */
    private LongSupplier counter(String name) {
        if (btf.global(name).isEmpty()) return () -> -1;
        Global counter = global(name);
        return () -> counter.getLongOr(-1);
    }

    /** Closed, or replaced by a later load under its name (then closing in the background, see {@link Bpf#awaitReplacedClosed()}). */
    public boolean isClosed() {
        return replaced || lifetime.isEnded();
    }

    /**
     * Marks it replaced by a later load under its name: from now on it counts as closed, and {@link #close()}, which
     * the session runs on its closer thread, frees it. Its streams stop now, so that nothing is read from it once the
     * new object loads (a recording keeps its reads in the order they happened).
     */
    synchronized void markReplaced() {
        closedBecause = "a later load under the name '" + name + "' replaced it";
        replaced = true;
        streams.values().forEach(EventStream::close);
        streams.clear();
    }

    void checkOpen() {
        if (isClosed()) {
            throw new BpfException("this object is closed" + (name == null ? "" : " ('" + name + "')")
                    + (closedBecause == null ? "" : ": " + closedBecause + "; load it again"));
        }
    }

    /** Stops its streams, detaches every program and frees the programs and maps in the kernel. */
    @Override
    public void close() {
        synchronized (this) {
            if (lifetime.isEnded()) return;
            streams.values().forEach(EventStream::close);
            streams.clear();
            detach();
            synchronized (lifetime) { // a global's read holds it: none is in progress while its memory goes
                lifetime.end();
                loaded.close();
            }
            sections.clear();
            globals.clear();
        }
        Session.unregister(this);
    }

    /**
     * One line, since jshell shows values on one: "BpfObject 'x': on_open attached; maps events (ringbuf)",
     * with "on_open attached, 3 runs skipped" when the kernel skipped runs of a program.
     */
    @Override
    public String toString() {
        String label = "BpfObject" + (name == null ? "" : " '" + name + "'");
        if (isClosed()) return label + " (closed)";
        String programList = programs.values().stream()
                .map(p -> p.name() + (!p.isLoaded() ? " switched off" : p.links().isEmpty() ? " not attached" : " attached")
                        + skippedRuns(p.missedRuns()))
                .collect(Collectors.joining(", "));
        String mapList = maps().isEmpty() ? "none" : maps().stream().map(BpfMap::toString).collect(Collectors.joining(", "));
        return label + ": " + programList + "; maps " + mapList;
    }

    private static String skippedRuns(long missed) {
        return missed == 0 ? "" : ", " + missed + (missed == 1 ? " run" : " runs") + " skipped";
    }
}
