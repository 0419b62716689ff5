package io.tracebook.bpf.dsl;

import io.tracebook.bpf.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The tests' workload program (workload.c) under a name of this suite's own, {@code dslwork}: its processes are
 * named so, and the one-liners and bpftrace filter on that name, as other engineers' workloads run meanwhile.
 */
final class DslWorkload {
    static final String COMM = "dslwork";
    private static Path binary;

    private DslWorkload() {
    }

    static synchronized Path binary() throws IOException, InterruptedException {
        if (binary == null) {
            Path named = Workload.binary().resolveSibling(COMM);
            Files.copy(Workload.binary(), named, StandardCopyOption.REPLACE_EXISTING);
            binary = named;
        }
        return binary;
    }

    /** Starts {@code dslwork wait args...}: it does nothing until {@link #go(Process)}, so its pid can be traced first. */
    static Process waiting(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary().toString(), "wait"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Lets a {@link #waiting} workload go, and waits for it to end. */
    static void go(Process p) throws IOException, InterruptedException {
        p.getOutputStream().write('\n');
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("dslwork failed or hung: " + new String(p.getInputStream().readAllBytes()));
        }
    }

    /** Runs {@code dslwork args...} to the end; returns its pid. */
    static long run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("dslwork " + String.join(" ", args) + " did not finish within 120 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("dslwork " + String.join(" ", args) + " failed (" + p.exitValue() + "): " + new String(p.getInputStream().readAllBytes()));
        }
        return p.pid();
    }
}
