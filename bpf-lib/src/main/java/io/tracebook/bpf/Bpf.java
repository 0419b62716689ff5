package io.tracebook.bpf;

import java.nio.file.Path;
import java.util.List;

/**
 * The entry point. {@code Bpf.c(source)} compiles a snippet (with the standard prelude unless it
 * includes vmlinux.h itself) and opens it; set globals and map sizes on the returned
 * {@link OpenObject}, then {@code load()} and {@code attach()}. Where the process may not use BPF, or
 * with {@code TRACEBOOK_MODE=replay}, the object comes from a recording instead ({@link Recording}).
 */
public final class Bpf {
    private Bpf() {
    }

    /** Compiles (or finds in the cache) a BPF C snippet and opens it. */
    public static OpenObject c(String source) {
        return CompileOptions.NONE.c(source);
    }

    /** Opens a {@code .bpf.c} file (compiled like a snippet) or an already built {@code .bpf.o}/{@code .o}. */
    public static OpenObject file(Path path) {
        return CompileOptions.NONE.file(path);
    }

    /** Compile options to add include directories and {@code -D} defines: {@code Bpf.options().include(dir).file(path)}. */
    public static CompileOptions options() {
        return CompileOptions.NONE;
    }

    /** Every object loaded and not yet closed in this JVM. */
    public static List<BpfObject> loaded() {
        return Session.live();
    }

    /**
     * Returns once every object replaced by a later load under its name is closed in the kernel too: a replaced
     * object counts as closed at once, and its programs are detached in the background (detaching waits for the
     * kernel), so that a re-run does not wait for it. For code that counts the kernel's programs or links.
     */
    public static void awaitReplacedClosed() {
        Session.awaitReplacedClosed();
    }

    /** Closes every loaded object: detaches all probes, frees all maps; returns once replaced objects are closed too. */
    public static void closeAll() {
        Session.closeAll();
    }
}
