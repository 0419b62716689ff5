package io.tracebook.bpf.ffi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code clang -fsyntax-only} on a small C snippet and returns what clang dumps on stdout. */
final class ClangDump {
    private ClangDump() {
    }

    static String of(String source, String... dumpFlags) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("header-check");
            Path c = Files.writeString(dir.resolve("probe.c"), source);
            Path stderr = dir.resolve("stderr.txt");
            List<String> command = new ArrayList<>(List.of("clang", "-fsyntax-only", "-fno-color-diagnostics"));
            command.addAll(List.of(dumpFlags));
            command.add(c.toString());
            Process clang = start(new ProcessBuilder(command).redirectError(stderr.toFile()));
            String out = new String(clang.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (clang.waitFor() != 0) {
                throw new AssertionError("clang could not compile this probe:\n" + source
                        + "\nclang said:\n" + Files.readString(stderr)
                        + "Are the headers installed? bpf/*.h come from libbpf-dev, linux/*.h from "
                        + "linux-libc-dev, the rest from libc6-dev.");
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("could not run clang on a probe file: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while clang was running", e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static Process start(ProcessBuilder builder) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new AssertionError("clang is not installed or not on PATH (" + e.getMessage() + "). "
                    + "HeaderCheckTest needs it to read the C headers the FFM bindings are checked against. "
                    + "Install it with 'apt-get install clang' (the project's setup script does this).", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) return;
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) Files.deleteIfExists(p);
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a leftover file in the temp directory does not affect the check
        }
    }
}
