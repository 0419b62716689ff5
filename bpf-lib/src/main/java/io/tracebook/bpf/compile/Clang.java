package io.tracebook.bpf.compile;

import io.tracebook.bpf.error.CompileException;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The clang executable: runs compilations and counts them. */
final class Clang {
    private static final Map<Path, String> VERSIONS = new ConcurrentHashMap<>();
    /** {@code clang --version} answers in milliseconds; this only keeps a broken installation from hanging us. */
    private static final Duration VERSION_TIME_LIMIT = Duration.ofSeconds(30);

    private final Path executable;
    private final AtomicLong compilations = new AtomicLong();

    private Clang(Path executable) {
        this.executable = executable;
    }

    static Clang locate() {
        return new Clang(Executables.find("clang").orElseThrow(() -> new CompileException(
                "clang not found on PATH; Tracebook compiles BPF C with it. Install it: apt-get install clang llvm",
                List.of(), "")));
    }

    /** Runs one compilation ({@code args} without the executable) in {@code workDir}, within {@code timeLimit}, and counts it. */
    ProcessRunner.Result compile(List<String> args, Path workDir, Duration timeLimit) {
        compilations.incrementAndGet();
        return ProcessRunner.run(commandLine(args), workDir, timeLimit);
    }

    /**
     * Starts clang ({@code args} without the executable) in {@code workDir} for a {@link SpareClang}, run by {@code
     * launcher} (a command that gets the clang command line appended); not counted until {@link #countSpareUse}.
     */
    ProcessRunner.Running startSpare(List<String> launcher, List<String> args, Path workDir) {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(commandLine(args));
        return ProcessRunner.start(executable.getFileName().toString(),
                new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true));
    }

    void countSpareUse() {
        compilations.incrementAndGet();
    }

    /**
     * Starts one compilation ({@code args} without the executable) run by {@code launcher} (a command
     * that gets the clang command line appended), not connected to this JVM: nothing to read, and it
     * outlives the JVM. Counted like {@link #compile}.
     */
    Process startInBackground(List<String> launcher, List<String> args) {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(commandLine(args));
        compilations.incrementAndGet();
        try {
            return new ProcessBuilder(command).redirectInput(Redirect.from(new File("/dev/null")))
                    .redirectOutput(Redirect.DISCARD).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new CompileException("could not run " + command.getFirst() + ": " + e.getMessage(), List.of(), "");
        }
    }

    List<String> commandLine(List<String> args) {
        List<String> command = new ArrayList<>(args.size() + 1);
        command.add(executable.toString());
        command.addAll(args);
        return command;
    }

    long compilations() {
        return compilations.get();
    }

    /** The first line of {@code clang --version}, probed once per JVM; not counted as a compilation. */
    String version() {
        return VERSIONS.computeIfAbsent(executable, exe -> {
            ProcessRunner.Result result = ProcessRunner.run(List.of(exe.toString(), "--version"), null, VERSION_TIME_LIMIT);
            if (!result.succeeded()) {
                throw new CompileException(exe + " --version failed; is clang installed correctly?",
                        List.of(), result.output());
            }
            return result.output().lines().findFirst().orElse("").strip();
        });
    }
}
