package io.tracebook.kernel.render;

import io.tracebook.kernel.cell.CellContext;
import io.tracebook.kernel.cell.CellStreams;
import io.tracebook.kernel.cell.Iopub;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.messages.publish.PublishClearOutput;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishUpdateDisplayData;

/**
 * Displays that stay updatable after their cell returned. A display remembers the cell that created
 * it and every update is published parented to that cell, from whatever thread asks. Updates are
 * throttled per display: at most one per {@code minInterval}, the latest value wins and the last
 * one is always sent, rendered on the publisher's thread so the caller never waits for a render.
 */
public final class LiveDisplays {

    private record Update(Object value, String[] mimeTypes) {
    }

    private final Renderer renderer;
    private final Iopub iopub;
    private final CellStreams streams;
    private final Supplier<CellContext> latestCell;
    private final long minIntervalNanos;
    private final Map<String, CellContext> owners = new ConcurrentHashMap<>();
    private final Map<String, Update> pending = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSent = new ConcurrentHashMap<>();
    private final ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("display-updates").daemon(true).unstarted(r));

    public LiveDisplays(Renderer renderer, Iopub iopub, CellStreams streams, Supplier<CellContext> latestCell, Duration minInterval) {
        this.renderer = renderer;
        this.iopub = iopub;
        this.streams = streams;
        this.latestCell = latestCell;
        this.minIntervalNanos = minInterval.toNanos();
    }

    DisplayData render(Object value, String... mimeTypes) {
        if (value instanceof DisplayData data) {
            return data;
        }
        return mimeTypes.length == 0 ? renderer.render(value) : renderer.renderAs(value, mimeTypes);
    }

    /** Shows {@code value} in the calling thread's cell now and returns the id for later updates. */
    String display(Object value, String... mimeTypes) {
        CellContext cell = callersCell();
        DisplayData data = new DisplayData(render(value, mimeTypes));
        String id = UUID.randomUUID().toString();
        data.setDisplayId(id);
        owners.put(id, cell);
        lastSent.put(id, System.nanoTime());
        streams.flush(cell);
        iopub.publish(cell, new PublishDisplayData(data));
        return id;
    }

    /** Clears the output of the calling thread's cell, now or ({@code wait}) when the next output arrives, which avoids flicker. */
    void clearOutput(boolean wait) {
        CellContext cell = callersCell();
        streams.flush(cell);
        iopub.publish(cell, wait ? PublishClearOutput.BEFORE_NEXT_OUTPUT : PublishClearOutput.NOW);
    }

    /** Replaces the display's content, at most once per interval; returns at once. */
    void update(String id, Object value, String... mimeTypes) {
        if (pending.put(id, new Update(value, mimeTypes)) == null) {
            long due = lastSent.getOrDefault(id, 0L) + minIntervalNanos;
            publisher.schedule(() -> send(id), Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Sends now the updates still waiting for their interval on displays of {@code cell}: called when the
     * cell ends, so that its last frame arrives before the cell's reply (after it, nbclient and
     * nbconvert no longer listen, and the saved notebook would keep an older frame).
     */
    public void flushPending(CellContext cell) {
        if (!owners.containsValue(cell)) {
            return; // a cell without displays (most cells) has nothing in flight: no trip through the publisher
        }
        for (String id : List.copyOf(pending.keySet())) {
            if (owners.get(id) == cell) publisher.submit(() -> send(id));
        }
        try {
            publisher.submit(() -> { }).get();   // the publisher runs in order: every send above is done
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing display updates failed", e.getCause());
        }
    }

    private void send(String id) {
        Update update = pending.remove(id);
        if (update == null) return;   // already sent by flushPending
        lastSent.put(id, System.nanoTime());
        CellContext cell = owners.getOrDefault(id, callersCell());
        DisplayData data;
        try {
            data = new DisplayData(render(update.value(), update.mimeTypes()));
        } catch (RuntimeException e) {
            data = new DisplayData("cannot render " + update.value().getClass().getName() + ": " + e);
        }
        data.setDisplayId(id);
        iopub.publish(cell, new PublishUpdateDisplayData(data));
    }

    private CellContext callersCell() {
        CellContext cell = CellContext.current();
        if (cell == null) {
            cell = latestCell.get();
        }
        if (cell == null) {
            throw new IllegalStateException("nothing to display in yet: displays belong to a cell, and no cell has run");
        }
        return cell;
    }
}
