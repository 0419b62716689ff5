package io.tracebook.bpf.display;

import io.tracebook.bpf.error.BpfException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A live view of something read rather than streamed — a map of counts, an in-kernel histogram, a
 * profile: {@code frame} is called every period and what it returns (a table, a chart, text) is
 * redrawn where {@link LiveSurface} draws. The reads happen on the view's own thread. It runs until
 * {@link #stop()}; {@link #await(Duration)} keeps the caller (a notebook cell, a jshell line) with it.
 *
 * <pre>
 * PolledView.start(() -> Hist.fromLog2Map(o.map("latency_us"))).await(Duration.ofSeconds(5));
 * </pre>
 */
public final class PolledView implements AutoCloseable {
    private static final Duration DEFAULT_PERIOD = Duration.ofMillis(300);

    private final Supplier<?> frame;
    private final Duration period;
    private final LiveSurface surface;
    private final Runnable onFailure;
    private final Thread painter;
    private volatile boolean running = true;
    private volatile RuntimeException failure;
    private long frames;

    private PolledView(Duration period, Supplier<?> frame, LiveSurface surface, String threadName, Runnable onFailure) {
        if (period.isNegative() || period.isZero()) throw new BpfException("the redraw period must be positive, not " + period);
        this.frame = frame;
        this.period = period;
        this.surface = surface;
        this.onFailure = onFailure;
        surface.show(frame.get());
        frames = 1;
        this.painter = Thread.ofPlatform().daemon().name(threadName).start(this::paint);
    }

    /**
     * Redraws {@code frame} on {@code surface} a few times a second, on a thread named {@code threadName};
     * {@code onFailure} runs when a redraw throws (a live view stops its reader then).
     */
    public static PolledView on(LiveSurface surface, Supplier<?> frame, String threadName, Runnable onFailure) {
        return new PolledView(DEFAULT_PERIOD, frame, surface, threadName, onFailure);
    }

    /** Redraws {@code frame} a few times a second (every 300 ms). */
    public static PolledView start(Supplier<?> frame) {
        return every(DEFAULT_PERIOD, frame);
    }

    /** Redraws {@code frame} every {@code period}: longer for a costly read (naming a profile's stacks). */
    public static PolledView every(Duration period, Supplier<?> frame) {
        return new PolledView(period, frame, LiveSurface.create(), "tracebook-polled-view", () -> { });
    }

    /**
     * Sleeps a period between frames, and at least twice as long as the last frame took: a costly view (a
     * big window copied and aggregated) then redraws less often instead of taking a CPU from the reader and
     * the traced programs. Redraws use at most a third of one CPU.
     */
    private void paint() {
        Threads.markPainter();
        try {
            long lastFrameNanos = 0;
            while (running) {
                Thread.sleep(Duration.ofNanos(Math.max(period.toNanos(), 2 * lastFrameNanos)));
                if (!running) break;
                long started = System.nanoTime();
                redraw();
                lastFrameNanos = System.nanoTime() - started;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
            running = false;
            onFailure.run();
        }
    }

    private synchronized void redraw() {
        surface.update(frame.get());
        frames++;
    }

    /**
     * Keeps the calling thread until {@code duration} has passed, the view was stopped, or the thread
     * is interrupted (the notebook's stop button); then stops the view after one last frame.
     */
    public PolledView await(Duration duration) {
        waitWhileRunning(duration);
        stop();
        return this;
    }

    /** Keeps the calling thread until {@code duration} has passed, the view was stopped, or the thread is interrupted. */
    public void waitWhileRunning(Duration duration) {
        waitWhileRunning(duration, () -> false);
    }

    /** As {@link #waitWhileRunning(Duration)}, and returns early once {@code done} says so. */
    public void waitWhileRunning(Duration duration, BooleanSupplier done) {
        long deadline = System.nanoTime() + duration.toNanos();
        try {
            while (running && System.nanoTime() < deadline && !done.getAsBoolean()) {
                Thread.sleep(Math.min(50, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops redrawing after one last frame, so the view ends on the final state of what it reads;
     * rethrows what a read threw, if one did.
     */
    public void stop() {
        if (!running && !painter.isAlive()) {
            if (failure != null) throw failure;
            return;
        }
        running = false;
        painter.interrupt();
        Threads.joinUninterruptibly(painter);
        if (failure == null) redraw();
        if (failure != null) throw failure;
    }

    public boolean isRunning() {
        return running;
    }

    /** How many frames were drawn so far. */
    public synchronized long frames() {
        return frames;
    }

    @Override
    public void close() {
        stop();
    }

    /** "PolledView every 300 ms: running, 14 frames drawn"; a stopped or failed view says so. */
    @Override
    public String toString() {
        return "PolledView every " + period.toMillis() + " ms: " + state();
    }

    /** "running, 14 frames drawn", "stopped after 14 frames", or "failed after 3 frames: why". */
    private String state() {
        long drawn = frames();
        String count = drawn + (drawn == 1 ? " frame" : " frames");
        if (failure != null) return "failed after " + count + ": " + failure.getMessage();
        return running ? "running, " + count + " drawn" : "stopped after " + count;
    }
}
