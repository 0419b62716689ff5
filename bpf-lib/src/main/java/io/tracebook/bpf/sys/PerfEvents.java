package io.tracebook.bpf.sys;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.error.UnsupportedFeatureException;
import io.tracebook.bpf.ffi.CStructs;
import io.tracebook.bpf.ffi.Errno;
import io.tracebook.bpf.ffi.LibC;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * perf_event_open for sampling programs: software, hardware and cache events by the names perf gives them, sampled
 * every N events or N times a second, on one CPU or in one thread.
 */
public final class PerfEvents {
    private static final int PERF_TYPE_HARDWARE = 0;
    private static final int PERF_TYPE_SOFTWARE = 1;
    private static final int PERF_TYPE_HW_CACHE = 3;
    private static final long FLAG_INHERIT = 1L << 1;
    private static final long FLAG_FREQ = 1L << 10;
    private static final long PERF_FLAG_FD_CLOEXEC = 8;
    private static final int ATTR_BYTES = 128;
    private static final Path CPU_PMU = Path.of("/sys/bus/event_source/devices/cpu");

    /** perf's names of the software events (enum perf_sw_ids), in their order. */
    private static final Map<String, Long> SOFTWARE = names("cpu-clock", "task-clock", "page-faults", "context-switches",
            "cpu-migrations", "minor-faults", "major-faults", "alignment-faults", "emulation-faults", "dummy", "bpf-output");
    /** perf's names of the generic hardware events (enum perf_hw_id), in their order. */
    private static final Map<String, Long> HARDWARE = names("cycles", "instructions", "cache-references", "cache-misses",
            "branches", "branch-misses", "bus-cycles", "stalled-cycles-frontend", "stalled-cycles-backend", "ref-cycles");
    /** The caches of hardware cache events (enum perf_hw_cache_id). */
    private static final Map<String, Long> CACHES = names("L1-dcache", "L1-icache", "LLC", "dTLB", "iTLB", "branch", "node");
    /** Their operations (enum perf_hw_cache_op_id). */
    private static final Map<String, Long> OPERATIONS = names("load", "store", "prefetch");

    /** An event as perf_event_open takes it: a type, a config, and the name it was asked by. */
    public record Event(int type, long config, String name) {
        boolean hardware() {
            return type == PERF_TYPE_HARDWARE || type == PERF_TYPE_HW_CACHE;
        }
    }

    private PerfEvents() {
    }

    private static Map<String, Long> names(String... names) {
        Map<String, Long> byName = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) byName.put(names[i], (long) i);
        return byName;
    }

    /** A software event: "cpu-clock", "task-clock", "page-faults", "context-switches", ... */
    public static Event software(String name) {
        Long config = SOFTWARE.get(name);
        if (config == null) throw unknown("software", name, SOFTWARE.keySet());
        return new Event(PERF_TYPE_SOFTWARE, config, name);
    }

    /** A generic hardware event: "cycles", "instructions", "cache-misses", "branch-misses", ... */
    public static Event hardware(String name) {
        Long config = HARDWARE.get(name.equals("cpu-cycles") ? "cycles" : name.equals("branch-instructions") ? "branches" : name);
        if (config == null) throw unknown("hardware", name, HARDWARE.keySet());
        return new Event(PERF_TYPE_HARDWARE, config, name);
    }

    /** A hardware cache event as perf names them: cache, operation, and "s" (accesses) or "-misses": "L1-dcache-load-misses", "LLC-loads". */
    public static Event cache(String name) {
        boolean misses = name.endsWith("-misses");
        String stem = misses ? name.substring(0, name.length() - "-misses".length()) : name.endsWith("s") ? name.substring(0, name.length() - 1) : "";
        int dash = stem.lastIndexOf('-');
        Long cache = dash < 0 ? null : CACHES.get(stem.substring(0, dash));
        Long operation = dash < 0 ? null : OPERATIONS.get(stem.substring(dash + 1));
        if (cache == null || operation == null) {
            throw new BpfException("no hardware cache event '" + name + "': name it as perf does, cache-operation then s or -misses, "
                    + "e.g. L1-dcache-load-misses or LLC-loads (caches " + String.join(", ", CACHES.keySet()) + "; operations "
                    + String.join(", ", OPERATIONS.keySet()) + ")");
        }
        return new Event(PERF_TYPE_HW_CACHE, cache | operation << 8 | (misses ? 1L : 0L) << 16, name);
    }

    private static BpfException unknown(String kind, String name, java.util.Set<String> names) {
        return new BpfException("no " + kind + " perf event '" + name + "'; the " + kind + " events are " + String.join(", ", names));
    }

    /**
     * Opens {@code event} sampled every {@code period} events, or {@code period} times a second when {@code frequency};
     * on {@code cpu} in every process (pid -1), or in thread {@code pid} and the threads it starts later on any CPU
     * (cpu -1). The caller owns the fd.
     */
    public static int open(Event event, long period, boolean frequency, int pid, int cpu) {
        long nr = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> 298;
            case "aarch64" -> 241;
            default -> throw new UnsupportedFeatureException("perf_event_open", "sampling is wired for x86-64 and arm64 only");
        };
        try (Arena arena = Arena.ofConfined()) {
            var layout = CStructs.PERF_EVENT_ATTR;
            MemorySegment attr = arena.allocate(ATTR_BYTES);
            attr.set(JAVA_INT, layout.byteOffset(groupElement("type")), event.type());
            attr.set(JAVA_INT, layout.byteOffset(groupElement("size")), ATTR_BYTES);
            attr.set(JAVA_LONG, layout.byteOffset(groupElement("config")), event.config());
            attr.set(JAVA_LONG, layout.byteOffset(groupElement("sample_period")), period);
            attr.set(JAVA_LONG, layout.byteOffset(groupElement("flags")), (frequency ? FLAG_FREQ : 0) | (pid >= 0 ? FLAG_INHERIT : 0));
            long fd = LibC.syscall(nr, attr, pid, cpu, -1, PERF_FLAG_FD_CLOEXEC);
            if (fd >= 0) return (int) fd;
            int errno = Errno.last();
            String where = pid >= 0 ? "in process " + pid : "on CPU " + cpu;
            if (event.hardware() && (errno == Errno.ENOENT || errno == Errno.EOPNOTSUPP || errno == Errno.ENODEV)) {
                throw new UnsupportedFeatureException("perf hardware events", "hardware event '" + event.name() + "' is not available ("
                        + Errno.name(errno) + "): " + (Files.exists(CPU_PMU) ? "this machine's PMU does not count it"
                        : "this machine has no PMU (no cpu in /sys/bus/event_source/devices: a VM without a virtual PMU)")
                        + "; sample a software event instead, e.g. PerfEvent.software(\"cpu-clock\")");
            }
            if (errno == Errno.ESRCH) throw new BpfException("no process " + pid + " to sample " + event.name() + " in");
            throw Failures.of(errno, "perf_event_open for " + event.name() + " " + where);
        }
    }

    public static List<Integer> onlineCpus() {
        try {
            String spec = Files.readString(Path.of("/sys/devices/system/cpu/online")).strip();
            List<Integer> cpus = new ArrayList<>();
            for (String part : spec.split(",")) {
                String[] range = part.split("-");
                int from = Integer.parseInt(range[0]);
                int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                for (int c = from; c <= to; c++) cpus.add(c);
            }
            return cpus;
        } catch (IOException e) {
            throw new BpfException("cannot read the online CPUs: " + e.getMessage(), e);
        }
    }
}
