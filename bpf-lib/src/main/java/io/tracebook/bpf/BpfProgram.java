package io.tracebook.bpf;

import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.record.AttachRequest;
import io.tracebook.bpf.record.Attachment;
import io.tracebook.bpf.record.ProgramAccess;
import io.tracebook.bpf.record.ProgramSpec;
import java.util.ArrayList;
import java.util.List;

/** One BPF program of a loaded object: its SEC() name, and how it attaches. */
public final class BpfProgram {
    private final Lifetime lifetime;
    private final ProgramAccess access;
    private final String name;
    private final String section;
    private final boolean loaded;
    /** Every link made for this program, detached ones too until {@link #detach()}. */
    private final List<Link> links = new ArrayList<>();

    BpfProgram(Lifetime lifetime, ProgramSpec spec, ProgramAccess access) {
        this.lifetime = lifetime;
        this.access = access;
        this.name = spec.name();
        this.section = spec.section();
        this.loaded = spec.loaded();
    }

    public String name() {
        return name;
    }

    /** The SEC() name, e.g. "tracepoint/syscalls/sys_enter_openat". */
    public String section() {
        return section;
    }

    /** Its file descriptor in this process (a program replayed from a recording has none). */
    public int fd() {
        return access.fd();
    }

    /** False for a program switched off before load ({@code OpenObject.autoload(name, false)}): it is not in the kernel. */
    public boolean isLoaded() {
        return loaded;
    }

    /** The kernel's id of this program, as {@code bpftool prog show} lists it. */
    public int id() {
        lifetime.checkOpen("program '" + name + "'");
        checkLoaded();
        return access.stats().id();
    }

    /**
     * Runs the kernel skipped because a BPF program was already running on that CPU (the program's
     * {@code recursion_misses}): the program did not run, so events it would have sent were never produced
     * and no loss counter saw them. Counted since load.
     */
    public long missedRuns() {
        lifetime.checkOpen("program '" + name + "'");
        if (!loaded) return 0;
        return access.stats().missedRuns();
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

    /** Throws for a program switched off before load: there is nothing in the kernel to attach or ask about. */
    void checkLoaded() {
        if (!loaded) {
            throw new BpfException("program '" + name + "' was switched off before load (autoload false), so it is not in the kernel: "
                    + "leave it on to use it");
        }
    }

    /** Attaches as {@code request} asks and keeps the links. */
    private synchronized void attach(AttachRequest request) {
        checkLoaded();
        for (Attachment a : access.attach(request)) links.add(new Link(name, a));
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

    /** Attaches where the SEC() name says. */
    void attachAuto() {
        attach(new AttachRequest.Auto());
    }

    /** A uprobe, or (as libbpf allows: both are kprobe-type programs) a SEC("kprobe...") program attached as one. */
    void attachUprobe(String binary, String symbol, int pid) {
        if (kind() != ProbeKind.UPROBE && kind() != ProbeKind.KPROBE) {
            throw new BpfException("program '" + name + "' is SEC(\"" + section + "\"), not a uprobe: declare it with "
                    + "SEC(\"uprobe\") or SEC(\"uretprobe\")");
        }
        attach(new AttachRequest.Uprobe(binary, symbol, pid));
    }

    void attachUsdt(String binary, String provider, String probe, int pid) {
        if (kind() != ProbeKind.USDT) {
            throw new BpfException("program '" + name + "' is SEC(\"" + section + "\"), not a USDT probe: declare it with SEC(\"usdt\")");
        }
        attach(new AttachRequest.Usdt(binary, provider, probe, pid));
    }

    /** Runs it every {@code periodNanos} on the first online CPU: a cpu-clock timer, busy or idle. */
    void attachTimer(long periodNanos) {
        checkPerfEvent();
        attach(new AttachRequest.Timer(periodNanos));
    }

    /** Runs it on a perf event: a perf event and a link per online CPU, or per thread of the event's process. */
    void attachPerfEvent(AttachRequest.PerfEvent event) {
        checkPerfEvent();
        attach(event);
    }

    private void checkPerfEvent() {
        checkLoaded();
        if (kind() != ProbeKind.PERF_EVENT) {
            throw new BpfException("program '" + name + "' is SEC(\"" + section + "\"), not SEC(\"perf_event\")");
        }
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
        checkLoaded();
        return access.run();
    }

    @Override
    public String toString() {
        List<Link> links = links();
        return name + " [" + section + "]" + (!loaded ? " (switched off)" : links.isEmpty() ? " (not attached)" : " attached");
    }
}
