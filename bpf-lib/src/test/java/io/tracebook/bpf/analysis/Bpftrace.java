package io.tracebook.bpf.analysis;

import static org.junit.jupiter.api.Assertions.fail;

import io.tracebook.bpf.KernelAccess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs the real bpftrace, the reference for histogram buckets and their text layout. */
public final class Bpftrace {
    private Bpftrace() {
    }

    /** Runs {@code BEGIN { statements; exit(); }} and returns what bpftrace printed on stdout. */
    public static String begin(String statements) throws IOException, InterruptedException {
        KernelAccess.require();
        requireInstalled();
        Process p = new ProcessBuilder("bpftrace", "-e", "BEGIN { " + statements + " exit(); }")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("bpftrace did not exit within 60 s");
        }
        if (p.exitValue() != 0) fail("bpftrace exited with " + p.exitValue() + ": " + new String(out, StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }

    /** The lines bpftrace printed for map {@code @name} (after its "@name: " header, up to the blank line), each ending in a newline. */
    public static String map(String output, String name) {
        List<String> lines = output.lines().toList();
        int start = lines.indexOf("@" + name + ": ");
        if (start < 0) fail("bpftrace printed no @" + name + ":\n" + output);
        List<String> block = new ArrayList<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).isEmpty(); i++) block.add(lines.get(i) + "\n");
        return String.join("", block);
    }

    private static void requireInstalled() {
        boolean found = System.getenv("PATH") != null && java.util.Arrays.stream(System.getenv("PATH").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "bpftrace")));
        if (found) return;
        String reason = "bpftrace is not installed (apt-get install bpftrace); it is the reference for histogram output";
        if ("1".equals(System.getenv("TRACEBOOK_REQUIRE_KERNEL"))) fail(reason + ", and TRACEBOOK_REQUIRE_KERNEL=1 forbids skipping");
        Assumptions.abort(reason);
    }
}
