package io.tracebook.bpf.display;

/** Joining our reader threads even when the caller was interrupted: two readers of one ring would race. */
public final class Threads {
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
}
