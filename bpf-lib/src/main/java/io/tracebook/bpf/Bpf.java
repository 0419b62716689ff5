package io.tracebook.bpf;

import io.tracebook.bpf.compile.BpfCompiler;
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
        OpenedObject opened = Backends.current().open(source, null, () -> {
            LibbpfWarmUp.start();
            CompiledObject compiled = BpfCompiler.shared().compile(source);
            LibbpfWarmUp.finish();
            return KernelOpenedObject.open(compiled.objectFile(), false);
        });
        return new OpenObject(opened, source);
    }

    /** Opens a {@code .bpf.c} file (compiled like a snippet) or an already built {@code .bpf.o}/{@code .o}. */
    public static OpenObject file(Path path) {
        if (!Files.isRegularFile(path)) throw new BpfException("no such file: " + path.toAbsolutePath());
        String name = path.getFileName().toString();
        if (name.endsWith(".o")) {
            OpenedObject opened = Backends.current().open(digest(path), path.toString(), () -> KernelOpenedObject.open(path, true));
            return new OpenObject(opened, null);
        }
        String source = read(path);
        OpenedObject opened = Backends.current().open(source, path.toString(), () -> {
            LibbpfWarmUp.start();
            CompiledObject compiled = BpfCompiler.shared().compileFile(path);
            LibbpfWarmUp.finish();
            return KernelOpenedObject.open(compiled.objectFile(), false);
        });
        return new OpenObject(opened, source);
    }

    /** Every object loaded and not yet closed in this JVM. */
    public static List<BpfObject> loaded() {
        return Session.live();
    }

    /** Closes every loaded object: detaches all probes, frees all maps. */
    public static void closeAll() {
        Session.closeAll();
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
}
