package io.tracebook.bpf.realworld;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The tool tests' workload (src/test/resources/realworld_workload.c), built with gcc once per run. Each test
 * starts it under a name of its own ("rw-opensnoop": a link to the binary, so that the kernel calls the process
 * that), reads its pid and what it set up, loads the tools with that pid as their filter, then lets it go.
 */
final class RwWorkload implements AutoCloseable {
    private static Path binary;

    private final Process process;
    private final BufferedReader out;
    private final long pid;
    private final List<String> preamble = new ArrayList<>();

    private RwWorkload(Process process) throws IOException {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("ready ")) preamble.add(line);
        if (line == null) throw new IOException("the workload ended before it was ready: " + preamble);
        this.pid = Long.parseLong(line.substring("ready ".length()).strip());
    }

    /** Starts {@code mode args...} as a process named {@code comm} (at most 15 characters) and waits until it is ready. */
    static RwWorkload start(String comm, String... modeAndArgs) throws IOException, InterruptedException {
        return startProgram(comm, binary(), modeAndArgs);
    }

    /**
     * Starts {@code program} (which prints "ready PID" and waits for a line on stdin, as the workload does) under the name
     * {@code comm}: it runs through a link of that name, which the kernel takes for the process's name.
     */
    static RwWorkload startProgram(String comm, Path program, String... args) throws IOException, InterruptedException {
        if (!comm.startsWith("rw") || comm.length() > 15) throw new IllegalArgumentException("a workload's name starts with rw, 15 characters at most: " + comm);
        Path named = binary().resolveSibling(comm);
        Files.deleteIfExists(named);
        Files.createSymbolicLink(named, program);
        List<String> command = new ArrayList<>(List.of(named.toString()));
        command.addAll(List.of(args));
        return new RwWorkload(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /** A file of the test resources, copied beside the workload (for programs such as a Java source to run). */
    static Path resource(String name) throws IOException, InterruptedException {
        Path file = binary().resolveSibling(name);
        try (InputStream in = RwWorkload.class.getResourceAsStream("/" + name)) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    long pid() {
        return pid;
    }

    /** What it printed before "ready" (e.g. "ports 40001 40002"). */
    List<String> preamble() {
        return preamble;
    }

    /** Lets it start and waits until it has done its work. */
    void runToEnd() throws IOException, InterruptedException {
        try (Writer in = process.outputWriter()) {
            in.write("go\n");
        }
        if (!process.waitFor(120, TimeUnit.SECONDS)) throw new IOException("the workload did not finish in 2 minutes");
        if (process.exitValue() != 0) throw new IOException("the workload failed with exit code " + process.exitValue());
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static synchronized Path binary() throws IOException, InterruptedException {
        if (binary != null) return binary;
        Path dir = Files.createDirectories(Path.of("target", "realworld").toAbsolutePath());
        Path source = dir.resolve("realworld_workload.c");
        try (InputStream in = RwWorkload.class.getResourceAsStream("/realworld_workload.c")) {
            Files.copy(in, source, StandardCopyOption.REPLACE_EXISTING);
        }
        Path out = dir.resolve("rwload");
        Process gcc = new ProcessBuilder("gcc", "-O1", "-pthread", "-o", out.toString(), source.toString()).inheritIO().start();
        if (gcc.waitFor() != 0) throw new IOException("gcc failed to build the real-world workload");
        binary = out;
        return binary;
    }
}
