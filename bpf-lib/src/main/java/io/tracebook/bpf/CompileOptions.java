package io.tracebook.bpf;

import io.tracebook.bpf.compile.BpfCompiler;
import io.tracebook.bpf.compile.ClangOptions;
import io.tracebook.bpf.compile.CompiledObject;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.record.Backends;
import io.tracebook.bpf.record.OpenedObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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
        OpenedObject opened = Backends.current().open(identity(source), null, () -> {
            LibbpfWarmUp.start();
            CompiledObject compiled = BpfCompiler.shared().compile(source, clang);
            LibbpfWarmUp.finish();
            return KernelOpenedObject.open(compiled.objectFile(), false);
        });
        return new OpenObject(opened, source);
    }

    /**
     * Opens a {@code .bpf.c} file compiled with these options, or an already built {@code .o} (which takes none). A
     * replay finds the recorded object by the file's content, or, where the file is not (a machine without the tools
     * it came from), by its path.
     */
    public OpenObject file(Path path) {
        boolean present = Files.isRegularFile(path);
        String recorded = present ? null : Backends.current().recordedSource(path.toString())
                .orElseThrow(() -> new BpfException("no such file: " + path.toAbsolutePath()));
        if (path.getFileName().toString().endsWith(".o")) {
            if (this != NONE) throw new BpfException(path + " is already compiled: include directories and defines apply to .bpf.c sources");
            OpenedObject opened = Backends.current().open(present ? digest(path) : recorded, path.toString(), () -> KernelOpenedObject.open(path, true));
            return new OpenObject(opened, null);
        }
        String source = present ? read(path) : recorded;
        OpenedObject opened = Backends.current().open(present ? identity(source) : recorded, path.toString(), () -> {
            LibbpfWarmUp.start();
            CompiledObject compiled = BpfCompiler.shared().compileFile(path, clang);
            LibbpfWarmUp.finish();
            return KernelOpenedObject.open(compiled.objectFile(), false);
        });
        return new OpenObject(opened, source);
    }

    /**
     * What a recording knows the object by: its C and the macros defined for it (which change what is compiled);
     * include directories are where headers are on one machine, so they are left out.
     */
    private String identity(String source) {
        if (clang.defines().isEmpty()) return source;
        StringBuilder defines = new StringBuilder();
        clang.defines().forEach((name, value) -> defines.append(" -D").append(name).append(value.isEmpty() ? "" : "=" + value));
        return source + "\n/* compiled with" + defines + " */\n";
    }

    /** What a recording knows a prebuilt object by: its content. */
    private static String digest(Path object) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(object)));
        } catch (IOException e) {
            throw new BpfException("cannot read " + object + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every Java has SHA-256", e);
        }
    }

    private static String read(Path source) {
        try {
            return Files.readString(source);
        } catch (IOException e) {
            throw new BpfException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "CompileOptions " + clang.includeDirs() + " " + clang.defines();
    }
}
