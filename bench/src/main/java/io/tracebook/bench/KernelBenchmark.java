package io.tracebook.bench;

import io.tracebook.bpf.Bpf;
import io.tracebook.bpf.BpfObject;
import io.tracebook.bpf.analysis.TopN;
import io.tracebook.bpf.chart.Charts;
import io.tracebook.bpf.display.LiveSurface;
import io.tracebook.bpf.stream.LiveView;
import io.tracebook.kernel.TracebookKernel;
import io.tracebook.kernel.bpf.SessionImports;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jdk.jshell.JShell;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * The notebook kernel as a user meets it, driven through a real Jupyter client: {@code kernel_bench.py} (a
 * resource beside this class) starts the kernelspec that {@code install-kernel.sh} installs for the bench's own
 * class path (which holds kernel-ext and its dependencies) and times a start, cells and a live chart. Each
 * figure is set against what the kernel builds on, measured in this run: JShell alone (a fresh JVM's first eval,
 * a warm eval), the library call a {@code %%bpf} cell makes, made in this JVM, and the library's first live frame
 * rendered to a PNG.
 */
final class KernelBenchmark {
    private static final String DRIVER = "kernel_bench.py";

    private final Settings settings;
    private final CompileBenchmark compile;
    private final Kernelspec kernelspec;
    private final PrintStream log;
    private Map<String, List<Double>> measured;

    KernelBenchmark(Settings settings, CompileBenchmark compile, Kernelspec kernelspec, PrintStream log) {
        this.settings = settings;
        this.compile = compile;
        this.kernelspec = kernelspec;
        this.log = log;
    }

    Figure start() {
        return row("kernel: start to ready", "start", jshellStartSeconds(), "a JVM starting JShell, 2 + 2", 1.5);
    }

    Figure cell() {
        return row("kernel: cell 2 + N", "cell", jshellEvalSeconds(), "JShell's own eval, the session's imports", 0.050);
    }

    Figure bpfNew() {
        return row("kernel: %%bpf cell, new snippet", "bpf_new", magicCallSeconds(true), "the library's same call", 0.120);
    }

    Figure bpfUnchanged() {
        return row("kernel: %%bpf cell, unchanged re-run", "bpf_same", magicCallSeconds(false), "the library's same call", 0.040);
    }

    Figure firstPixel() {
        return row("kernel: Run to first live chart PNG", "first_pixel", libraryFirstFrameSeconds(), "library's first frame", 0.400);
    }

    /** A row: the median of the driver's {@code key} against {@code reference} seconds, met when at most {@code target}. */
    private Figure row(String name, String key, double reference, String referenceName, double target) {
        double median = Medians.of(figure(key));
        return new Figure(name, Figure.millis(median), Figure.millis(reference) + " (" + referenceName + ")",
                Figure.ratio(median / reference), "<= " + Math.round(target * 1000) + " ms", Figure.verdict(median <= target));
    }

    /**
     * One figure of the driver's run, which the first call starts (all kernel figures come from one run) once the
     * library's warm compile figure is taken: its warm-up leaves the precompiled prelude in the cache the kernel uses.
     */
    private List<Double> figure(String key) {
        if (measured == null) {
            compile.warmSeconds();
            measured = runDriver();
        }
        List<Double> values = measured.get(key);
        if (values == null) throw new IllegalStateException(DRIVER + " printed no " + key + ": " + measured);
        return values;
    }

    private Map<String, List<Double>> runDriver() {
        Path work = settings.work().resolve("kernel-bench");
        Path driver = work.resolve(DRIVER);
        try (InputStream script = KernelBenchmark.class.getResourceAsStream(DRIVER)) {
            Files.createDirectories(work);
            Files.write(driver, script.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + driver, e);
        }
        Path jupyterPath = kernelspec.jupyterPath();
        String output = Commands.run(List.of(Python.withJupyterClient(), driver.toString(), Integer.toString(settings.kernelRuns()),
                Double.toString(Settings.BETWEEN_CELLS.toMillis() / 1000.0)), null,
                Map.of("JUPYTER_PATH", jupyterPath.toString(), "JUPYTER_RUNTIME_DIR", work.resolve("runtime").toString(),
                        "TRACEBOOK_BENCH_C", Snippets.OPENS, "PYTHONUNBUFFERED", "1"));
        Map<String, List<Double>> figures = new HashMap<>();
        for (String line : output.strip().lines().toList()) {
            int equals = line.indexOf('=');
            if (equals < 0) continue;
            figures.put(line.substring(0, equals), Arrays.stream(line.substring(equals + 1).split(",")).map(Double::parseDouble).toList());
            log.println("  kernel " + line.substring(0, equals) + " (s): " + line.substring(equals + 1));
        }
        return figures;
    }


    /**
     * The library call a {@code %%bpf} cell makes, {@code Bpf.c(body).name(NAME).load().attach()}, in this JVM on the same
     * C: with a new comment line each time ({@code fresh}: clang runs) or the same C again (an object cache hit). Both
     * close the object that held the name first, as a re-run of the cell does (on this machine, closing an attached
     * tracepoint program took longer than loading one: 35-40 ms against 16-25 ms at load average 13).
     */
    private double magicCallSeconds(boolean fresh) {
        List<Double> times = new ArrayList<>();
        try {
            Bpf.c(Snippets.OPENS).name("uxbench").load().attach();
            for (int i = 0; i < settings.kernelRuns(); i++) {
                String source = fresh ? Snippets.OPENS + "// new snippet " + System.nanoTime() + "\n" : Snippets.OPENS;
                if (fresh) Settings.pauseBetweenCells(); // as the kernel row does
                long start = System.nanoTime();
                Bpf.c(source).name("uxbench").load().attach();
                times.add((System.nanoTime() - start) / 1e9);
            }
        } finally {
            Bpf.closeAll();
        }
        log.printf("  the library's %%%%bpf call, %s C: %s%n", fresh ? "new" : "unchanged",
                String.join(", ", times.stream().map(Figure::millis).toList()));
        return Medians.of(times);
    }

    /** A fresh JVM building JShell and evaluating 2 + 2, as timed from outside: what any JShell kernel's start costs. */
    private double jshellStartSeconds() {
        String java = Kernelspec.javaBinary();
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < settings.kernelRuns(); i++) {
            times.add(Commands.time(List.of(java, "-cp", System.getProperty("java.class.path"), JShellStart.class.getName()), null));
        }
        log.printf("  JShell start in a fresh JVM: %s%n", String.join(", ", times.stream().map(Figure::millis).toList()));
        return Medians.of(times);
    }

    /**
     * A warm JShell (local engine) evaluating 2 + N in this JVM: the compile every cell pays. It compiles against what
     * a notebook session has, the class path and the imports the kernel and its BPF extension start with: JShell puts
     * every import into each cell's wrapper class, and javac's work grows with them (a bare JShell compiled 2 + N in
     * 13.9 ms, the same with the session's imports in 23.7 ms, fastest of 30 each at load 8, 04:11 UTC 2026-12-07).
     */
    private double jshellEvalSeconds() {
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            shell.addToClasspath(System.getProperty("java.class.path"));
            for (String statement : sessionImports()) {
                shell.eval(statement);
            }
            for (int i = 0; i < 20; i++) shell.eval("1 + " + i);
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < settings.kernelRuns() * 4; i++) {
                long start = System.nanoTime();
                shell.eval("2 + " + i);
                times.add((System.nanoTime() - start) / 1e9);
            }
            return Medians.of(times);
        }
    }

    private static List<String> sessionImports() {
        List<String> statements = new ArrayList<>(TracebookKernel.startupImports());
        statements.addAll(SessionImports.statements());
        return statements;
    }

    /**
     * From {@code live(..)} to the first frame of the same chart rendered as a PNG, as the kernel renders it, on
     * the same snippet; a thread opens a file every 2 ms as the driver's does. The first run (fonts, Java2D) is left out.
     */
    private double libraryFirstFrameSeconds() {
        Path file = settings.work().resolve("uxbench-open.txt");
        Thread opener = Thread.ofPlatform().daemon().name("uxbench-opener").start(() -> {
            try {
                Files.writeString(file, "x");
                while (!Thread.currentThread().isInterrupted()) {
                    Files.readString(file);
                    Thread.sleep(2);
                }
            } catch (IOException | InterruptedException e) {
                // the benchmark is over
            }
        });
        try (BpfObject object = Bpf.c(Snippets.OPENS).load().attach()) {
            List<Double> times = new ArrayList<>();
            for (int i = 0; i <= settings.kernelRuns(); i++) {
                double seconds = firstFrame(object);
                if (i > 0) times.add(seconds);
            }
            log.printf("  library's first live frame as PNG: %s%n", String.join(", ", times.stream().map(Figure::millis).toList()));
            return Medians.of(times);
        } finally {
            opener.interrupt();
            LiveSurface.install(LiveViewBenchmark.Discard::new);
        }
    }

    private static double firstFrame(BpfObject object) {
        CompletableFuture<Long> rendered = new CompletableFuture<>();
        LiveSurface.install(() -> new LiveSurface() {
            @Override
            public void show(Object frame) {
                Charts.png((Chart<?, ?>) frame);
                rendered.complete(System.nanoTime());
            }

            @Override
            public void update(Object frame) {
                show(frame);
            }
        });
        long start = System.nanoTime();
        try (LiveView view = object.events("events").live(Duration.ofSeconds(5), t -> Charts.topN(TopN.count(t, 5, "comm"), "opens"))) {
            return (rendered.get(30, TimeUnit.SECONDS) - start) / 1e9;
        } catch (Exception e) {
            throw new IllegalStateException("the library's live view drew no frame within 30 s", e);
        }
    }
}
