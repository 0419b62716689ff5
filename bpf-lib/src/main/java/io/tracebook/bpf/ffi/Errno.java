package io.tracebook.bpf.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** errno as captured right after a native call on the current thread. */
public final class Errno {
    static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");
    private static final StructLayout LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = LAYOUT.varHandle(StructLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.global().allocate(LAYOUT));

    private Errno() {
    }

    /** The capture buffer to pass as the first argument of an errno-capturing handle. */
    static MemorySegment state() {
        return STATE.get();
    }

    /** errno left by the last errno-capturing call on this thread. */
    public static int last() {
        return (int) ERRNO.get(STATE.get(), 0L);
    }

    /** Symbolic name of an errno value ("EPERM"), or "errno N" for one we do not name. */
    public static String name(int errno) {
        int e = Math.abs(errno);
        return switch (e) {
            case 1 -> "EPERM";
            case 2 -> "ENOENT";
            case 3 -> "ESRCH";
            case 4 -> "EINTR";
            case 5 -> "EIO";
            case 7 -> "E2BIG";
            case 9 -> "EBADF";
            case 11 -> "EAGAIN";
            case 12 -> "ENOMEM";
            case 13 -> "EACCES";
            case 14 -> "EFAULT";
            case 16 -> "EBUSY";
            case 17 -> "EEXIST";
            case 19 -> "ENODEV";
            case 22 -> "EINVAL";
            case 24 -> "EMFILE";
            case 28 -> "ENOSPC";
            case 34 -> "ERANGE";
            case 38 -> "ENOSYS";
            case 95 -> "EOPNOTSUPP";
            case 524 -> "ENOTSUPP";
            default -> "errno " + e;
        };
    }

}
