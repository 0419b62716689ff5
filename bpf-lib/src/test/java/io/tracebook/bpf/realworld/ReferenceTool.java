package io.tracebook.bpf.realworld;

import io.tracebook.bpf.sys.PerfEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A tracing tool nobody here wrote (Debian's libbpf-tools binary, or bpftrace), run in the background on the
 * same workload at the same time as the program under test; its output is kept in a file until {@link #stop()}.
 */
final class ReferenceTool implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path output;

    private ReferenceTool(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
    }

    /**
     * Starts Debian's {@code /usr/sbin/<tool>} with {@code args}, line-buffered (stdbuf), and returns once {@code ready}
     * (what it prints when its probes are attached) is in its output.
     */
    static ReferenceTool libbpfTool(String tool, String ready, String... args) throws IOException, InterruptedException {
        return start(tool, debianTool(tool, args), ready, 0);
    }

    private static List<String> debianTool(String tool, String... args) {
        List<String> command = new ArrayList<>(List.of("stdbuf", "-oL", "/usr/sbin/" + tool));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Starts Debian's {@code /usr/sbin/<tool>} with {@code args} and returns once it holds {@code links} BPF links (its
     * programs are attached): for tools that print nothing before they end, such as offcputime.
     */
    static ReferenceTool libbpfToolAttached(String tool, int links, String... args) throws IOException, InterruptedException {
        ReferenceTool started = start(tool, debianTool(tool, args), "", 0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (started.openFiles("anon_inode:bpf_link") < links) {
            if (!started.process.isAlive() || System.nanoTime() > deadline) {
                String printed = started.read();
                started.close();
                throw new IllegalStateException(tool + " did not attach: " + printed);
            }
            Thread.sleep(50);
        }
        return started;
    }

    private long openFiles(String target) throws IOException {
        // stdbuf execs the tool: the process is the tool itself
        try (var fds = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().equals(target);
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        } catch (IOException ended) {
            return 0;
        }
    }

    /**
     * bpftrace running {@code program}, returned once its probes are attached. It prints "Attaching N probes..." before
     * it attaches them one after the other (a busy machine can run a workload started after "Attaching" before the
     * probes are live), so they are counted: tracepoints and uprobes in bpftool's list of what a process attached BPF
     * programs to; software events, which bpftool does not list, by bpftrace's perf event files. strace shows bpftrace
     * 0.17 opening one output buffer per CPU first, then per probe and CPU an event that it attaches and enables.
     */
    static ReferenceTool bpftrace(String program) throws IOException, InterruptedException {
        ReferenceTool started = start("bpftrace", List.of("bpftrace", "-B", "line", "-e", program), "Attaching", 0);
        long listed = Pattern.compile("\\b(?:tracepoint|uprobe|uretprobe):").matcher(program).results().count();
        long software = Pattern.compile("\\bsoftware:").matcher(program).results().count();
        long cpus = PerfEvents.onlineCpus().size();
        long perfFiles = cpus + listed + software * cpus;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (started.perfAttachments() < listed || started.openFiles("anon_inode:[perf_event]") < perfFiles) {
            if (!started.process.isAlive() || System.nanoTime() > deadline) {
                String printed = started.read();
                started.close();
                throw new IllegalStateException("bpftrace did not attach its probes: " + printed);
            }
            Thread.sleep(20);
        }
        return started;
    }

    private long perfAttachments() throws IOException, InterruptedException {
        Process bpftool = new ProcessBuilder("bpftool", "perf", "show", "-j").redirectErrorStream(true).start();
        String listing = new String(bpftool.getInputStream().readAllBytes());
        bpftool.waitFor();
        return Pattern.compile("\"pid\":\\s*" + process.pid() + "\\b").matcher(listing).results().count();
    }

    private static ReferenceTool start(String name, List<String> command, String ready, long settleMillis)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("rw-" + name + "-", ".out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        ReferenceTool tool = new ReferenceTool(name, p, output);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!tool.read().contains(ready)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                String printed = tool.read();
                tool.close();
                throw new IllegalStateException(name + " did not start: " + printed);
            }
            Thread.sleep(50);
        }
        Thread.sleep(settleMillis);
        return tool;
    }

    /**
     * Waits (10 s at most) until the tool printed {@code count} matches of {@code line}: events a tool has not read
     * from its buffers yet are not printed when it ends (bpftrace 0.17 once printed 83 of 128 completions when stopped
     * right after the workload, on a busy machine), so a comparison waits for what both must have seen.
     */
    void awaitLines(Pattern line, int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (line.matcher(read()).results().count() < count && System.nanoTime() < deadline) Thread.sleep(20);
    }

    /**
     * How often the kernel skipped the tool's programs (their {@code recursion_misses}, from its BPF program files'
     * fdinfo). A classic tracepoint or kprobe program is skipped while any other BPF program runs on the same CPU (the
     * kernel's {@code bpf_prog_active}): on a machine where others trace, a reference tool then misses events that a
     * tp_btf program (per-program recursion only) sees.
     */
    long missedRuns() throws IOException {
        long missed = 0;
        Path fds = Path.of("/proc", Long.toString(process.pid()), "fd");
        try (var entries = Files.list(fds)) {
            for (Path fd : entries.toList()) {
                try {
                    if (!Files.readSymbolicLink(fd).toString().equals("anon_inode:bpf-prog")) continue;
                    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "fdinfo", fd.getFileName().toString()))) {
                        if (line.startsWith("recursion_misses:")) missed += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
                    }
                } catch (IOException closed) {
                    // a file closed while we looked: not one of the running programs
                }
            }
        }
        return missed;
    }

    String read() throws IOException {
        return Files.readString(output);
    }

    /**
     * Ends the tool with SIGINT, as a user would (the tools print their tables then), and returns all it printed.
     * bpftrace 0.17 sometimes ignores a first SIGINT (seen in this project's notebook tests), so a second follows.
     */
    String stop() throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 2 && process.isAlive(); attempt++) {
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
            process.waitFor(attempt == 0 ? 10 : 40, TimeUnit.SECONDS);
        }
        if (process.isAlive()) {
            String printed = read();
            close();
            throw new IllegalStateException(name + " did not end after two SIGINTs; killed. It printed:\n" + printed);
        }
        String printed = read();
        Files.deleteIfExists(output);
        return printed;
    }

    /** Kills it if it still runs (a failed test must not leave a tracer slowing down the tests after it). */
    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Files.deleteIfExists(output);
    }
}
