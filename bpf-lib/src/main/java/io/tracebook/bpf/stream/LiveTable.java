package io.tracebook.bpf.stream;

import io.tracebook.bpf.display.Threads;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import tech.tablesaw.api.Table;

/**
 * A table that keeps filling from an {@link EventStream} on a background thread. {@link #snapshot()}
 * gives a copy of what arrived (only the last {@code window} of it when a window is set).
 *
 * <p>The reader never waits for a snapshot: the batches it reads are never changed once added, so a
 * snapshot takes the lock only to copy the list of batches and joins their rows after letting it go.
 * (Joining 10 M rows under the lock once stalled the reader for a good part of a second, three times a
 * second, and a full ring lost events.)
 */
public final class LiveTable implements AutoCloseable {
    private static final int POLL_MILLIS = 20;

    private record Batch(long arrivedNanos, Table rows) {
    }

    private final EventStream stream;
    private final Duration window;
    private final Deque<Batch> batches = new ArrayDeque<>();
    private final Thread reader;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    LiveTable(EventStream stream, Duration window) {
        this.stream = stream;
        this.window = window;
        this.reader = Thread.ofPlatform().daemon().name("tracebook-follow-" + stream.name()).start(this::run);
    }

    private void run() {
        try {
            while (running) readBatch(POLL_MILLIS);
            // What the programs sent before stop() may still wait in the buffer (the kernel does not wake the
            // reader per event): take it without waiting, as collect() does, so stop() keeps every event.
            readBatch(0);
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private void readBatch(int timeoutMillis) {
        Table batch = stream.emptyTable();
        stream.pollInto(batch, timeoutMillis, Integer.MAX_VALUE);
        long now = System.nanoTime();
        synchronized (batches) {
            if (batch.rowCount() > 0) batches.addLast(new Batch(now, batch));
            trim(now);
        }
    }

    private void trim(long now) {
        if (window == null) return;
        long oldest = now - window.toNanos();
        while (!batches.isEmpty() && batches.peekFirst().arrivedNanos() < oldest) batches.removeFirst();
    }

    /** A copy of the rows currently held. */
    public Table snapshot() {
        if (failure != null) throw failure;
        List<Batch> held;
        synchronized (batches) {
            trim(System.nanoTime());
            held = List.copyOf(batches);
        }
        Table result = stream.emptyTable();
        for (Batch b : held) result.append(b.rows());
        return result;
    }

    public boolean isRunning() {
        return running;
    }

    /** "LiveTable of 'events' (the last 10 s): reading, 1234 rows held, 0 lost". */
    @Override
    public String toString() {
        return "LiveTable of " + source() + ": " + (running ? "reading" : "stopped") + ", " + held();
    }

    /** "'events' (the last 10 s)": the stream and the window. */
    String source() {
        return "'" + stream.name() + "'" + (window == null ? "" : " (the last " + text(window) + ")");
    }

    private static String text(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    /** "1234 rows held, 0 lost", counted without copying a row. */
    String held() {
        int rows;
        synchronized (batches) {
            rows = batches.stream().mapToInt(b -> b.rows().rowCount()).sum();
        }
        return rows + (rows == 1 ? " row" : " rows") + " held, " + (stream.countsLosses() ? stream.lost() + " lost" : "losses unknown");
    }

    public long lost() {
        return stream.lost();
    }

    /**
     * Stops reading after taking what the buffer holds: every event sent before this call is in
     * {@link #snapshot()} (unless the window has passed it), which stays available.
     */
    public void stop() {
        running = false;
        if (Thread.currentThread() != reader) Threads.joinUninterruptibly(reader);
        Table last = stream.emptyTable();
        stream.endFollowing(this, last);
        if (last.rowCount() > 0) {
            synchronized (batches) {
                batches.addLast(new Batch(System.nanoTime(), last));
            }
        }
    }

    /** True when a replay has handed this table everything the recorded one received. */
    boolean readComplete() {
        return stream.readComplete();
    }

    @Override
    public void close() {
        stop();
    }
}
