package io.tracebook.bench;

import io.tracebook.bpf.Bpf;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The benchmark suite of issue 6: every figure against a C reference measured in the same run,
 * printed as one table at the end. {@code ./tracebook bench} runs it; {@code --smoke} runs a very
 * short version that only shows every benchmark still works (its figures mean nothing).
 *
 * <p>{@code --only ID,ID} runs only those benchmarks (ids: ingest-ring, ingest-perf, ingest-ring-flood, ingest-ring-percpu, ingest-perf-percpu, ingest-recording,
 * drain, memory, replay, compile-warm, compile-unchanged, compile-first, map, live-view, oneliner-new, oneliner-unchanged, oneliner-count,
 * oneliner-hist, and the notebook kernel's kernel-start, kernel-cell, kernel-bpf-new, kernel-bpf-unchanged,
 * kernel-first-pixel; memory needs drain), e.g. to profile one.
 *
 * <p>System properties: {@code tracebook.bench.sources} (the C sources, default bench/c) and
 * {@code tracebook.bench.work} (where the C side is built, default bench/target/bench-native).
 */
public final class Bench {

    private interface Measurer {
        void run(String id, String name, String target, Supplier<Figure> benchmark);
    }

    private Bench() {
    }

    public static void main(String[] args) {
        List<String> arguments = List.of(args);
        boolean smoke = arguments.contains("--smoke");
        int only = arguments.indexOf("--only");
        // every row, or only those named (the rows below are the one list of ids)
        Predicate<String> ids = only >= 0 && only + 1 < arguments.size() ? Set.of(arguments.get(only + 1).split(","))::contains : id -> true;
        String missing = Privileges.missing();
        if (missing != null) {
            System.err.println("tracebook bench: the benchmarks load BPF programs and need " + missing
                    + " (or CAP_SYS_ADMIN); run as root: sudo ./tracebook bench");
            System.exit(2);
        }
        Path sources = Path.of(System.getProperty("tracebook.bench.sources", "bench/c"));
        Path work = Path.of(System.getProperty("tracebook.bench.work", "bench/target/bench-native"));
        Settings settings = smoke ? Settings.smoke(sources, work) : Settings.full(sources, work);
        List<Figure> figures = run(settings, System.out, ids);
        System.exit(figures.stream().anyMatch(f -> f.verdict() == Figure.Verdict.ERROR) ? 1 : 0);
    }

    /** Runs every benchmark, logging each run to {@code out}, then prints the table; returns its rows. */
    public static List<Figure> run(Settings settings, PrintStream out) {
        return run(settings, out, id -> true);
    }

    static List<Figure> run(Settings settings, PrintStream out, Predicate<String> ids) {
        long started = System.nanoTime();
        out.println("tracebook bench" + (settings.smoke() ? " --smoke (a check that it runs; the figures mean nothing)" : "")
                + ": " + Instant.now() + ", kernel " + read("/proc/sys/kernel/osrelease") + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs, load average " + read("/proc/loadavg"));
        out.println("JVM: " + Runtime.version() + " " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-X")).toList()));
        NativeBuild build = new NativeBuild(settings.sources(), settings.work());
        NativeBuild.Binaries binaries = build.build();
        out.println("CPU: " + cpuModel() + "; the load generator alone (nothing attached): "
                + String.format("%.2f M getppid calls/s", LoadGenerator.aloneRate(binaries.loadgen(), settings.ingestSeconds(), 1) / 1e6)
                + String.format(", one per CPU: %.2f M", LoadGenerator.aloneRate(binaries.loadgen(), settings.ingestSeconds(),
                        LoadGenerator.cpus()) / 1e6));
        IngestBenchmark ingest = new IngestBenchmark(settings, binaries, out);
        DrainBenchmark drain = new DrainBenchmark(settings, binaries, out);
        Kernelspec kernelspec = new Kernelspec(settings);
        CompileBenchmark compile = new CompileBenchmark(settings, build, binaries, kernelspec, out);
        MapReadBenchmark map = new MapReadBenchmark(settings, binaries);
        ReplayBenchmark replay = new ReplayBenchmark(settings, binaries, out);
        LiveViewBenchmark live = new LiveViewBenchmark(settings, binaries, out);
        OneLinerBenchmark oneLiner = new OneLinerBenchmark(settings, compile, binaries, out);
        KernelBenchmark kernel = new KernelBenchmark(settings, compile, kernelspec, out);

        List<Figure> figures = new ArrayList<>();
        Measurer measure = (id, name, target, benchmark) -> {
            if (ids.test(id)) measure(figures, out, name, target, benchmark);
        };
        measure.run("ingest-ring", "live ingest, ring buffer (submit flags 0)", IngestBenchmark.TARGET, ingest::ringBuffer);
        measure.run("ingest-perf", "live ingest, perf buffer", IngestBenchmark.TARGET, ingest::perfBuffer);
        measure.run("ingest-ring-flood", "live ingest, ring buffer, " + IngestBenchmark.FLOOD_COPIES + " events per call", IngestBenchmark.TARGET,
                ingest::ringBufferFlood);
        measure.run("ingest-ring-percpu", "live ingest, ring buffer, a generator per CPU", IngestBenchmark.TARGET, ingest::ringBufferPerCpu);
        measure.run("ingest-perf-percpu", "live ingest, perf buffer, a generator per CPU", IngestBenchmark.TARGET, ingest::perfBufferPerCpu);
        measure.run("ingest-recording", "live ingest while recording (ring buffer)", ">= 0.90x, lost 0", ingest::whileRecording);
        measure.run("drain", "drain ring into columns", DrainBenchmark.TARGET, drain::drain);
        measure.run("memory", "retained heap per buffered event", "<= 1.50x", drain::memory);
        measure.run("replay", "replay recorded events into a Table", ">= 10 M ev/s", replay::replay);
        measure.run("compile-warm", "compile+load+attach, new snippet (warm)", CompileBenchmark.WARM_TARGET, compile::warm);
        measure.run("compile-unchanged", "load+attach, unchanged snippet re-run", CompileBenchmark.UNCHANGED_TARGET, compile::unchanged);
        measure.run("compile-first", "compile+load+attach, first ever (empty cache)", CompileBenchmark.FIRST_TARGET, compile::firstEver);
        measure.run("map", "read 10k-entry hash map into a Table", MapReadBenchmark.TARGET, map::run);
        measure.run("live-view", "live view at full rate", ">= 0.90x, lost 0", live::run);
        measure.run("oneliner-new", "one-liner, call to attached, new (warm)", "<= 150 ms", oneLiner::newOneLiner);
        measure.run("oneliner-unchanged", "one-liner, call to attached, re-run", "<= 20 ms", oneLiner::unchanged);
        measure.run("oneliner-count", "one-liner count() by comm, full rate", "exact total, lost 0", oneLiner::countByComm);
        measure.run("oneliner-hist", "one-liner hist() by comm, full rate", "exact total, lost 0", oneLiner::histByComm);
        measure.run("kernel-start", "kernel: start to ready", "<= 1500 ms", kernel::start);
        measure.run("kernel-cell", "kernel: cell 2 + N", "<= 50 ms", kernel::cell);
        measure.run("kernel-bpf-new", "kernel: %%bpf cell, new snippet", "<= 120 ms", kernel::bpfNew);
        measure.run("kernel-bpf-unchanged", "kernel: %%bpf cell, unchanged re-run", "<= 40 ms", kernel::bpfUnchanged);
        measure.run("kernel-first-pixel", "kernel: Run to first live chart PNG", "<= 400 ms", kernel::firstPixel);

        out.println();
        out.print(ResultTable.format(figures));
        long met = figures.stream().filter(f -> f.verdict() == Figure.Verdict.PASS).count();
        out.printf("%d of %d targets met; medians of %d run(s); took %.0f s%n", met, figures.size(), settings.runs(),
                (System.nanoTime() - started) / 1e9);
        return figures;
    }

    private static void measure(List<Figure> figures, PrintStream out, String name, String target, Supplier<Figure> benchmark) {
        out.println(name + " ...");
        Figure figure;
        try {
            figure = benchmark.get();
        } catch (RuntimeException | AssertionError e) {
            e.printStackTrace(out);
            figure = Figure.error(name, target, e);
        } finally {
            Bpf.closeAll();
        }
        out.println("  -> " + figure.value() + " vs " + figure.reference() + ": " + figure.verdict());
        figures.add(figure);
    }

    private static String cpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
