package io.tracebook.bpf.transport;

/**
 * How long a reader sleeps before its next consume. The kernel does not wake the reader per event
 * (that costs the traced thread an IPI each), so the reader consumes on a timer instead: every
 * millisecond while events flow, backing off to {@link #IDLE_MILLIS} while none come, so that an idle
 * stream costs next to nothing and the first event after a pause still arrives within a few milliseconds.
 */
final class ConsumePacer {
    private static final int FLOWING_MILLIS = 1;
    private static final int IDLE_MILLIS = 16;

    private int intervalMillis = FLOWING_MILLIS;

    /** The next sleep, at most {@code timeoutMillis}. */
    int nextSleepMillis(int timeoutMillis) {
        return Math.min(timeoutMillis, intervalMillis);
    }

    /** The sleep when events are known to be waiting: no idle back-off. */
    int flowingSleepMillis(int timeoutMillis) {
        return Math.min(timeoutMillis, FLOWING_MILLIS);
    }

    /** Records what the last consume found. */
    void consumed(int events) {
        intervalMillis = events > 0 ? FLOWING_MILLIS : Math.min(IDLE_MILLIS, intervalMillis * 2);
    }
}
