package io.tracebook.bpf;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waits for what a test needs to have happened instead of sleeping for a guessed time: a busy machine only
 * makes the wait longer. The limit is there to end a test whose condition never comes true.
 */
public final class Await {
    private static final long LIMIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private Await() {
    }

    /** Checks {@code condition} every 10 ms until it holds; fails, saying {@code what}, after 30 s. */
    public static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("not within 30 s: " + what);
            Thread.sleep(10);
        }
    }

    /** As {@link #until}, but keeps this thread on a CPU meanwhile, for conditions that need it running (sampling). */
    public static void spinningUntil(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + LIMIT_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("not within 30 s: " + what);
            long spinUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
            while (System.nanoTime() < spinUntil) Thread.onSpinWait();
        }
    }
}
