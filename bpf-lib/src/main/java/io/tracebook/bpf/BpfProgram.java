package io.tracebook.bpf;

import io.tracebook.bpf.error.AttachException;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.ffi.CStrings;
import io.tracebook.bpf.ffi.CStructs;
import io.tracebook.bpf.ffi.Errno;
import io.tracebook.bpf.ffi.Libbpf;
import io.tracebook.bpf.ffi.LibbpfLog;
import io.tracebook.bpf.ffi.LibbpfObjects;
import io.tracebook.bpf.sys.Binaries;
import io.tracebook.bpf.sys.Failures;
import io.tracebook.bpf.sys.Suggestions;
import io.tracebook.bpf.sys.Tracefs;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/** One BPF program of a loaded object: its SEC() name, and how it attaches. */
public final class BpfProgram {
    private final Lifetime lifetime;
    private final MemorySegment handle;
    private final String name;
    private final String section;
    private final boolean loaded;
    /** Every link made for this program, detached ones too until {@link #detach()}. */
    private final List<Link> links = new ArrayList<>();

    BpfProgram(Lifetime lifetime, MemorySegment handle) {
        this.lifetime = lifetime;
        this.handle = handle;
        this.name = LibbpfObjects.programName(handle);
        this.section = CStrings.read(Libbpf.bpf_program__section_name(handle));
        this.loaded = Libbpf.bpf_program__autoload(handle);
    }

    public String name() {
        return name;
    }

    /** The SEC() name, e.g. "tracepoint/syscalls/sys_enter_openat". */
    public String section() {
        return section;
    }

    public int fd() {
        return Libbpf.bpf_program__fd(handle);
    }

    /** False for a program switched off before load ({@code OpenObject.autoload(name, false)}): it is not in the kernel. */
    public boolean isLoaded() {
        return loaded;
    }

    /** The kernel's id of this program, as {@code bpftool prog show} lists it. */
    public int id() {
        lifetime.checkOpen("program '" + name + "'");
        checkLoaded();
        return ProgramInfo.of(name, fd()).id();
    }

    /**
     * Runs the kernel skipped because a BPF program was already running on that CPU (the program's
     * {@code recursion_misses}): the program did not run, so events it would have sent were never produced
     * and no loss counter saw them. Counted since load.
     */
    public long missedRuns() {
        lifetime.checkOpen("program '" + name + "'");
        if (!loaded) return 0;
        return ProgramInfo.of(name, fd()).recursionMisses();
    }

    /** Links currently attaching this program. */
    public synchronized List<Link> links() {
        return links.stream().filter(Link::isAttached).toList();
    }

    /** Every link made for it, those closed by hand included (not those of an earlier {@link #detach()}). */
    synchronized List<Link> allLinks() {
        return List.copyOf(links);
    }

    /** Closes every link of this program; it stays loaded and can be attached again. */
    synchronized void detach() {
        links.forEach(Link::close);
        links.clear();
    }

    private synchronized Link keep(Link link) {
        links.add(link);
        return link;
    }

    ProbeKind kind() {
        return ProbeKind.of(section);
    }

    /** True when the SEC() name alone says where to attach (libbpf can auto-attach it). */
    boolean canAutoAttach() {
        String target = ProbeKind.target(section);
        return switch (kind()) {
            case UPROBE, USDT, RAW_TRACEPOINT, TRACEPOINT, TP_BTF -> !target.isEmpty();
            case PERF_EVENT, OTHER -> false;
            default -> true;
        };
    }

    /** Throws for a program switched off before load: there is nothing in the kernel to attach or ask about. */
    void checkLoaded() {
        if (!loaded) {
            throw new BpfException("program '" + name + "' was switched off before load (autoload false), so it is not in the kernel: "
                    + "leave it on to use it");
        }
    }

    /** Attaches where the SEC() name says. */
    Link attachAuto() {
        checkLoaded();
        checkTarget();
        LibbpfLog.drain();
        MemorySegment link = Libbpf.bpf_program__attach(handle);
        if (link.equals(MemorySegment.NULL)) throw attachFailure(section, Errno.last());
        return keep(new Link(name, section, link));
    }

    /** A uprobe, or (as libbpf allows: both are kprobe-type programs) a SEC("kprobe...") program attached as one. */
    Link attachUprobe(String binary, String symbol, int pid) {
        checkLoaded();
        if (kind() != ProbeKind.UPROBE && kind() != ProbeKind.KPROBE) {
            throw new BpfException("program '" + name + "' is SEC(\"" + section + "\"), not a uprobe: declare it with "
                    + "SEC(\"uprobe\") or SEC(\"uretprobe\")");
        }
        String path = Binaries.resolve(binary);
        boolean retprobe = ProbeKind.isReturnProbe(section);
        String target = (retprobe ? "uretprobe " : "uprobe ") + path + ":" + symbol;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment opts = arena.allocate(CStructs.BPF_UPROBE_OPTS);
            opts.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, CStructs.BPF_UPROBE_OPTS.byteSize());
            opts.set(java.lang.foreign.ValueLayout.JAVA_BOOLEAN,
                    CStructs.BPF_UPROBE_OPTS.byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("retprobe")), retprobe);
            opts.set(java.lang.foreign.ValueLayout.ADDRESS,
                    CStructs.BPF_UPROBE_OPTS.byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("func_name")),
                    arena.allocateFrom(symbol));
            LibbpfLog.drain();
            MemorySegment link = Libbpf.bpf_program__attach_uprobe_opts(handle, pid, arena.allocateFrom(path), 0, opts);
            if (link.equals(MemorySegment.NULL)) throw attachFailure(target, Errno.last());
            return keep(new Link(name, target, link));
        }
    }

    Link attachUsdt(String binary, String provider, String probe, int pid) {
        checkLoaded();
        if (kind() != ProbeKind.USDT) {
            throw new BpfException("program '" + name + "' is SEC(\"" + section + "\"), not a USDT probe: declare it with SEC(\"usdt\")");
        }
        String path = Binaries.resolve(binary);
        String target = "usdt " + path + ":" + provider + ":" + probe;
        try (Arena arena = Arena.ofConfined()) {
            LibbpfLog.drain();
            MemorySegment link = Libbpf.bpf_program__attach_usdt(handle, pid, arena.allocateFrom(path),
                    arena.allocateFrom(provider), arena.allocateFrom(probe), MemorySegment.NULL);
            if (link.equals(MemorySegment.NULL)) throw attachFailure(target, Errno.last());
            return keep(new Link(name, target, link));
        }
    }

    Link attachPerfEvent(int perfEventFd, String target) {
        checkLoaded();
        if (kind() != ProbeKind.PERF_EVENT) {
            throw new BpfException("program '" + name + "' is SEC(\"" + section + "\"), not SEC(\"perf_event\")");
        }
        LibbpfLog.drain();
        MemorySegment link = Libbpf.bpf_program__attach_perf_event(handle, perfEventFd);
        if (link.equals(MemorySegment.NULL)) throw attachFailure(target, Errno.last());
        return keep(new Link(name, target, link));
    }

    /**
     * Runs a {@code SEC("raw_tp")} program that names no tracepoint once, now, on the calling thread and its CPU,
     * as bpftrace runs its BEGIN and END probes; returns what the program returned.
     */
    public int run() {
        lifetime.checkOpen("program '" + name + "'");
        if (kind() != ProbeKind.RAW_TRACEPOINT || !ProbeKind.target(section).isEmpty()) {
            throw new BpfException("program '" + name + "' is SEC(\"" + section + "\"): only a SEC(\"raw_tp\") program without "
                    + "a tracepoint can be run from Java; attach this one instead");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment opts = arena.allocate(CStructs.BPF_TEST_RUN_OPTS);
            opts.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, CStructs.BPF_TEST_RUN_OPTS.byteSize());
            int rc = Libbpf.bpf_prog_test_run_opts(fd(), opts);
            Failures.check(rc, "running program '" + name + "'");
            return opts.get(java.lang.foreign.ValueLayout.JAVA_INT,
                    CStructs.BPF_TEST_RUN_OPTS.byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("retval")));
        }
    }

    /** Fails early, with suggestions, for probes that cannot exist on this kernel. */
    private void checkTarget() {
        String target = ProbeKind.target(section);
        switch (kind()) {
            case TRACEPOINT -> {
                int slash = target.indexOf('/');
                String category = slash < 0 ? target : target.substring(0, slash);
                String event = slash < 0 ? "" : target.substring(slash + 1);
                Tracefs.requireTracepoint(category, event, "program '" + name + "'");
            }
            case RAW_TRACEPOINT -> {
                List<String> names = Tracefs.tracepoints().stream().map(t -> t.substring(t.indexOf(':') + 1)).toList();
                if (!names.contains(target)) {
                    List<String> near = Suggestions.nearest(target, names, 3);
                    throw new AttachException("raw tracepoint " + target + " not found (program '" + name + "')"
                            + Suggestions.didYouMean(near), target, near, "");
                }
            }
            default -> {
            }
        }
    }

    private BpfException attachFailure(String target, int errno) {
        String log = LibbpfLog.drain().strip();
        if (Errno.isPermission(errno)) return Failures.of(errno, "attaching program '" + name + "' to " + target);
        String why = log.isEmpty() ? Errno.name(errno) : lastLine(log);
        return new AttachException("cannot attach program '" + name + "' to " + target + ": " + why,
                target, List.of(), log);
    }

    private static String lastLine(String log) {
        String[] lines = log.split("\n");
        return lines[lines.length - 1].replaceFirst("^libbpf: ", "");
    }

    @Override
    public String toString() {
        List<Link> links = links();
        return name + " [" + section + "]" + (!loaded ? " (switched off)" : links.isEmpty() ? " (not attached)" : " attached");
    }
}
