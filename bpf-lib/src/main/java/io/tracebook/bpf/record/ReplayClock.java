package io.tracebook.bpf.record;

import java.util.concurrent.locks.LockSupport;

/**
 * The recording's time during a replay. Each operation the notebook makes itself (a load, a read, a recorded value)
 * happened at a known time of the recording: the clock moves to it. At the recorded pace the clock also runs with
 * the wall clock in between, and an operation that comes earlier than it did when recorded waits for its time, so
 * live views unfold as they did; at instant speed nothing waits. What a live view's own thread reads is the recorded
 * read of {@link #now()}.
 */
final class ReplayClock {
    private final boolean paced;
    private long anchorRecorded;
    private long anchorReal = System.nanoTime();

    ReplayClock(boolean paced) {
        this.paced = paced;
    }

    boolean isPaced() {
        return paced;
    }

    /** The recording's time now, in nanoseconds since its session started. */
    synchronized long now() {
        return paced ? anchorRecorded + (System.nanoTime() - anchorReal) : anchorRecorded;
    }

    /**
     * An operation recorded at {@code recordedTime} happens now: at the recorded pace, waits until its time (returns
     * early, interrupt flag kept, when the thread is interrupted), then the clock goes on from it.
     */
    void reach(long recordedTime) {
        if (paced) {
            long ahead = recordedTime - now();
            long until = System.nanoTime() + ahead;
            while (ahead > 0 && !Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(ahead);
                ahead = until - System.nanoTime();
            }
        }
        synchronized (this) {
            anchorRecorded = recordedTime;
            anchorReal = System.nanoTime();
        }
    }

    /** At the recorded pace, sleeps until the recording's time reaches {@code recordedTime}, at most {@code maxNanos}. */
    void sleepUntil(long recordedTime, long maxNanos) {
        long wait = Math.min(maxNanos, recordedTime - now());
        if (paced && wait > 0) LockSupport.parkNanos(wait);
    }
}
