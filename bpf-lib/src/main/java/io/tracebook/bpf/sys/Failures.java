package io.tracebook.bpf.sys;

import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.ffi.Errno;

/**
 * A failed libbpf or kernel call turned into the exception a user sees: the one place that decides what
 * an errno means to them. A missing privilege becomes a {@link io.tracebook.bpf.error.PermissionException}
 * naming the capability; anything else says what was attempted and the errno's name.
 */
public final class Failures {
    private Failures() {
    }

    /** For calls that return {@code -errno} (libbpf 1.x int functions): nothing when {@code rc >= 0}. */
    public static void check(int rc, String attempted) {
        if (rc < 0) throw of(-rc, attempted);
    }

    /** The exception for {@code errno} (either sign) from {@code attempted}, e.g. "update of map 'counts'". */
    public static BpfException of(int errno, String attempted) {
        if (Errno.isPermission(errno)) return Capabilities.permissionError(attempted);
        return new BpfException(attempted + " failed: " + Errno.name(errno));
    }
}
