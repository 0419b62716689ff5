package io.tracebook.bpf.stream;

import io.tracebook.bpf.display.LiveSurface;
import io.tracebook.bpf.display.PolledView;
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
    private final LiveTable rows;
    private final PolledView painter;

    LiveView(EventStream stream, Duration window, Function<Table, ?> view, LiveSurface surface) {
        this.rows = stream.follow(window);
        this.painter = PolledView.on(surface, () -> view.apply(rows.snapshot()), "tracebook-live-" + stream.name(), rows::stop);
    }

    /**
     * Keeps the calling thread until {@code duration} has passed, the view was stopped, or the thread
     * is interrupted (the notebook's stop button); then stops the view after one last frame. A replay at
     * instant speed ends it as soon as every recorded event is in.
     */
    public LiveView await(Duration duration) {
        painter.waitWhileRunning(duration, rows::readComplete);
        stop();
        return this;
    }

    /** Stops reading, then draws one last frame of every row read; rethrows what a redraw threw, if one did. */
    public void stop() {
        rows.stop();
        painter.stop();
    }

    public boolean isRunning() {
        return painter.isRunning();
    }

    /** The rows of the current window. */
    public Table snapshot() {
        return rows.snapshot();
    }

    /** How many frames were drawn so far. */
    public long frames() {
        return painter.frames();
    }

    public long lost() {
        return rows.lost();
    }

    @Override
    public void close() {
        stop();
    }

    /** "LiveView of 'events' (the last 10 s): running, 14 frames drawn; 1234 rows held, 0 lost". */
    @Override
    public String toString() {
        long drawn = painter.frames();
        String frames = drawn + (drawn == 1 ? " frame" : " frames");
        return "LiveView of " + rows.source() + ": " + (painter.isRunning() ? "running, " + frames + " drawn" : "stopped after " + frames)
                + "; " + rows.held();
    }
}
