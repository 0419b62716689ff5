package io.tracebook.kernel.exec;

/**
 * Called by the code of every cell: {@link StopCheckWeaver} puts a call to {@link #check()} at the
 * start of each method and before each backward jump, so a busy loop notices a stop request.
 * Public because the woven classes live in JShell's class loader.
 */
public final class StopCheck {

    /** Thrown into the thread of a cell that the user interrupted. An Error, so that {@code catch (Exception e)} lets it pass. */
    public static final class CellStopped extends Error {
        CellStopped() {
            super("the cell was interrupted", null, false, false);
        }
    }

    // Only the thread of the interrupted cell stops: background threads started by earlier cells
    // (live views, timers) keep running. A plain volatile read keeps the check cheap in hot loops.
    private static volatile Thread stopping;

    private StopCheck() {
    }

    public static void check() {
        if (stopping == Thread.currentThread()) {
            throw new CellStopped();
        }
    }

    static void request(Thread thread) {
        stopping = thread;
    }

    static void clear(Thread thread) {
        if (stopping == thread) {
            stopping = null;
        }
    }
}
