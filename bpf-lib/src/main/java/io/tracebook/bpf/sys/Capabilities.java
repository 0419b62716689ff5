package io.tracebook.bpf.sys;

import io.tracebook.bpf.error.PermissionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The effective capabilities of this process, read from /proc/self/status. */
public final class Capabilities {
    public static final int CAP_SYS_ADMIN = 21;
    public static final int CAP_PERFMON = 38;
    public static final int CAP_BPF = 39;

    private Capabilities() {
    }

    public static long effective() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) return Long.parseUnsignedLong(line.substring(7).strip(), 16);
            }
        } catch (IOException | NumberFormatException e) {
            // fall through: unknown means "assume none"
        }
        return 0;
    }

    public static boolean has(int capability) {
        return (effective() & (1L << capability)) != 0;
    }

    /**
     * The capability missing for loading and attaching tracing programs, or null when we have
     * what it takes: CAP_BPF + CAP_PERFMON, or CAP_SYS_ADMIN alone.
     */
    public static String missingForTracing() {
        if (has(CAP_SYS_ADMIN)) return null;
        if (!has(CAP_BPF)) return "CAP_BPF";
        if (!has(CAP_PERFMON)) return "CAP_PERFMON";
        return null;
    }

    public static PermissionException permissionError(String attempted) {
        String missing = missingForTracing();
        if (missing == null) {
            return new PermissionException(attempted + " was refused (EPERM) although the process has CAP_BPF and "
                    + "CAP_PERFMON: a security module (lockdown, SELinux) or a container may forbid BPF here", "lockdown");
        }
        return new PermissionException(attempted + " needs " + missing + " (or CAP_SYS_ADMIN), which this process "
                + "does not have: run as root (sudo ./tracebook ...) or grant it, e.g. "
                + "'sudo setcap cap_bpf,cap_perfmon+ep <your java binary>'", missing);
    }
}
