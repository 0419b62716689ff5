package io.tracebook.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this process may load and attach tracing programs: CAP_SYS_ADMIN, or CAP_BPF + CAP_PERFMON. */
public final class Privileges {
    private static final int CAP_SYS_ADMIN = 21;
    private static final int CAP_PERFMON = 38;
    private static final int CAP_BPF = 39;

    private Privileges() {
    }

    /** The missing capability, or null when the benchmarks can run. */
    public static String missing() {
        long effective = effective();
        if (has(effective, CAP_SYS_ADMIN)) return null;
        if (!has(effective, CAP_BPF)) return "CAP_BPF";
        if (!has(effective, CAP_PERFMON)) return "CAP_PERFMON";
        return null;
    }

    private static boolean has(long effective, int capability) {
        return (effective & (1L << capability)) != 0;
    }

    private static long effective() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) return Long.parseUnsignedLong(line.substring(7).strip(), 16);
            }
        } catch (IOException | NumberFormatException e) {
            // unknown: assume no capabilities
        }
        return 0;
    }
}
