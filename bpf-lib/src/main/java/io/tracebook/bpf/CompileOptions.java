package io.tracebook.bpf;

import io.tracebook.bpf.compile.BpfCompiler;
import io.tracebook.bpf.compile.ClangOptions;
import io.tracebook.bpf.compile.CompiledObject;
import io.tracebook.bpf.error.BpfException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How to compile a program that needs more than the defaults: include directories, searched before Tracebook's
 * and the system's (a directory with a {@code bpf/} of newer libbpf headers wins over the installed ones), and
 * {@code -D} macro definitions. Immutable: each call returns new options. Start from {@link Bpf#options()}:
 * <pre>{@code
 * Bpf.options().include(Path.of("include")).define("MAX_ENTRIES", 4096).file(Path.of("tool.bpf.c"))
 * }</pre>
 */
public final class CompileOptions {
    static final CompileOptions NONE = new CompileOptions(ClangOptions.NONE);

    private final ClangOptions clang;

    private CompileOptions(ClangOptions clang) {
        this.clang = clang;
    }

    /** Adds include directory {@code dir}, for {@code #include "..."} and {@code #include <...>} alike. */
    public CompileOptions include(Path dir) {
        return new CompileOptions(clang.include(dir));
    }

    /** Defines macro {@code name} as clang's {@code -Dname} does (to 1). */
    public CompileOptions define(String name) {
        return new CompileOptions(clang.define(name, ""));
    }

    /** Defines macro {@code name} as {@code value} ({@code -Dname=value}), e.g. define("MAX_SLOTS", 30). */
    public CompileOptions define(String name, Object value) {
        return new CompileOptions(clang.define(name, String.valueOf(value)));
    }

    /** Compiles (or finds in the cache) a BPF C snippet with these options and opens it. */
    public OpenObject c(String source) {
        LibbpfWarmUp.start();
        CompiledObject compiled = BpfCompiler.shared().compile(source, clang);
        LibbpfWarmUp.finish();
        return OpenObject.open(compiled.objectFile(), compiled.source());
    }

    /** Opens a {@code .bpf.c} file compiled with these options, or an already built {@code .o} (which takes none). */
    public OpenObject file(Path path) {
        if (!Files.isRegularFile(path)) throw new BpfException("no such file: " + path.toAbsolutePath());
        if (path.getFileName().toString().endsWith(".o")) {
            if (this != NONE) throw new BpfException(path + " is already compiled: include directories and defines apply to .bpf.c sources");
            return OpenObject.open(path, null);
        }
        LibbpfWarmUp.start();
        CompiledObject compiled = BpfCompiler.shared().compileFile(path, clang);
        LibbpfWarmUp.finish();
        return OpenObject.open(compiled.objectFile(), compiled.source());
    }

    @Override
    public String toString() {
        return "CompileOptions " + clang.includeDirs() + " " + clang.defines();
    }
}
