package io.tracebook.bpf.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * The few libc calls Tracebook needs.
 * One static method per C function, named and typed as the C declaration (jextract's style):
 * pointers are {@code MemorySegment}, C ints {@code int}, size_t/__u64 {@code long}.
 * Functions that report failure through errno capture it; read it with {@link Errno#last()}.
 */
public final class LibC {
    private LibC() {
    }

    private static final Binder B = new Binder("libc", Binder.LINKER.defaultLookup());

    private static final MethodHandle MMAP = B.bindWithErrno("sys/mman.h", "mmap", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = B.bindWithErrno("sys/mman.h", "munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle POLL = B.bindWithErrno("poll.h", "poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle CLOSE = B.bindWithErrno("unistd.h", "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle GETPID = B.bind("unistd.h", "getpid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle SYSCONF = B.bind("unistd.h", "sysconf", FunctionDescriptor.of(JAVA_LONG, JAVA_INT));
    private static final MethodHandle VSNPRINTF = B.bind("stdio.h", "vsnprintf", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));
    private static final MethodHandle SYSCALL = B.bindVariadic("unistd.h", "syscall", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), 1);
    private static final MethodHandle MKFIFO = B.bindWithErrno("sys/stat.h", "mkfifo", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle MOUNT = B.bindWithErrno("sys/mount.h", "mount", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));

    /** Every function bound here, for the header check. */
    public static final List<NativeFunction> FUNCTIONS = B.functions();

    public static MemorySegment mmap(MemorySegment addr, long length, int prot, int flags, int fd, long offset) {
        try {
            return (MemorySegment) MMAP.invokeExact(Errno.state(), addr, length, prot, flags, fd, offset);
        } catch (Throwable t) {
            throw new AssertionError("native call mmap failed", t);
        }
    }

    public static int munmap(MemorySegment addr, long length) {
        try {
            return (int) MUNMAP.invokeExact(Errno.state(), addr, length);
        } catch (Throwable t) {
            throw new AssertionError("native call munmap failed", t);
        }
    }

    public static int poll(MemorySegment fds, long nfds, int timeout) {
        try {
            return (int) POLL.invokeExact(Errno.state(), fds, nfds, timeout);
        } catch (Throwable t) {
            throw new AssertionError("native call poll failed", t);
        }
    }

    public static int close(int fd) {
        try {
            return (int) CLOSE.invokeExact(Errno.state(), fd);
        } catch (Throwable t) {
            throw new AssertionError("native call close failed", t);
        }
    }

    public static int getpid() {
        try {
            return (int) GETPID.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("native call getpid failed", t);
        }
    }

    public static long sysconf(int name) {
        try {
            return (long) SYSCONF.invokeExact(name);
        } catch (Throwable t) {
            throw new AssertionError("native call sysconf failed", t);
        }
    }

    public static int vsnprintf(MemorySegment str, long size, MemorySegment format, MemorySegment ap) {
        try {
            return (int) VSNPRINTF.invokeExact(str, size, format, ap);
        } catch (Throwable t) {
            throw new AssertionError("native call vsnprintf failed", t);
        }
    }

    public static int mkfifo(MemorySegment pathname, int mode) {
        try {
            return (int) MKFIFO.invokeExact(Errno.state(), pathname, mode);
        } catch (Throwable t) {
            throw new AssertionError("native call mkfifo failed", t);
        }
    }

    public static int mount(MemorySegment source, MemorySegment target, MemorySegment filesystemtype, long mountflags, MemorySegment data) {
        try {
            return (int) MOUNT.invokeExact(Errno.state(), source, target, filesystemtype, mountflags, data);
        } catch (Throwable t) {
            throw new AssertionError("native call mount failed", t);
        }
    }

    /** syscall(number, pointer, int, int, int, long): the shape perf_event_open needs. */
    public static long syscall(long number, MemorySegment arg0, int arg1, int arg2, int arg3, long arg4) {
        try {
            return (long) SYSCALL.invokeExact(Errno.state(), number, arg0, arg1, arg2, arg3, arg4);
        } catch (Throwable t) {
            throw new AssertionError("native call syscall failed", t);
        }
    }
}
