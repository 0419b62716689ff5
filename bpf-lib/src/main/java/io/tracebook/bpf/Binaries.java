package io.tracebook.bpf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Turns "libc", "bash" or a path into the file a uprobe attaches to. */
final class Binaries {
    private static final List<String> LIBRARY_DIRS = List.of(
            "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
            "/lib64", "/usr/lib64", "/lib", "/usr/lib");

    private Binaries() {
    }

    static String resolve(String binary) {
        if (binary.contains("/")) {
            Path p = Path.of(binary);
            if (!Files.isRegularFile(p)) throw new BpfException("no such binary: " + binary);
            return p.toAbsolutePath().toString();
        }
        for (String candidate : List.of(binary, "lib" + binary + ".so.6", "lib" + binary + ".so.1", "lib" + binary + ".so", binary + ".so")) {
            for (String dir : LIBRARY_DIRS) {
                Path p = Path.of(dir, candidate);
                if (Files.isRegularFile(p)) return real(p);
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, binary);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return real(p);
        }
        throw new BpfException("cannot find binary '" + binary + "': give a path, a library name such as 'libc' or "
                + "'libc.so.6', or a program on PATH");
    }

    private static String real(Path p) {
        try {
            return p.toRealPath().toString();
        } catch (IOException e) {
            return p.toAbsolutePath().toString();
        }
    }
}
