package io.tracebook.bpf;

import io.tracebook.bpf.ffi.LibbpfRuntime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Binds libbpf (loading the library, linking every downcall: ~0.6 s in a fresh JVM here) on a
 * daemon thread while clang compiles the first snippet, instead of after it.
 */
final class LibbpfWarmUp {
    private static final CompletableFuture<String> READY =
            CompletableFuture.supplyAsync(LibbpfRuntime::ensureInitialized, runnable -> {
                Thread thread = new Thread(runnable, "tracebook-libbpf-warm-up");
                thread.setDaemon(true);
                thread.start();
            });

    private LibbpfWarmUp() {
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
