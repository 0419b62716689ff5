package io.tracebook.kernel.cell;

import org.dflib.jjava.jupyter.messages.Message;

/**
 * The execute request that output belongs to. Jupyter routes output to a notebook cell by its
 * parent request, so the kernel tags every thread with the cell that started it: threads a cell
 * starts inherit its context, and their output and display updates still land in that cell after it returned.
 */
public record CellContext(Message<?> request, int executionCount) {

    private static final InheritableThreadLocal<CellContext> CURRENT = new InheritableThreadLocal<>();

    /** The context of the calling thread, or null for threads no cell started. */
    public static CellContext current() {
        return CURRENT.get();
    }

    public static void enter(CellContext context) {
        CURRENT.set(context);
    }

    public static void leave() {
        CURRENT.remove();
    }
}
