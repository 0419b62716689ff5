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
            while (running) {
                Table batch = stream.emptyTable();
                stream.pollInto(batch, POLL_MILLIS, Integer.MAX_VALUE);
                long now = System.nanoTime();
                synchronized (batches) {
                    if (batch.rowCount() > 0) batches.addLast(new Batch(now, batch));
                    trim(now);
                }
            }
        } catch (RuntimeException e) {
            failure = e;
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

    public long lost() {
        return stream.lost();
    }

    /** Stops reading, after taking what arrived since the last read; the rows stay available through {@link #snapshot()}. */
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
