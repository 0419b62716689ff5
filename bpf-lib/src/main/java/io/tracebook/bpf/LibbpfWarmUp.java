package io.tracebook.bpf;

import io.tracebook.bpf.ffi.LibC;
import io.tracebook.bpf.ffi.LibbpfRuntime;
import java.lang.invoke.MethodHandles;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Binds libbpf (loading the library, linking every downcall: ~0.6 s in a fresh JVM here) on a
 * daemon thread while bpftool and clang work on the first snippet, instead of after them. libc too: the
 * spare clang that a compile starts (mkfifo) and the ring buffers need it, and bound on the spare's thread
 * right after the first compile it took CPU from the open, load and attach the user waits for.
 */
final class LibbpfWarmUp {
    private static final CompletableFuture<String> READY =
            CompletableFuture.supplyAsync(LibbpfWarmUp::bind, runnable -> {
                Thread thread = new Thread(runnable, "tracebook-libbpf-warm-up");
                thread.setDaemon(true);
                thread.start();
            });

    private LibbpfWarmUp() {
    }

    private static String bind() {
        String version = LibbpfRuntime.ensureInitialized();
        try {
            MethodHandles.lookup().ensureInitialized(LibC.class);
        } catch (IllegalAccessException e) {
            throw new AssertionError("LibC is public", e);
        }
        return version;
    }

    /** Starts the warm-up, once per JVM (loading this class does). */
    static void start() {
        // the static initializer did it
    }

    /** Waits for the warm-up; rethrows what it failed with, so the caller sees libbpf's own error. */
    static void finish() {
        try {
            READY.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() instanceof ExceptionInInitializerError init && init.getCause() != null
                    ? init.getCause() : e.getCause();
            if (cause instanceof RuntimeException runtime) throw runtime;
            if (cause instanceof Error error) throw error;
            throw e;
        }
    }
}
