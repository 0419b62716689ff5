package io.tracebook.bpf.sys;

import java.time.Instant;

/**
 * The offset from CLOCK_MONOTONIC (what {@code bpf_ktime_get_ns()} and {@link System#nanoTime()} count) to the wall
 * clock. Measured when asked, except while a recording or replay session has fixed it: then every conversion uses
 * the offset the recording was made with, so replayed timestamps come out as they did when recorded.
 */
public final class WallClock {
    private static final int SAMPLES = 5;
    private static volatile Long fixed;

    private WallClock() {
    }

    /** Epoch nanoseconds minus CLOCK_MONOTONIC nanoseconds. */
    public static long wallMinusMonotonicNanos() {
        Long f = fixed;
        return f != null ? f : measure();
    }

    /** From the tightest of a few paired readings. */
    public static long measure() {
        long bestGap = Long.MAX_VALUE;
        long offset = 0;
        for (int i = 0; i < SAMPLES; i++) {
            long before = System.nanoTime();
            Instant wall = Instant.now();
            long after = System.nanoTime();
            if (after - before < bestGap) {
                bestGap = after - before;
                long wallNanos = wall.getEpochSecond() * 1_000_000_000L + wall.getNano();
                offset = wallNanos - (before + (after - before) / 2);
            }
        }
        return offset;
    }

    /** Uses {@code offset} from now on (a session started); null measures again (it ended). */
    public static void fix(Long offset) {
        fixed = offset;
    }
}
