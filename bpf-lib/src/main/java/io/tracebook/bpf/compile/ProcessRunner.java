package io.tracebook.bpf.compile;

import io.tracebook.bpf.error.CompileException;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external tool so that nothing it does can hang or flood this JVM: its stdin is /dev/null (an
 * inherited pipe would block {@code #include "/dev/stdin"} forever), it is stopped at a time limit and
 * when it prints more than {@link #OUTPUT_LIMIT}, and interrupting the calling thread (the notebook's
 * stop button) stops it at once.
 */
final class ProcessRunner {
    /**
     * 1 MiB of diagnostics: far more than anyone reads (clang stops after 20 errors; a failed compile of a
     * real program prints a few KiB), far less than the gigabytes a source can make clang print.
     */
    static final int OUTPUT_LIMIT = 1 << 20;
    /** How long a killed tool, and the thread reading its output, may take to go away. */
    private static final Duration AFTER_KILL = Duration.ofSeconds(5);
    private static final File DEV_NULL = new File("/dev/null");
    private static final Map<Integer, String> SIGNALS = Map.of(4, "SIGILL", 6, "SIGABRT", 7, "SIGBUS", 8, "SIGFPE",
            9, "SIGKILL", 11, "SIGSEGV", 15, "SIGTERM");

    /** How a run ended: by itself, or stopped by us. */
    enum Ending { EXITED, TIME_LIMIT, OUTPUT_LIMIT }

    /** How a tool ended: its exit code, its output (stderr, and stdout unless redirected) and why it ended. */
    record Result(int exitCode, String output, Ending ending) {
        boolean succeeded() {
            return ending == Ending.EXITED && exitCode == 0;
        }

        /** The signal that killed the tool ("SIGSEGV"), or null when it exited or was stopped by us. */
        String signal() {
            if (ending != Ending.EXITED || exitCode <= 128) return null;
            return SIGNALS.getOrDefault(exitCode - 128, "signal " + (exitCode - 128));
        }
    }

    private ProcessRunner() {
    }

    /** Runs {@code command} in {@code workDir} with stdout and stderr merged into {@link Result#output()}. */
    static Result run(List<String> command, Path workDir, Duration timeLimit) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (workDir != null) builder.directory(workDir.toFile());
        return run(builder, timeLimit);
    }

    /** Runs {@code command} with stdout going to {@code stdoutFile}; {@link Result#output()} is stderr. */
    static Result runToFile(List<String> command, Path stdoutFile, Duration timeLimit) {
        return run(new ProcessBuilder(command).redirectOutput(stdoutFile.toFile()), timeLimit);
    }

    private static Result run(ProcessBuilder builder, Duration timeLimit) {
        return start(builder).await(timeLimit);
    }

    /**
     * Starts {@code builder}'s command with stdin from /dev/null and its output read as it comes; {@link
     * Running#await} then runs it to its end. Stdout and stderr are read together when the builder merges them.
     */
    static Running start(ProcessBuilder builder) {
        return start(Path.of(builder.command().getFirst()).getFileName().toString(), builder);
    }

    /** As {@link #start(ProcessBuilder)}, naming the tool {@code tool} in messages (the command may be a launcher). */
    static Running start(String tool, ProcessBuilder builder) {
        Process process;
        try {
            process = builder.redirectInput(Redirect.from(DEV_NULL)).start();
        } catch (IOException e) {
            throw new CompileException("could not run " + tool + ": " + e.getMessage(), List.of(), String.join(" ", builder.command()));
        }
        return new Running(tool, process, new Output(process, builder.redirectErrorStream() ? process.getInputStream() : process.getErrorStream()));
    }

    /** A tool that was started: awaited once, or stopped. */
    static final class Running {
        private final String tool;
        private final Process process;
        private final Output output;

        private Running(String tool, Process process, Output output) {
            this.tool = tool;
            this.process = process;
            this.output = output;
        }

        boolean isAlive() {
            return process.isAlive();
        }

        /** Waits for the tool's end, at most {@code timeLimit} from now; interrupting the caller stops the tool. */
        Result await(Duration timeLimit) {
            try {
                if (!process.waitFor(timeLimit.toNanos(), TimeUnit.NANOSECONDS)) {
                    ProcessRunner.stop(process);
                    return new Result(-1, output.text(), Ending.TIME_LIMIT);
                }
            } catch (InterruptedException e) {
                ProcessRunner.stop(process);
                Thread.currentThread().interrupt();
                throw new CompileException(tool + " was stopped because the compile was interrupted", List.of(), output.text());
            }
            String text = output.text();
            return new Result(process.exitValue(), text, output.overflowed ? Ending.OUTPUT_LIMIT : Ending.EXITED);
        }

        /** Stops the tool and anything it started, and waits (boundedly) until it is gone and its output closed. */
        void stop() {
            ProcessRunner.stop(process);
            output.text();
        }
    }

    /** Kills the tool and anything it started, and waits (boundedly, and whatever interrupts come) until it is gone. */
    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        waitUninterruptibly(() -> process.waitFor(AFTER_KILL.toMillis(), TimeUnit.MILLISECONDS));
    }

    private interface Wait {
        void run() throws InterruptedException;
    }

    private static void waitUninterruptibly(Wait wait) {
        boolean interrupted = false;
        while (true) {
            try {
                wait.run();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** Reads what the tool prints on a thread of its own, keeping at most {@link #OUTPUT_LIMIT} bytes. */
    private static final class Output {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final Thread reader;
        private volatile boolean overflowed;

        Output(Process process, InputStream printed) {
            reader = Thread.ofPlatform().daemon().name("tracebook-tool-output").start(() -> read(process, printed));
        }

        private void read(Process process, InputStream printed) {
            byte[] buffer = new byte[8192];
            try (printed) {
                for (int n; (n = printed.read(buffer)) > 0; ) {
                    synchronized (kept) {
                        int room = OUTPUT_LIMIT - kept.size();
                        kept.write(buffer, 0, Math.min(n, room));
                        if (n > room) {
                            overflowed = true;
                            stop(process);
                            return;
                        }
                    }
                }
            } catch (IOException closed) {
                // the tool is gone: what it printed is all there is
            }
        }

        /** What was printed; waits a little for the reader once the tool has ended, never for long. */
        String text() {
            waitUninterruptibly(() -> reader.join(AFTER_KILL));
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
