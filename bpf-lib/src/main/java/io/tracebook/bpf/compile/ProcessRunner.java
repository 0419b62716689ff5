package io.tracebook.bpf.compile;

import io.tracebook.bpf.error.CompileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs an external tool to completion and captures what it printed. */
final class ProcessRunner {
    /** How a tool ended: its exit code and its output (stderr, and stdout unless redirected). */
    record Result(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    private ProcessRunner() {
    }

    /** Runs {@code command} with stdout and stderr merged into {@link Result#output()}. */
    static Result run(List<String> command) {
        return run(new ProcessBuilder(command).redirectErrorStream(true), command);
    }

    /** Runs {@code command} with stdout going to {@code stdoutFile}; {@link Result#output()} is stderr. */
    static Result runToFile(List<String> command, Path stdoutFile) {
        return run(new ProcessBuilder(command).redirectOutput(stdoutFile.toFile()), command);
    }

    private static Result run(ProcessBuilder builder, List<String> command) {
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new CompileException("could not run " + command.getFirst() + ": " + e.getMessage(), List.of(), "");
        }
        try (InputStream printed = builder.redirectErrorStream() ? process.getInputStream() : process.getErrorStream()) {
            String output = new String(printed.readAllBytes(), StandardCharsets.UTF_8);
            return new Result(process.waitFor(), output);
        } catch (IOException e) {
            process.destroyForcibly();
            throw new CompileException("lost the output of " + command.getFirst() + ": " + e.getMessage(), List.of(), "");
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CompileException("interrupted while waiting for " + command.getFirst(), List.of(), "");
        }
    }
}
