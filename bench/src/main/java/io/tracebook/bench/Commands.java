package io.tracebook.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs a command to completion and returns its standard output; a failure says which command and why. */
final class Commands {
    private Commands() {
    }

    static String run(List<String> command) {
        return run(command, null, Map.of());
    }

    static String run(List<String> command, Path stdoutFile, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        if (stdoutFile != null) builder.redirectOutput(stdoutFile.toFile());
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            // Read stderr on its own thread so a chatty command cannot block on a full pipe.
            var stderr = new StringBuilder();
            Thread errors = Thread.ofPlatform().daemon().start(() -> {
                try {
                    stderr.append(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    stderr.append("(stderr unreadable: ").append(e.getMessage()).append(')');
                }
            });
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = process.waitFor();
            errors.join();
            if (status != 0) {
                throw new IllegalStateException("'" + String.join(" ", command) + "' exited with " + status + ": "
                        + stderr.toString().strip());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run '" + command.getFirst() + "' (" + e.getMessage()
                    + "); ./tracebook setup installs the toolchain", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.getFirst(), e);
        }
    }

    /** Seconds a command takes, spawning included. */
    static double time(List<String> command, Path stdoutFile) {
        long start = System.nanoTime();
        run(command, stdoutFile, Map.of());
        return (System.nanoTime() - start) / 1e9;
    }
}
