package io.tracebook.kernel;

import io.tracebook.bpf.Bpf;
import io.tracebook.bpf.BpfObject;
import io.tracebook.bpf.error.BpfException;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * The training run of the kernel's ahead-of-time cache: {@code install-kernel.sh} runs it once per build of the
 * kernel's jars with {@code -XX:AOTCacheOutput}, and the kernelspec starts the kernel with the cache it leaves
 * (JEP 483, 514, 515: classes loaded and linked, and the methods' profiles, ready at start). It does what a
 * session's start and first cells do, without a front end: runs a first snippet, builds JShell and the session,
 * evaluates cells of the usual kinds and renders their values (an HTML table, a PNG chart), then exits.
 */
public final class KernelTraining {

    /** Cells as a tracing session's first ones: arithmetic, declarations, a lambda, a table and a chart. */
    private static final List<String> CELLS = List.of(
            "2 + 2",
            "int answer = 6 * 7;",
            "String greeting = \"hello, \" + answer;\ngreeting.length()",
            "List<Integer> squares = java.util.stream.IntStream.range(0, 10).map(i -> i * i).boxed().toList();",
            "Table table = Table.create(\"squares\", IntColumn.create(\"n\", 0, 1, 2, 3), IntColumn.create(\"square\", 0, 1, 4, 9));\ntable",
            "XYChart chart = new XYChartBuilder().width(400).height(300).title(\"squares\").build();\n"
                    + "chart.addSeries(\"n\", new double[] {0, 1, 2, 3}, new double[] {0, 1, 4, 9});\nchart",
            "Bpf.loaded()");

    /**
     * Rounds of small cells after those: the cached method profiles are only as good as the calls they saw, and
     * javac's per-cell path (JShell compiles each cell twice) keeps the JIT compiling for dozens of cells when
     * the training ran it seven times. With these, a new session's first five cells took 520-720 ms of the
     * process's CPU against 760-1120 ms (three pairs of fresh kernels, load average 9-10, 2026-12-07); later cells
     * did not change measurably (the JIT still compiles javac's methods, 90-180 ms of CPU a cell at that load).
     */
    private static final int SMALL_CELL_ROUNDS = 40;

    /** A first snippet: a tracepoint program and a ring buffer, as a session's first {@code %%bpf} cell. */
    private static final String FIRST_SNIPPET = """
            struct event { u32 pid; char comm[16]; };
            RINGBUF(events);

            SEC("tracepoint/syscalls/sys_enter_getppid")
            int on_getppid(void *ctx) {
                struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
                if (!e) return 0;
                e->pid = bpf_get_current_pid_tgid() >> 32;
                bpf_get_current_comm(e->comm, sizeof(e->comm));
                bpf_ringbuf_submit(e, 0);
                return 0;
            }
            """;

    private KernelTraining() {
    }

    public static void main(String[] args) {
        System.out.println("training: " + firstSnippet());
        TracebookKernel kernel = TracebookKernel.create();
        kernel.startSession();
        kernel.awaitReady();
        for (String cell : CELLS) {
            Object value = kernel.run(cell, "training");
            if (value != null && !(value instanceof DisplayData)) {
                kernel.getRenderer().render(value);
            }
        }
        for (int i = 0; i < SMALL_CELL_ROUNDS; i++) {
            kernel.getRenderer().render(kernel.run("2 + " + i, "training"));
            kernel.run("int n" + i + " = answer + " + i + ";", "training");
        }
        System.exit(0);
    }

    /**
     * What a user's first snippet on a kernel does, on the empty compile cache install-kernel.sh gives this run: bpftool
     * writes vmlinux.h, clang compiles, libbpf opens, loads and attaches. In a JVM started as the kernel's (the bench's
     * first-ever row), a first snippet took 1.06 s with this in the cache, 1.14 s with a cache trained without it and
     * 1.30 s with none (medians of 6, BENCHMARKS.md); a kernel's own first {@code %%bpf} cell was not timed. Without
     * the privileges to load, or without clang, it trains as far as it gets; the cache is still made.
     */
    static String firstSnippet() {
        try (BpfObject object = Bpf.c(FIRST_SNIPPET).load().attach()) {
            return "first snippet attached: " + object;
        } catch (BpfException e) {
            return "the first snippet stopped early: " + e.getMessage();
        }
    }
}
