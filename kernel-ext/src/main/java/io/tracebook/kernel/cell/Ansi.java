package io.tracebook.kernel.cell;

/** The few terminal colours Jupyter renders in error tracebacks. */
final class Ansi {

    private Ansi() {
    }

    static String red(String text) {
        return "\u001b[1;31m" + text + "\u001b[0m";
    }

    static String bold(String text) {
        return "\u001b[1m" + text + "\u001b[0m";
    }
}
