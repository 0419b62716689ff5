package io.tracebook.bpf.compile;

import io.tracebook.bpf.error.CompileException.Diagnostic;
import java.nio.file.Path;
import java.util.List;

/**
 * A BPF object file built from {@code source}.
 *
 * @param objectFile the ELF object, in the compile cache (shared: read it, do not modify it)
 * @param sourceFile the file clang compiled: the user's .bpf.c, or the snippet as written to the cache;
 *                   diagnostics and the object's line info refer to its lines
 * @param source     the source text
 * @param cached     true when the object came from the cache and clang did not run
 * @param warnings   clang's warnings about the user's source (they never fail a compile)
 */
public record CompiledObject(Path objectFile, Path sourceFile, String source, boolean cached,
                             List<Diagnostic> warnings) {
    public CompiledObject {
        warnings = List.copyOf(warnings);
    }
}
