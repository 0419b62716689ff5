package io.tracebook.bpf.compile;

import io.tracebook.bpf.CompileException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole prelude (vmlinux.h, the libbpf headers, tracebook.h) as a clang precompiled header:
 * parsing vmlinux.h dominates the compile time of a small snippet, so it is parsed once.
 */
final class PrecompiledPrelude {
    private PrecompiledPrelude() {
    }

    /** Where the header for these flags and this clang lives; it may not be built yet. */
    static Path location(PreludeHeaders headers, String clangVersion, List<String> flags) {
        List<String> parts = new ArrayList<>(flags);
        parts.add(clangVersion);
        return headers.dir().resolve("prelude-" + Sha256.ofParts(parts).substring(0, 16) + ".pch");
    }

    static void build(Clang clang, List<String> flags, PreludeHeaders headers, Path pch) throws IOException {
        Path temp = AtomicFiles.tempSibling(pch);
        try {
            List<String> args = new ArrayList<>(flags);
            args.addAll(List.of("-I", headers.dir().toString(), "-x", "c-header", headers.prelude().toString(),
                    "-o", temp.toString()));
            ProcessRunner.Result result = clang.compile(args);
            if (!result.succeeded()) {
                throw new CompileException("clang could not precompile the Tracebook prelude (vmlinux.h, libbpf"
                        + " headers, tracebook.h) in " + headers.dir() + "; delete that directory to regenerate it."
                        + " First lines: " + result.output().lines().limit(3).toList(),
                        List.of(), String.join(" ", clang.commandLine(args)) + "\n" + result.output());
            }
            AtomicFiles.moveIntoPlace(temp, pch);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
