package io.tracebook.bpf.stream;

/** Joining our reader threads even when the caller was interrupted: two readers of one ring would race. */
final class Threads {
    private Threads() {
    }

    static void joinUninterruptibly(Thread thread) {
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
