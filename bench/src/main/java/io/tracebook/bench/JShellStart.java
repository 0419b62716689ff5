package io.tracebook.bench;

import jdk.jshell.JShell;

/**
 * Run in a fresh JVM and timed from outside: JShell built with its local engine and evaluating {@code 2 + 2}, what
 * any JShell-based kernel pays before it can run a cell (the kernel's start figure is set against it).
 */
public final class JShellStart {
    private JShellStart() {
    }

    public static void main(String[] args) {
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            shell.eval("2 + 2");
        }
    }
}
