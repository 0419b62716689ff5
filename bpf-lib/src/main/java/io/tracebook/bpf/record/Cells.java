package io.tracebook.bpf.record;

import java.util.ArrayList;
import java.util.List;

/**
 * The notebook cells that ran in this JVM, as the kernel reports them, so that a replay mismatch can name the cell it
 * happened in and a replay can tell which of several recordings a notebook is. Empty outside a notebook.
 */
public final class Cells {
    private static final List<Tape.Cell> RAN = new ArrayList<>();
    private static volatile String current;

    private Cells() {
    }

    public static void started(String label, String code) {
        current = label;
        // a notebook recorded through the environment gets its recording with its first cell, BPF or not
        Backend backend = Backends.recordingFromEnvironment() ? Backends.current() : Backends.started();
        synchronized (RAN) {
            RAN.add(new Tape.Cell(label, code));
        }
        if (backend != null) backend.cellStarted(label, code);
    }

    /** The running cell's label ("cell [3]"), or null outside a notebook. */
    static String current() {
        return current;
    }

    /** "in cell [3]: " or nothing, to start a message with. */
    static String where() {
        String label = current;
        return label == null ? "" : "in " + label + ": ";
    }

    static List<Tape.Cell> ran() {
        synchronized (RAN) {
            return List.copyOf(RAN);
        }
    }
}
