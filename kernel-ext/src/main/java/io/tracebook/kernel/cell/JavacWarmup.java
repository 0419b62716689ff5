package io.tracebook.kernel.cell;

import java.util.List;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Warms javac while the kernel waits for the user: analyses a few typical expressions, one per step, as JShell
 * analyses a cell (parsed and attributed against the session's imports), without defining anything. JShell runs
 * javac four times for an expression cell (the expression's type, the temporary variable's type, then the
 * wrapper's analysis and compile), and in a new kernel javac runs interpreted until the JIT has compiled it: the
 * shell thread spent 45-47 ms of CPU on each of a fresh JShell's cells 5 to 24 against 23-24 ms after
 * {@value #STEPS} of these steps (12 ms of CPU a step, the kernel's class path and {@code import module
 * java.base}, 2026-12-07). The steps run only while no request is waiting (see {@code KernelConnection}), so a
 * cell waits for at most the one step under way.
 */
public final class JavacWarmup {

    /** How many analyses a session gets; after these javac's methods are compiled and a step changes little. */
    static final int STEPS = 150;

    /** Expressions of the kinds cells hold: arithmetic, strings, generics, lambdas, the imported library types. */
    private static final List<String> SAMPLES = List.of(
            "2 + 2",
            "\"text\".repeat(3).length()",
            "List.of(1, 2, 3).stream().map(i -> i * 2).toList()",
            "Duration.ofSeconds(5).plusMillis(250)",
            "new HashMap<String, Integer>().getOrDefault(\"key\", 0)",
            "Math.max(1.5, 2) * 3");

    private final SourceCodeAnalysis analysis;
    private int stepsDone;

    public JavacWarmup(SourceCodeAnalysis analysis) {
        this.analysis = analysis;
    }

    /** Analyses one expression; returns whether steps remain. */
    public boolean step() {
        if (stepsDone >= STEPS) {
            return false;
        }
        String expression = SAMPLES.get(stepsDone % SAMPLES.size());
        analysis.analyzeType(expression, expression.length());
        return ++stepsDone < STEPS;
    }
}
