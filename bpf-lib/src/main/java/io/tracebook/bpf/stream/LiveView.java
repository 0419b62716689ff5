package io.tracebook.bpf.stream;

import java.time.Duration;
import java.util.function.Function;
import tech.tablesaw.api.Table;

/**
 * A view of an event stream that redraws a few times a second: {@code view} turns the rows of the
 * current window into what to show (a table, a chart, an aggregate). Events are read on one thread
 * and drawn on another, so a slow chart never makes the reader fall behind. It runs until
 * {@link #stop()}; {@link #await(Duration)} keeps the caller (a notebook cell, a jshell line) with it.
 */
public final class LiveView implements AutoCloseable {
    static final Duration REDRAW_PERIOD = Duration.ofMillis(300);

    private final LiveTable rows;
    private final Function<Table, ?> view;
    private final LiveSurface surface;
    private final Thread painter;
    private volatile boolean running = true;
    private volatile RuntimeException failure;
    private long frames;

    LiveView(EventStream stream, Duration window, Function<Table, ?> view, LiveSurface surface) {
        this.rows = stream.follow(window);
        this.view = view;
        this.surface = surface;
        surface.show(view.apply(rows.snapshot()));
        frames = 1;
        this.painter = Thread.ofPlatform().daemon().name("tracebook-live-" + stream.name()).start(this::paint);
    }

    private void paint() {
        try {
            while (running) {
                Thread.sleep(REDRAW_PERIOD);
                if (!running) break;
                redraw();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
            running = false;
            rows.stop();
        }
    }

    private synchronized void redraw() {
        surface.update(view.apply(rows.snapshot()));
        frames++;
    }

    /**
     * Keeps the calling thread until {@code duration} has passed, the view was stopped, or the thread
     * is interrupted (the notebook's stop button); then stops the view after one last frame.
     */
    public LiveView await(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        try {
            while (running && System.nanoTime() < deadline) {
                Thread.sleep(Math.min(50, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop();
        return this;
    }

    /** Stops reading and redrawing; the last frame stays where it was drawn. */
    public void stop() {
        if (!running && !painter.isAlive()) return;
        running = false;
        painter.interrupt();
        Threads.joinUninterruptibly(painter);
        rows.stop();
        if (failure == null) redraw();
        if (failure != null) throw failure;
    }

    public boolean isRunning() {
        return running;
    }

    /** The rows of the current window. */
    public Table snapshot() {
        return rows.snapshot();
    }

    /** How many frames were drawn so far. */
    public synchronized long frames() {
        return frames;
    }

    public long lost() {
        return rows.lost();
    }

    @Override
    public void close() {
        stop();
    }
}
