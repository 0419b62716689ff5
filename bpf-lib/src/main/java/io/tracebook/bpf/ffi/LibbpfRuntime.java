package io.tracebook.bpf.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Process-wide libbpf set-up, done once: refuses an unsupported libbpf before anything else is
 * called, and routes libbpf's log lines to {@link LibbpfLog} instead of stderr.
 */
public final class LibbpfRuntime {
    static final int MIN_MAJOR = 1;
    static final int MIN_MINOR = 0;

    private LibbpfRuntime() {
    }

    private static final class Holder {
        static final String VERSION = initialize();
    }

    /** Makes sure libbpf is usable; returns its version ("1.1"). Idempotent and cheap after the first call. */
    public static String ensureInitialized() {
        return Holder.VERSION;
    }

    private static String initialize() {
        int major = Libbpf.libbpf_major_version();
        int minor = Libbpf.libbpf_minor_version();
        String version = major + "." + minor;
        if (major < MIN_MAJOR || (major == MIN_MAJOR && minor < MIN_MINOR)) {
            throw new UnsupportedOperationException("libbpf " + version + " is too old: Tracebook needs libbpf "
                    + MIN_MAJOR + "." + MIN_MINOR + " or newer (apt-get install libbpf1)");
        }
        if (major > MIN_MAJOR) {
            throw new UnsupportedOperationException("libbpf " + version + " is newer than the 1.x API Tracebook binds; "
                    + "install libbpf 1.x (apt-get install libbpf1)");
        }
        Libbpf.libbpf_set_print(printCallback());
        LibC.bindFormatting();
        return version;
    }

    private static MemorySegment printCallback() {
        try {
            var target = MethodHandles.lookup().findStatic(LibbpfRuntime.class, "onPrint",
                    MethodType.methodType(int.class, int.class, MemorySegment.class, MemorySegment.class));
            return Binder.LINKER.upcallStub(target, FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static final ThreadLocal<MemorySegment> FORMAT_BUFFER =
            ThreadLocal.withInitial(() -> Arena.global().allocate(1 << 20));

    /** libbpf_print_fn_t: (level, format, va_list). va_list decays to a pointer on x86-64 and is passed by reference on arm64. */
    private static int onPrint(int level, MemorySegment format, MemorySegment args) {
        // Most lines are debug lines, dropped unless echoed (~40 for a small object's open and load): formatting them
        // cost the first open a 1 MiB buffer and libc's vsnprintf bound on the calling thread, for nothing.
        if (!LibbpfLog.keeps(level)) return 0;
        try {
            MemorySegment buffer = FORMAT_BUFFER.get();
            int n = LibC.vsnprintf(buffer, buffer.byteSize(), format, args);
            if (n > 0) LibbpfLog.append(level, buffer.getString(0));
        } catch (Throwable t) {
            // An exception escaping an upcall kills the JVM; losing one log line does not.
        }
        return 0;
    }
}
