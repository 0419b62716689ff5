package io.tracebook.bpf;

import io.tracebook.bpf.compile.BpfCompiler;
import io.tracebook.bpf.compile.CompiledObject;
import io.tracebook.bpf.error.BpfException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The entry point. {@code Bpf.c(source)} compiles a snippet (with the standard prelude unless it
 * includes vmlinux.h itself) and opens it; set globals and map sizes on the returned
 * {@link OpenObject}, then {@code load()} and {@code attach()}.
 */
public final class Bpf {
    private Bpf() {
    }

    /** Compiles (or finds in the cache) a BPF C snippet and opens it. */
    public static OpenObject c(String source) {
        LibbpfWarmUp.start();
        CompiledObject compiled = BpfCompiler.shared().compile(source);
        LibbpfWarmUp.finish();
        return OpenObject.open(compiled.objectFile(), compiled.source());
    }

    /** Opens a {@code .bpf.c} file (compiled like a snippet) or an already built {@code .bpf.o}/{@code .o}. */
    public static OpenObject file(Path path) {
        if (!Files.isRegularFile(path)) throw new BpfException("no such file: " + path.toAbsolutePath());
        String name = path.getFileName().toString();
        if (name.endsWith(".o")) return OpenObject.open(path, null);
        LibbpfWarmUp.start();
        CompiledObject compiled = BpfCompiler.shared().compileFile(path);
        LibbpfWarmUp.finish();
        return OpenObject.open(compiled.objectFile(), compiled.source());
    }

    /** Every object loaded and not yet closed in this JVM. */
    public static List<BpfObject> loaded() {
        return Session.live();
    }

    /** Closes every loaded object: detaches all probes, frees all maps. */
    public static void closeAll() {
        Session.closeAll();
    }
}
