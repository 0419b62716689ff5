package io.tracebook.bpf.sys;

import io.tracebook.bpf.error.BpfException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Turns "libc", "bash" or a path into the file a uprobe attaches to. */
public final class Binaries {
    private static final List<String> LIBRARY_DIRS = List.of(
            "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
            "/lib64", "/usr/lib64", "/lib", "/usr/lib");

    private Binaries() {
    }

    public static String resolve(String binary) {
        if (binary.contains("/")) {
            Path p = Path.of(binary);
            if (!Files.isRegularFile(p)) throw new BpfException("no such binary: " + binary);
            return p.toAbsolutePath().toString();
        }
        String lib = binary.startsWith("lib") ? binary : "lib" + binary;
        for (String candidate : List.of(binary, lib + ".so.6", lib + ".so.1", lib + ".so.0", lib + ".so")) {
            for (String dir : LIBRARY_DIRS) {
                Path p = Path.of(dir, candidate);
                if (isElf(p)) return real(p);
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, binary);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return real(p);
        }
        throw new BpfException("cannot find binary '" + binary + "': give a path, a library name such as 'libc' or "
                + "'libc.so.6', or a program on PATH");
    }

    /** libc.so is often a linker script, not the library: only ELF files can carry probes. */
    private static boolean isElf(Path p) {
        if (!Files.isRegularFile(p)) return false;
        try (var in = Files.newInputStream(p)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }

    private static String real(Path p) {
        try {
            return p.toRealPath().toString();
        } catch (IOException e) {
            return p.toAbsolutePath().toString();
        }
    }
}
