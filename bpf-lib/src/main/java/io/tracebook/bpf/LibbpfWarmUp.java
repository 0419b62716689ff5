package io.tracebook.bpf;

import io.tracebook.bpf.ffi.Libbpf;
import io.tracebook.bpf.ffi.LibbpfRuntime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Loads libbpf and binds the functions a first object's open, load and attach call (FFM's start-up and the
 * classes it spins for each handle: ~0.35 s of CPU in a fresh JVM here) on a daemon thread while bpftool and
 * clang work on the first snippet, instead of after them.
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
        Libbpf.bindLoadPath();
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
