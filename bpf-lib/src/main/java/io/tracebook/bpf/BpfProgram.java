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
    /** Every link made for this program, detached ones too until {@link #detach()}. */
    private final List<Link> links = new ArrayList<>();

    BpfProgram(Lifetime lifetime, ProgramSpec spec, ProgramAccess access) {
        this.lifetime = lifetime;
        this.access = access;
        this.name = spec.name();
        this.section = spec.section();
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

    /** The kernel's id of this program, as {@code bpftool prog show} lists it. */
    public int id() {
        lifetime.checkOpen("program '" + name + "'");
        return access.stats().id();
    }

    /**
     * Runs the kernel skipped because a BPF program was already running on that CPU (the program's
     * {@code recursion_misses}): the program did not run, so events it would have sent were never produced
     * and no loss counter saw them. Counted since load.
     */
    public long missedRuns() {
        lifetime.checkOpen("program '" + name + "'");
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

    /** Attaches as {@code request} asks and keeps the links. */
    private synchronized void attach(AttachRequest request) {
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

    void attachUprobe(String binary, String symbol, int pid) {
        if (kind() != ProbeKind.UPROBE) {
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
        if (kind() != ProbeKind.PERF_EVENT) {
            throw new BpfException("program '" + name + "' is SEC(\"" + section + "\"), not SEC(\"perf_event\")");
        }
        attach(new AttachRequest.Timer(periodNanos));
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
        return access.run();
    }

    /** Runs it {@code hz} times a second on every online CPU: a perf event and a link per CPU. */
    void attachSampling(int hz) {
        if (kind() != ProbeKind.PERF_EVENT) {
            throw new BpfException("program '" + name + "' is SEC(\"" + section + "\"), not SEC(\"perf_event\")");
        }
        attach(new AttachRequest.Sampling(hz));
    }

    @Override
    public String toString() {
        List<Link> links = links();
        return name + " [" + section + "]" + (links.isEmpty() ? " (not attached)" : " attached");
    }
}
