package io.tracebook.bpf.btf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The C fixtures of the BTF and decoding tests, compiled with the real clang. */
public final class Fixtures {
    private static final List<String> SOURCES = List.of("layout.h", "layout.bpf.c", "layout_host.c");

    private Fixtures() {
    }

    /** Compiles layout.bpf.c for BPF into {@code dir}; returns the object file. */
    public static Path compileBpf(Path dir) throws IOException, InterruptedException {
        extract(dir);
        Path object = dir.resolve("layout.bpf.o");
        run(null, "clang", "-O2", "-g", "-target", "bpf", "-c", dir.resolve("layout.bpf.c").toString(),
                "-o", object.toString());
        return object;
    }

    /** Compiles the host reference program layout_host.c into {@code dir}; returns the executable. */
    public static Path compileHost(Path dir) throws IOException, InterruptedException {
        extract(dir);
        Path program = dir.resolve("layout_host");
        run(null, "clang", "-O2", "-Wall", "-Werror", dir.resolve("layout_host.c").toString(), "-o", program.toString());
        return program;
    }

    private static void extract(Path dir) throws IOException {
        for (String name : SOURCES) {
            try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IOException("test resource " + name + " missing next to " + Fixtures.class.getName());
                }
                Files.write(dir.resolve(name), in.readAllBytes());
            }
        }
    }

    /** Runs a command, feeding {@code stdin} when not null; returns its standard output, failing on a non-zero exit. */
    public static byte[] run(byte[] stdin, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + err);
        }
        return out;
    }

    public static String runText(byte[] stdin, String... command) throws IOException, InterruptedException {
        return new String(run(stdin, command), StandardCharsets.UTF_8);
    }

    /** "a=1\nb=2\n" as an ordered map. */
    public static Map<String, String> keyValues(String text) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                int eq = line.indexOf('=');
                result.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return result;
    }
}
