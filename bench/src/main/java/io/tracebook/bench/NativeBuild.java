package io.tracebook.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the C side of the benchmarks into the work directory: the load generator and the libbpf
 * reference consumer with gcc, their BPF object with clang against a vmlinux.h that bpftool
 * generates from this kernel's BTF. Each output is rebuilt only when older than its inputs.
 */
final class NativeBuild {
    private final Path sources;
    private final Path work;

    NativeBuild(Path sources, Path work) {
        this.sources = sources;
        this.work = work;
    }

    record Binaries(Path loadgen, Path refconsumer, Path bpfObject) {
    }

    Binaries build() {
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the benchmark work directory " + work, e);
        }
        Path loadgen = work.resolve("loadgen");
        Path refconsumer = work.resolve("refconsumer");
        Path vmlinux = work.resolve("vmlinux.h");
        Path object = work.resolve("bench.bpf.o");
        Path pch = work.resolve("vmlinux.h.pch");
        Path btf = Path.of("/sys/kernel/btf/vmlinux");
        if (stale(vmlinux, btf)) {
            Commands.run(List.of("bpftool", "btf", "dump", "file", btf.toString(), "format", "c"), vmlinux, Map.of());
        }
        if (stale(loadgen, source("loadgen.c"))) {
            Commands.run(List.of("gcc", "-O2", "-Wall", "-pthread", "-o", loadgen.toString(), source("loadgen.c").toString()));
        }
        if (stale(refconsumer, source("refconsumer.c"))) {
            Commands.run(List.of("gcc", "-O2", "-Wall", "-o", refconsumer.toString(), source("refconsumer.c").toString(), "-lbpf"));
        }
        if (stale(object, source("bench.bpf.c"), vmlinux)) {
            Commands.run(clang(object));
        }
        if (stale(pch, vmlinux)) {
            Commands.run(withFlags("-x", "c-header", vmlinux.toString(), "-o", pch.toString()));
        }
        return new Binaries(loadgen, refconsumer, object);
    }

    /** The command that compiles the reference BPF program: clang with the full vmlinux.h, no precompiled header. */
    List<String> clang(Path output) {
        return withFlags("-I" + work, "-c", source("bench.bpf.c").toString(), "-o", output.toString());
    }

    /** The same with vmlinux.h precompiled (the source's own #include of it is then a no-op): what a warm compile can cost. */
    List<String> clangWithPch(Path output) {
        return withFlags("-I" + work, "-include-pch", work.resolve("vmlinux.h.pch").toString(), "-c",
                source("bench.bpf.c").toString(), "-o", output.toString());
    }

    /** Tracebook's flags (README: Compile); a PCH is only accepted with the flags it was built with. */
    private static List<String> withFlags(String... args) {
        List<String> command = new ArrayList<>(List.of("clang", "-O2", "-g", "-target", "bpf", "-mcpu=v3", "-D__TARGET_ARCH_x86"));
        command.addAll(List.of(args));
        return command;
    }

    private Path source(String name) {
        Path file = sources.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("benchmark source " + file + " is missing; run from the repository (bench/c)");
        }
        return file;
    }

    private static boolean stale(Path output, Path... inputs) {
        if (!Files.isRegularFile(output)) return true;
        try {
            for (Path input : inputs) {
                if (Files.getLastModifiedTime(input).compareTo(Files.getLastModifiedTime(output)) > 0) return true;
            }
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
