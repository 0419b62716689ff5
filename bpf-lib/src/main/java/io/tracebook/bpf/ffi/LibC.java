package io.tracebook.bpf.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
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

    private static final NativeFunction MMAP = B.declareWithErrno("sys/mman.h", "mmap", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final NativeFunction MUNMAP = B.declareWithErrno("sys/mman.h", "munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final NativeFunction POLL = B.declareWithErrno("poll.h", "poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final NativeFunction CLOSE = B.declareWithErrno("unistd.h", "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final NativeFunction GETPID = B.declare("unistd.h", "getpid", FunctionDescriptor.of(JAVA_INT));
    private static final NativeFunction SYSCONF = B.declare("unistd.h", "sysconf", FunctionDescriptor.of(JAVA_LONG, JAVA_INT));
    private static final NativeFunction VSNPRINTF = B.declare("stdio.h", "vsnprintf", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));
    private static final NativeFunction SYSCALL = B.declareVariadic("unistd.h", "syscall", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), 1);
    private static final NativeFunction MKFIFO = B.declareWithErrno("sys/stat.h", "mkfifo", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final NativeFunction MOUNT = B.declareWithErrno("sys/mount.h", "mount", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));

    /** Every function declared here, for the header check. */
    public static final List<NativeFunction> FUNCTIONS = B.functions();

    /** Binds vsnprintf, which libbpf's print callback calls, ahead of libbpf's first warning (LibbpfRuntime). */
    static void bindFormatting() {
        Binder.ensureBound(MethodHandles.lookup(), vsnprintf.class);
    }

    public static MemorySegment mmap(MemorySegment addr, long length, int prot, int flags, int fd, long offset) {
        try {
            return (MemorySegment) mmap.HANDLE.invokeExact(Errno.state(), addr, length, prot, flags, fd, offset);
        } catch (Throwable t) {
            throw new AssertionError("native call mmap failed", t);
        }
    }

    public static int munmap(MemorySegment addr, long length) {
        try {
            return (int) munmap.HANDLE.invokeExact(Errno.state(), addr, length);
        } catch (Throwable t) {
            throw new AssertionError("native call munmap failed", t);
        }
    }

    public static int poll(MemorySegment fds, long nfds, int timeout) {
        try {
            return (int) poll.HANDLE.invokeExact(Errno.state(), fds, nfds, timeout);
        } catch (Throwable t) {
            throw new AssertionError("native call poll failed", t);
        }
    }

    public static int close(int fd) {
        try {
            return (int) close.HANDLE.invokeExact(Errno.state(), fd);
        } catch (Throwable t) {
            throw new AssertionError("native call close failed", t);
        }
    }

    public static int getpid() {
        try {
            return (int) getpid.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("native call getpid failed", t);
        }
    }

    public static long sysconf(int name) {
        try {
            return (long) sysconf.HANDLE.invokeExact(name);
        } catch (Throwable t) {
            throw new AssertionError("native call sysconf failed", t);
        }
    }

    public static int vsnprintf(MemorySegment str, long size, MemorySegment format, MemorySegment ap) {
        try {
            return (int) vsnprintf.HANDLE.invokeExact(str, size, format, ap);
        } catch (Throwable t) {
            throw new AssertionError("native call vsnprintf failed", t);
        }
    }

    public static int mkfifo(MemorySegment pathname, int mode) {
        try {
            return (int) mkfifo.HANDLE.invokeExact(Errno.state(), pathname, mode);
        } catch (Throwable t) {
            throw new AssertionError("native call mkfifo failed", t);
        }
    }

    public static int mount(MemorySegment source, MemorySegment target, MemorySegment filesystemtype, long mountflags, MemorySegment data) {
        try {
            return (int) mount.HANDLE.invokeExact(Errno.state(), source, target, filesystemtype, mountflags, data);
        } catch (Throwable t) {
            throw new AssertionError("native call mount failed", t);
        }
    }

    /** syscall(number, pointer, int, int, int, long): the shape perf_event_open needs. */
    public static long syscall(long number, MemorySegment arg0, int arg1, int arg2, int arg3, long arg4) {
        try {
            return (long) syscall.HANDLE.invokeExact(Errno.state(), number, arg0, arg1, arg2, arg3, arg4);
        } catch (Throwable t) {
            throw new AssertionError("native call syscall failed", t);
        }
    }

    // One class per function, holding its handle: a handle is bound (FFM spins classes for it) on the first call
    // of its function, not for every function when this class is first used (jextract does the same).
    private static final class mmap {
        static final MethodHandle HANDLE = B.bind(MMAP);
    }

    private static final class munmap {
        static final MethodHandle HANDLE = B.bind(MUNMAP);
    }

    private static final class poll {
        static final MethodHandle HANDLE = B.bind(POLL);
    }

    private static final class close {
        static final MethodHandle HANDLE = B.bind(CLOSE);
    }

    private static final class getpid {
        static final MethodHandle HANDLE = B.bind(GETPID);
    }

    private static final class sysconf {
        static final MethodHandle HANDLE = B.bind(SYSCONF);
    }

    private static final class vsnprintf {
        static final MethodHandle HANDLE = B.bind(VSNPRINTF);
    }

    private static final class syscall {
        static final MethodHandle HANDLE = B.bind(SYSCALL);
    }

    private static final class mkfifo {
        static final MethodHandle HANDLE = B.bind(MKFIFO);
    }

    private static final class mount {
        static final MethodHandle HANDLE = B.bind(MOUNT);
    }
}
