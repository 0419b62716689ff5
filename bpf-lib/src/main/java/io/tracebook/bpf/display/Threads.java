package io.tracebook.bpf.display;

/**
 * Our reader and painter threads: joining them even when the caller was interrupted (two readers of one ring would
 * race), and telling a live view's painter from the thread that started it. A painter reads on a timer, as often as
 * it gets to, so a replay answers its reads by time instead of one by one.
 */
public final class Threads {
    private static final ThreadLocal<Boolean> PAINTER = ThreadLocal.withInitial(() -> false);

    private Threads() {
    }

    public static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** True on the thread of a live view that redraws on a timer (not for its first and last frame, drawn by its caller). */
    public static boolean isPainter() {
        return PAINTER.get();
    }

    static void markPainter() {
        PAINTER.set(true);
    }
}
