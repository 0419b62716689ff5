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
import java.util.List;

/** perf_event_open for sampling programs: a software cpu-clock event per online CPU. */
public final class PerfEvents {
    private static final int PERF_TYPE_SOFTWARE = 1;
    private static final int PERF_COUNT_SW_CPU_CLOCK = 0;
    private static final long FLAG_FREQ = 1L << 10;
    private static final long PERF_FLAG_FD_CLOEXEC = 8;

    private PerfEvents() {
    }

    /** Opens one sampling event per CPU at {@code hz} samples per second; the caller owns the fds. */
    public static int openCpuClock(int cpu, int hz) {
        return openCpuClock(cpu, hz, FLAG_FREQ, "cpu-clock sampling");
    }

    /**
     * Opens a cpu-clock event on {@code cpu} that fires every {@code periodNs} nanoseconds of that CPU's clock,
     * idle or not (bpftrace's {@code interval:} probes); the caller owns the fd.
     */
    public static int openCpuClockEvery(int cpu, long periodNs) {
        return openCpuClock(cpu, periodNs, 0, "a cpu-clock interval");
    }

    private static int openCpuClock(int cpu, long period, long flags, String what) {
        long nr = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> 298;
            case "aarch64" -> 241;
            default -> throw new UnsupportedFeatureException("perf_event_open", "sampling is wired for x86-64 and arm64 only");
        };
        try (Arena arena = Arena.ofConfined()) {
            var layout = CStructs.PERF_EVENT_ATTR;
            MemorySegment attr = arena.allocate(128);
            attr.set(JAVA_INT, layout.byteOffset(groupElement("type")), PERF_TYPE_SOFTWARE);
            attr.set(JAVA_INT, layout.byteOffset(groupElement("size")), 128);
            attr.set(JAVA_LONG, layout.byteOffset(groupElement("config")), PERF_COUNT_SW_CPU_CLOCK);
            attr.set(JAVA_LONG, layout.byteOffset(groupElement("sample_period")), period);
            attr.set(JAVA_LONG, layout.byteOffset(groupElement("flags")), flags);
            long fd = LibC.syscall(nr, attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
            if (fd < 0) {
                throw Failures.of(Errno.last(), "perf_event_open for " + what + " on CPU " + cpu);
            }
            return (int) fd;
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
