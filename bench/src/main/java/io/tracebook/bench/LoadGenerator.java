package io.tracebook.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The C load generator as a child process: it reports its pid (for the BPF filter, set before load),
 * waits for {@link #go()}, calls getppid() for the given time and reports how many calls it made, from
 * one thread or from one thread per CPU.
 */
final class LoadGenerator implements AutoCloseable {
    private final Process process;
    private final int pid;
    private final CompletableFuture<Count> generated;

    /** What the generator printed at its end: its calls and the nanoseconds it took for them. */
    private record Count(long calls, long nanos) {
    }

    private LoadGenerator(Process process, int pid, CompletableFuture<Count> generated) {
        this.process = process;
        this.pid = pid;
        this.generated = generated;
    }

    static LoadGenerator start(Path loadgen, double seconds, Long maxCalls) {
        return start(loadgen, seconds, maxCalls, 1);
    }

    /** With {@code threads} > 1, that many looping threads, thread i pinned to CPU i: {@link #cpus()} leaves none idle. */
    static LoadGenerator start(Path loadgen, double seconds, Long maxCalls, int threads) {
        List<String> command = new ArrayList<>(List.of(loadgen.toString(), Double.toString(seconds),
                Long.toString(maxCalls == null ? 0 : maxCalls), Integer.toString(threads)));
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
            String first = out.readLine();
            if (first == null || !first.startsWith("pid ")) {
                process.destroy();
                throw new IllegalStateException("the load generator " + loadgen + " printed '" + first + "' instead of its pid");
            }
            CompletableFuture<Count> generated = CompletableFuture.supplyAsync(() -> readCount(out));
            return new LoadGenerator(process, Integer.parseInt(first.substring(4).strip()), generated);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the load generator " + loadgen, e);
        }
    }

    private static Count readCount(BufferedReader out) {
        try {
            String line = out.readLine();
            if (line == null || !line.startsWith("generated ")) {
                throw new IllegalStateException("the load generator ended without its count (printed '" + line + "')");
            }
            String[] words = line.split(" "); // generated <calls> ns <nanoseconds>
            return new Count(Long.parseLong(words[1]), Long.parseLong(words[3]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int pid() {
        return pid;
    }

    void go() {
        try {
            OutputStream in = process.getOutputStream();
            in.write("go\n".getBytes(StandardCharsets.US_ASCII));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the load generator's loop", e);
        }
    }

    boolean finished() {
        return generated.isDone();
    }

    /** The number of getppid() calls, once the generator has finished. */
    long generated() {
        return generated.join().calls();
    }

    /** Its calls per second, once it has finished. */
    double callsPerSecond() {
        Count count = generated.join();
        return count.calls() / (count.nanos() / 1e9);
    }

    /** The generator's rate with nothing attached, from {@code threads} threads: what every ingest figure is measured against. */
    static double aloneRate(Path loadgen, double seconds, int threads) {
        try (LoadGenerator generator = start(loadgen, seconds, null, threads)) {
            generator.go();
            return generator.callsPerSecond();
        }
    }

    static int cpus() {
        return Runtime.getRuntime().availableProcessors();
    }

    @Override
    public void close() {
        process.destroy();
    }
}
