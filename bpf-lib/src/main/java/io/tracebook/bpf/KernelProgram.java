package io.tracebook.bpf;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.tracebook.bpf.error.AttachException;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.ffi.CStrings;
import io.tracebook.bpf.ffi.CStructs;
import io.tracebook.bpf.ffi.Errno;
import io.tracebook.bpf.ffi.LibC;
import io.tracebook.bpf.ffi.Libbpf;
import io.tracebook.bpf.ffi.LibbpfLog;
import io.tracebook.bpf.ffi.LibbpfObjects;
import io.tracebook.bpf.record.AttachRequest;
import io.tracebook.bpf.record.Attachment;
import io.tracebook.bpf.record.ProgramAccess;
import io.tracebook.bpf.record.ProgramSpec;
import io.tracebook.bpf.sys.Binaries;
import io.tracebook.bpf.sys.Failures;
import io.tracebook.bpf.sys.PerfEvents;
import io.tracebook.bpf.sys.Suggestions;
import io.tracebook.bpf.sys.Tracefs;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A program of a loaded libbpf object: the kernel side of {@link BpfProgram}, attaching through libbpf. */
final class KernelProgram implements ProgramAccess {
    private final MemorySegment handle;
    private final String name;
    private final String section;

    KernelProgram(String name, MemorySegment handle) {
        this.handle = handle;
        this.name = name;
        this.section = CStrings.read(Libbpf.bpf_program__section_name(handle));
    }

    static ProgramSpec spec(MemorySegment program) {
        return new ProgramSpec(LibbpfObjects.programName(program), CStrings.read(Libbpf.bpf_program__section_name(program)),
                Libbpf.bpf_program__autoload(program));
    }

    @Override
    public int fd() {
        return Libbpf.bpf_program__fd(handle);
    }

    @Override
    public Stats stats() {
        ProgramInfo info = ProgramInfo.of(name, fd());
        return new Stats(info.id(), info.recursionMisses());
    }

    @Override
    public int run() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment opts = arena.allocate(CStructs.BPF_TEST_RUN_OPTS);
            opts.set(JAVA_LONG, 0, CStructs.BPF_TEST_RUN_OPTS.byteSize());
            Failures.check(Libbpf.bpf_prog_test_run_opts(fd(), opts), "running program '" + name + "'");
            return opts.get(JAVA_INT, CStructs.BPF_TEST_RUN_OPTS.byteOffset(groupElement("retval")));
        }
    }

    @Override
    public List<Attachment> attach(AttachRequest request) {
        return switch (request) {
            case AttachRequest.Auto auto -> List.of(attachAuto());
            case AttachRequest.Uprobe u -> List.of(attachUprobe(u.binary(), u.symbol(), u.pid()));
            case AttachRequest.Usdt u -> List.of(attachUsdt(u.binary(), u.provider(), u.probe(), u.pid()));
            case AttachRequest.PerfEvent e -> attachPerfEvents(e);
            case AttachRequest.Timer t -> List.of(attachTimer(t.periodNanos()));
        };
    }

    private Attachment attachAuto() {
        LibbpfLog.drain();
        MemorySegment link = Libbpf.bpf_program__attach(handle);
        if (link.equals(MemorySegment.NULL)) {
            // Checked only now: passing, the tracefs look-ups took 0.07-0.15 ms of a re-run's 0.8-0.95 ms attach. When
            // they pass here, they may have just mounted tracefs, which libbpf needed: one more try.
            checkTarget();
            LibbpfLog.drain();
            link = Libbpf.bpf_program__attach(handle);
            if (link.equals(MemorySegment.NULL)) throw attachFailure(section, Errno.last());
        }
        return new KernelLink(section, link);
    }

    private Attachment attachUprobe(String binary, String symbol, int pid) {
        String path = Binaries.resolve(binary);
        boolean retprobe = ProbeKind.isReturnProbe(section);
        String target = (retprobe ? "uretprobe " : "uprobe ") + path + ":" + symbol;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment opts = arena.allocate(CStructs.BPF_UPROBE_OPTS);
            opts.set(JAVA_LONG, 0, CStructs.BPF_UPROBE_OPTS.byteSize());
            opts.set(JAVA_BOOLEAN, CStructs.BPF_UPROBE_OPTS.byteOffset(groupElement("retprobe")), retprobe);
            opts.set(ADDRESS, CStructs.BPF_UPROBE_OPTS.byteOffset(groupElement("func_name")), arena.allocateFrom(symbol));
            LibbpfLog.drain();
            MemorySegment link = Libbpf.bpf_program__attach_uprobe_opts(handle, pid, arena.allocateFrom(path), 0, opts);
            if (link.equals(MemorySegment.NULL)) throw attachFailure(target, Errno.last());
            return new KernelLink(target, link);
        }
    }

    private Attachment attachUsdt(String binary, String provider, String probe, int pid) {
        String path = Binaries.resolve(binary);
        String target = "usdt " + path + ":" + provider + ":" + probe;
        try (Arena arena = Arena.ofConfined()) {
            LibbpfLog.drain();
            MemorySegment link = Libbpf.bpf_program__attach_usdt(handle, pid, arena.allocateFrom(path),
                    arena.allocateFrom(provider), arena.allocateFrom(probe), MemorySegment.NULL);
            if (link.equals(MemorySegment.NULL)) throw attachFailure(target, Errno.last());
            return new KernelLink(target, link);
        }
    }

    /** A cpu-clock timer on the first online CPU, every {@code periodNanos}, and its link. */
    private Attachment attachTimer(long periodNanos) {
        int cpu = PerfEvents.onlineCpus().getFirst();
        int fd = PerfEvents.open(PerfEvents.software("cpu-clock"), periodNanos, false, -1, cpu);
        return attachPerfEvent(fd, "cpu-clock every " + periodNanos + " ns on CPU " + cpu);
    }

    /** A perf event's link, which owns the event's fd from then on; the fd is closed when attaching fails. */
    private Attachment attachPerfEvent(int fd, String target) {
        LibbpfLog.drain();
        MemorySegment link = Libbpf.bpf_program__attach_perf_event(handle, fd);
        if (link.equals(MemorySegment.NULL)) {
            int errno = Errno.last();
            LibC.close(fd);
            throw attachFailure(target, errno);
        }
        return new KernelLink(target, link);
    }

    /**
     * A perf event and a link per online CPU, or per thread the event's process has now; a failure on one detaches
     * those made before it.
     */
    private List<Attachment> attachPerfEvents(AttachRequest.PerfEvent request) {
        PerfEvents.Event event = new PerfEvents.Event(request.type(), request.config(), request.name());
        List<Attachment> made = new ArrayList<>();
        try {
            if (request.pid() < 0) {
                for (int cpu : PerfEvents.onlineCpus()) {
                    int fd = PerfEvents.open(event, request.period(), request.frequency(), -1, cpu);
                    made.add(attachPerfEvent(fd, request.rate() + " on CPU " + cpu));
                }
            } else {
                for (int thread : threads(request.pid())) {
                    int fd = PerfEvents.open(event, request.period(), request.frequency(), thread, -1);
                    made.add(attachPerfEvent(fd, request.rate() + " in thread " + thread));
                }
            }
        } catch (RuntimeException e) {
            made.forEach(Attachment::detach);
            throw e;
        }
        return made;
    }

    /** The threads of process {@code pid}, from /proc. */
    private static List<Integer> threads(int pid) {
        try (var tasks = Files.list(Path.of("/proc", Integer.toString(pid), "task"))) {
            return tasks.map(t -> Integer.parseInt(t.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            throw new BpfException("no process " + pid + " to sample in (" + e.getMessage() + ")");
        }
    }

    /** Fails with suggestions for a tracepoint this kernel does not have (mounting tracefs when it is not). */
    private void checkTarget() {
        String target = ProbeKind.target(section);
        switch (ProbeKind.of(section)) {
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

    /** A libbpf link: destroying it detaches. */
    private record KernelLink(String target, MemorySegment link) implements Attachment {
        @Override
        public void detach() {
            Libbpf.bpf_link__destroy(link);
        }
    }
}
