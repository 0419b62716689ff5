package io.tracebook.bench;

import static io.tracebook.bpf.dsl.Trace.arg;
import static io.tracebook.bpf.dsl.Trace.comm;
import static io.tracebook.bpf.dsl.Trace.on;
import static io.tracebook.bpf.dsl.Trace.pid;

import io.tracebook.bpf.compile.BpfCompiler;
import io.tracebook.bpf.dsl.OneLiner;
import io.tracebook.bpf.dsl.Tracing;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import tech.tablesaw.api.Table;

/**
 * One-liners of the DSL (issue 13). From the call to attached: a one-liner no run had (warm: clang runs on the
 * precompiled prelude), and one run before (the object cache has it) — against what the C toolchain pays for a
 * program, measured in the same run. And in-kernel aggregations at the load generator's full rate: every
 * getppid() counted, nothing lost, the generator's rate against its rate with no probe at all.
 */
final class OneLinerBenchmark {
    private static final double NEW_TARGET = 0.150;
    private static final double UNCHANGED_TARGET = 0.020;

    private final Settings settings;
    private final CompileBenchmark compile;
    private final NativeBuild.Binaries binaries;
    private final PrintStream log;

    OneLinerBenchmark(Settings settings, CompileBenchmark compile, NativeBuild.Binaries binaries, PrintStream log) {
        this.settings = settings;
        this.compile = compile;
        this.binaries = binaries;
        this.log = log;
    }

    /** A one-liner of its own: the key's name makes its C new to the object cache. */
    private static OneLiner countsBy(String key) {
        return on("tracepoint:syscalls:sys_enter_getppid").count().by(comm().as(key));
    }

    Figure newOneLiner() {
        attachOnce(() -> countsBy("warm_up"));   // the tracepoint's format read, vmlinux.h there
        CompileBenchmark.awaitBackgroundWork(BpfCompiler.shared().includeDir());   // and the prelude's PCH
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < settings.compileRuns(); i++) {
            String key = "comm_" + System.nanoTime();
            Settings.pauseBetweenCells();
            times.add(attachOnce(() -> countsBy(key)));
        }
        double median = Medians.of(times);
        double reference = compile.warmReferenceSeconds();
        log.printf("  new one-liner runs: %s%n", millis(times));
        return new Figure("one-liner, call to attached, new (warm)", Figure.millis(median),
                Figure.millis(reference) + " (C clang -include-pch + load)", Figure.ratio(median / reference), "<= 150 ms",
                Figure.verdict(median <= NEW_TARGET));
    }

    Figure unchanged() {
        String key = "comm_" + System.nanoTime();
        attachOnce(() -> countsBy(key));
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < settings.compileRuns(); i++) times.add(attachOnce(() -> countsBy(key)));
        double median = Medians.of(times);
        double reference = compile.loadReferenceSeconds();
        log.printf("  unchanged one-liner runs: %s%n", millis(times));
        return new Figure("one-liner, call to attached, re-run", Figure.millis(median),
                Figure.millis(reference) + " (C libbpf open+load+attach)", Figure.ratio(median / reference), "<= 20 ms",
                Figure.verdict(median <= UNCHANGED_TARGET));
    }

    /** From the first DSL call to attached; then detached. */
    private static double attachOnce(Supplier<OneLiner> oneLiner) {
        long start = System.nanoTime();
        Tracing tracing = oneLiner.get().start();
        double seconds = (System.nanoTime() - start) / 1e9;
        tracing.close();
        return seconds;
    }

    Figure countByComm() {
        return fullRate("one-liner count() by comm, full rate", pid -> on("tracepoint:syscalls:sys_enter_getppid").when(pid().eq(pid))
                .count().by(comm()));
    }

    Figure histByComm() {
        return fullRate("one-liner hist() by comm, full rate", pid -> on("tracepoint:syscalls:sys_exit_getppid").when(pid().eq(pid))
                .hist(arg("ret")).by(comm()));
    }

    private record Run(long generated, long counted, long lost, double callsPerSecond) {
    }

    /** The generator runs with the one-liner attached, then alone; runs alternate, so a burst of load hits both. */
    private Figure fullRate(String name, IntFunction<OneLiner> oneLiner) {
        List<Double> traced = new ArrayList<>();
        List<Double> alone = new ArrayList<>();
        boolean exact = true;
        long lost = 0;
        long counted = 0;
        for (int i = 0; i < settings.runs(); i++) {
            Run run = traced(oneLiner);
            double untraced = alone();
            log.printf("  %s run %d: generated %d, counted %d, lost %d, %s calls/s; alone %s calls/s%n", name, i + 1,
                    run.generated(), run.counted(), run.lost(), rate(run.callsPerSecond()), rate(untraced));
            traced.add(run.callsPerSecond());
            alone.add(untraced);
            exact &= run.counted() == run.generated();
            lost += run.lost();
            counted += run.counted();
        }
        double median = Medians.of(traced);
        double reference = Medians.of(alone);
        String value = rate(median) + " calls/s, " + (exact ? "all " + counted + " counted" : "NOT all counted") + (lost == 0 ? "" : ", lost " + lost);
        return new Figure(name, value, rate(reference) + " calls/s (no probe)", Figure.ratio(median / reference), "exact total, lost 0",
                Figure.verdict(exact && lost == 0));
    }

    private Run traced(IntFunction<OneLiner> oneLiner) {
        try (LoadGenerator generator = LoadGenerator.start(binaries.loadgen(), settings.ingestSeconds(), null);
             Tracing tracing = oneLiner.apply(generator.pid()).start()) {
            generator.go();
            long generated = generator.generated();
            Table result = tracing.stop().table();
            long counted = (long) result.numberColumn("count").sum();
            return new Run(generated, counted, tracing.lost() + tracing.object().missedRuns(), generated / settings.ingestSeconds());
        }
    }

    private double alone() {
        try (LoadGenerator generator = LoadGenerator.start(binaries.loadgen(), settings.ingestSeconds(), null)) {
            generator.go();
            return generator.generated() / settings.ingestSeconds();
        }
    }

    private static String rate(double perSecond) {
        return String.format("%.2f M", perSecond / 1e6);
    }

    private static String millis(List<Double> seconds) {
        return String.join(", ", seconds.stream().map(Figure::millis).toList());
    }
}
