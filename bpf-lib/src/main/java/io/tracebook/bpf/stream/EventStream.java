package io.tracebook.bpf.stream;

import io.tracebook.bpf.decode.ColumnStorage;
import io.tracebook.bpf.decode.StructCodec;
import io.tracebook.bpf.display.LiveSurface;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.transport.EventSink;
import io.tracebook.bpf.transport.EventSource;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

/**
 * Events of one ring buffer or perf buffer, decoded from BTF into Tablesaw rows. Read it with
 * {@link #collect}, {@link #take}, {@link #forEach}, or keep a table growing with {@link #follow}.
 * Every event the kernel could not deliver is counted in {@link #lost()}, and reported on stderr
 * when a read sees new losses. Runs of the object's programs that the kernel skipped are reported
 * there too, but not counted in {@code lost()}: a run that never happened sent no events to count.
 */
public final class EventStream implements AutoCloseable {
    private static final int POLL_SLICE_MILLIS = 50;
    /**
     * Enough decodes for the JIT to compile the decoder with C2: ~10 000 calls of the per-record path (the perf buffer's),
     * and 600 calls of each batch path (listed records and runs: the ring buffer's) of 64 records each, past C2's thresholds
     * for a method with a loop.
     */
    private static final int WARM_UP_EVENTS = 20_000;
    private static final int WARM_UP_BATCHES = 800;
    private static final int WARM_UP_BATCH = 64;
    /** The JIT's work is kept for the JVM's life: the first stream warms the decoding code up for all. */
    private static final AtomicBoolean DECODER_WARMED_UP = new AtomicBoolean();

    private final String name;
    private final EventSource source;
    private volatile StructCodec decoder;
    private final LongSupplier producerDrops;
    private final Supplier<Map<String, Long>> skippedRuns;
    private final Map<String, Long> skippedReported = new HashMap<>();
    private Table pending;
    private long received;
    private long undecodable;
    private long undecodableReported;
    /** Why the first undecodable record did not decode. */
    private String undecodableReason;
    /** Per record length shorter than the struct: empty when such records decode, else why not. */
    private final Map<Long, Optional<String>> shortRecords = new HashMap<>();
    private long lostReported;
    private LiveTable following;
    /** The table the columns were last grown for, and the rows they have room for. */
    private Table reservedTable;
    private long reservedRows;
    /** Rows of the last whole table a read returned: the room the next one's columns start with. */
    private long lastTakenRows;
    private boolean closed;

    /**
     * {@code producerDrops}: events the program counted as lost itself (-1 when it does not count);
     * {@code skippedRuns}: the programs whose runs the kernel skipped, with how many so far.
     */
    public EventStream(String name, EventSource source, StructCodec decoder, LongSupplier producerDrops,
                       Supplier<Map<String, Long>> skippedRuns) {
        this.name = name;
        this.source = source;
        this.decoder = decoder;
        this.producerDrops = producerDrops;
        this.skippedRuns = skippedRuns;
        this.pending = decoder.newTable(name);
        if (DECODER_WARMED_UP.compareAndSet(false, true)) warmUpDecoder();
    }

    /**
     * Decodes made-up events into tables thrown away, one at a time, in batches and in runs (records of one size at a
     * stride, what a flood of fixed-size events arrives as). A cold decoder runs interpreted
     * while the JIT compiles it, using the CPU the traced program needs, at a few hundred thousand events a second: a
     * flood that starts right after the first stream opens filled the ring before the decoder was compiled (issue 15:
     * a first run lost 24% of its events). Warming only the per-record path left the ring buffer's batch path cold.
     * Runs of four zeroed records alternate with runs of four filled with 'A's, so that the JIT sees a text change
     * and repeat (records all alike left those branches out of the compiled code, to be recompiled at the first real
     * events); they are read through a segment of the global scope, as a mapped ring is. Costs the first open some
     * 90-160 ms on the 2-CPU development VM (2026-12-07).
     */
    private void warmUpDecoder() {
        long stride = Math.max(8, (decoder.size() + 7) & ~7L);
        long[] offsets = new long[WARM_UP_BATCH];
        for (int i = 0; i < WARM_UP_BATCH; i++) offsets[i] = i * stride;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment owned = arena.allocate(stride * WARM_UP_BATCH, 8);
            for (int i = 4; i < WARM_UP_BATCH; i += 8) owned.asSlice(i * stride, 4 * stride).fill((byte) 'A');
            MemorySegment records = MemorySegment.ofAddress(owned.address()).reinterpret(owned.byteSize());
            StructCodec.Sink sink = decoder.sinkFor(decoder.newTable(name));
            for (int i = 0; i < WARM_UP_EVENTS; i++) sink.append(records, offsets[i % WARM_UP_BATCH]);
            for (int i = 0; i < WARM_UP_BATCHES; i++) {
                if (i % 100 == 0) sink = decoder.sinkFor(decoder.newTable(name)); // its columns stay small
                sink.appendBatch(records, offsets, WARM_UP_BATCH);
            }
            for (int i = 0; i < WARM_UP_BATCHES; i++) {
                if (i % 100 == 0) sink = decoder.sinkFor(decoder.newTable(name));
                sink.appendStrided(records, 0, stride, WARM_UP_BATCH);
            }
        }
    }

    public String name() {
        return name;
    }

    /**
     * Reads char[] field {@code field} as several NUL-terminated strings, joined by spaces (a process's argv, as
     * libbpf-tools' execsnoop sends it: {@code ls -la /tmp}), up to the field's last NUL; returns this stream.
     * A perf buffer pads a record with up to 7 bytes it does not clear: when the struct has a field with the
     * strings' byte count, name it with {@link #joinStrings(String, String)}.
     */
    public synchronized EventStream joinStrings(String field) {
        decoder = decoder.withJoinedStrings(field, null);
        return this;
    }

    /** As {@link #joinStrings(String)}, reading exactly as many bytes as integer field {@code byteCountField} holds. */
    public synchronized EventStream joinStrings(String field, String byteCountField) {
        decoder = decoder.withJoinedStrings(field, byteCountField);
        return this;
    }

    /** The columns events decode into (empty table). */
    public Table emptyTable() {
        return decoder.newTable(name);
    }

    /** Every event that arrives within {@code duration}. Returns early, with what it has, when the thread is interrupted. */
    public synchronized Table collect(Duration duration) {
        checkReadable();
        source.readStarted();
        long deadline = System.nanoTime() + duration.toNanos();
        while (!Thread.currentThread().isInterrupted() && !source.readComplete()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) break;
            pollInto(pending, (int) Math.max(1, Math.min(POLL_SLICE_MILLIS, left / 1_000_000)), Integer.MAX_VALUE);
        }
        source.readEnding();
        pollInto(pending, 0, Integer.MAX_VALUE);
        reportLosses();
        return takePending(pending.rowCount());
    }

    /** The first {@code n} events, waiting at most {@code max} for them (fewer rows when time runs out). */
    public synchronized Table take(int n, Duration max) {
        checkReadable();
        source.readStarted();
        long deadline = System.nanoTime() + max.toNanos();
        while (pending.rowCount() < n && !Thread.currentThread().isInterrupted() && !source.readComplete()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) break;
            pollInto(pending, (int) Math.max(1, Math.min(POLL_SLICE_MILLIS, left / 1_000_000)), n - pending.rowCount());
        }
        source.readEnding();
        reportLosses();
        return takePending(Math.min(n, pending.rowCount()));
    }

    /**
     * Hands every event arriving within {@code duration} to {@code action} as a Tablesaw {@link Row}
     * (a cursor: read it during the call, do not keep it).
     */
    public synchronized void forEach(Duration duration, Consumer<Row> action) {
        checkReadable();
        source.readStarted();
        long deadline = System.nanoTime() + duration.toNanos();
        Table batch = decoder.newTable(name);
        while (!Thread.currentThread().isInterrupted() && !source.readComplete()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) break;
            Table carried = takePending(pending.rowCount());
            batch.append(carried);
            pollInto(batch, (int) Math.max(1, Math.min(POLL_SLICE_MILLIS, left / 1_000_000)), Integer.MAX_VALUE);
            Row row = new Row(batch);
            while (row.hasNext()) action.accept(row.next());
            batch.clear();
        }
        source.readEnding();
        reportLosses();
    }

    /**
     * Starts a background reader that keeps appending events to a table until {@link LiveTable#stop()};
     * with a window, only the rows of the last {@code window} are kept.
     */
    public synchronized LiveTable follow(Duration window) {
        checkReadable();
        source.readStarted();
        following = new LiveTable(this, window);
        return following;
    }

    /**
     * Shows {@code view} of the last {@code window} of events, redrawn a few times a second where
     * {@link LiveSurface} draws (the terminal, or the notebook under the Tracebook kernel).
     * {@code window} null keeps every event.
     */
    public LiveView live(Duration window, Function<Table, ?> view) {
        return new LiveView(this, window, view, LiveSurface.create());
    }

    /** As {@link #follow(Duration)} with no window: the table keeps every event. */
    public LiveTable follow() {
        return follow(null);
    }

    /**
     * Ends the read of a live table whose reader has stopped: what arrived since its last poll goes into
     * {@code last}, then losses are reported.
     */
    synchronized void endFollowing(LiveTable live, Table last) {
        if (following != live) return;
        source.readEnding();
        pollInto(last, 0, Integer.MAX_VALUE);
        reportLosses();
        following = null;
    }

    /** True when a replay has handed the read in progress everything its recorded read received. */
    boolean readComplete() {
        return source.readComplete();
    }

    /** Drains what is ready into {@code table}; used by the live table's reader thread. */
    int pollInto(Table table, int timeoutMillis, int maxEvents) {
        if (closed) return 0;
        StructCodec.Sink sink = decoder.sinkFor(table);
        long recordBytes = (decoder.size() + 8 + 7) & ~7L;
        int n = source.poll(timeoutMillis, maxEvents, new EventSink() {
            @Override
            public void accept(MemorySegment data, long offset, long size) {
                append(sink, data, offset, size);
            }

            @Override
            public void acceptBatch(MemorySegment data, long[] offsets, long[] sizes, int count) {
                long whole = sink.size();
                for (int i = 0; i < count; i++) {
                    if (sizes[i] < whole) {
                        EventSink.super.acceptBatch(data, offsets, sizes, count);
                        return;
                    }
                }
                sink.appendBatch(data, offsets, count);
            }

            @Override
            public void acceptRun(MemorySegment data, long offset, long stride, long size, int count) {
                if (size < sink.size()) EventSink.super.acceptRun(data, offset, stride, size, count);
                else sink.appendStrided(data, offset, stride, count);
            }

            @Override
            public void expect(long bytes) {
                reserve(sink, table, Math.min(maxEvents, bytes / recordBytes));
            }
        });
        received += n;
        return n;
    }

    /**
     * Room for {@code rows} more rows. A collect polls every millisecond, and growing the columns by exactly each batch
     * copied them whole every time (JFR: most of what the reading thread allocated); doubling them still allocated
     * three times the rows kept (the doublings, then the trim). So a new table's columns start with room for as many
     * rows as the last table taken held, plus an eighth: at a steady rate a collect allocates its columns once.
     */
    private void reserve(StructCodec.Sink sink, Table table, long rows) {
        if (table != reservedTable) {
            reservedTable = table;
            reservedRows = table.rowCount();
        }
        long needed = table.rowCount() + rows;
        if (needed <= reservedRows) return;
        long expected = reservedRows == 0 ? lastTakenRows + lastTakenRows / 8 : 2 * reservedRows;
        long target = Math.min(Integer.MAX_VALUE - 8, Math.max(needed, expected));
        sink.reserve((int) (target - table.rowCount()));
        reservedRows = target;
    }

    /**
     * A record shorter than the struct decodes when it ends at a field's end or inside text (programs send variable-length
     * records: a struct up to the end of the text they filled); one ending inside a number is counted as undecodable.
     */
    private void append(StructCodec.Sink sink, MemorySegment data, long offset, long size) {
        if (size >= decoder.size()) {
            sink.append(data, offset);
            return;
        }
        Optional<String> cut = shortRecords.computeIfAbsent(size, decoder::cutShort);
        if (cut.isEmpty()) {
            sink.appendShort(data, offset, size);
        } else {
            undecodable++;
            if (undecodableReason == null) undecodableReason = cut.get();
        }
    }

    private Table takePending(int rows) {
        Table result;
        if (rows == pending.rowCount()) {
            result = pending;
            lastTakenRows = rows;
            ColumnStorage.trimToSize(result);
            pending = decoder.newTable(name);
        } else {
            result = pending.inRange(0, rows);
            pending = pending.inRange(rows, pending.rowCount());
        }
        return result;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Events received so far. */
    public long received() {
        return received;
    }

    /**
     * Events lost: for a ring buffer the reservations that failed because the ring was full; for a perf
     * buffer what the kernel reported dropped when a CPU's buffer was full, plus the events written before
     * this stream was opened (no reader yet). tracebook.h's wrappers count what the kernel does not.
     * Runs of the programs the kernel skipped are not: they sent nothing, and what they would have sent is
     * unknown ({@code BpfObject.missedRuns()} counts them). Nor are records that arrived but did not decode:
     * see {@link #undecodable()}.
     */
    public long lost() {
        return source.kernelLost() + Math.max(0, producerDrops.getAsLong());
    }

    /**
     * Records that arrived but could not be decoded as the struct: shorter than it and ending inside a number field,
     * a sign that the program sends another struct than the one decoded. Reported apart from {@link #lost()}.
     */
    public long undecodable() {
        return undecodable;
    }

    /** False for a program compiled without tracebook.h: then only what the kernel reports is counted. */
    public boolean countsLosses() {
        return producerDrops.getAsLong() >= 0;
    }

    void reportLosses() {
        long lost = lost();
        if (lost > lostReported) {
            System.err.printf("[%s] %d events lost so far (%d new) by the %s: %s%n",
                    name, lost, lost - lostReported, source.kind(), source.lossAdvice(name));
            lostReported = lost;
        }
        if (undecodable > undecodableReported) {
            System.err.printf("[%s] %d records so far could not be decoded as %s (the first: %s): the program sends "
                    + "something else; name the struct it sends, events(\"%s\", \"...\")%n", name, undecodable, decoder.typeName(),
                    undecodableReason, name);
            undecodableReported = undecodable;
        }
        skippedRuns.get().forEach((program, runs) -> {
            if (runs > skippedReported.getOrDefault(program, 0L)) {
                System.err.printf("[%s] %s was skipped %d %s so far by the kernel (a BPF program was already running on that CPU): "
                        + "events of those runs were never produced%n", name, program, runs, runs == 1 ? "time" : "times");
                skippedReported.put(program, runs);
            }
        });
    }

    private void checkReadable() {
        if (closed) throw new BpfException("event stream '" + name + "' is closed");
        if (following != null) throw new BpfException("event stream '" + name + "' is being followed by a live table: stop it first");
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        if (following != null) following.stop();
        closed = true;
        source.close();
    }

    @Override
    public String toString() {
        return "EventStream '" + name + "' (" + source.kind() + ", " + decoder.columnNames() + "): received " + received
                + ", lost " + (countsLosses() ? lost() : "unknown (no prelude)") + (undecodable == 0 ? "" : ", undecodable " + undecodable)
                + skippedSummary();
    }

    private String skippedSummary() {
        long runs = skippedRuns.get().values().stream().mapToLong(Long::longValue).sum();
        return runs == 0 ? "" : ", " + runs + " program " + (runs == 1 ? "run" : "runs") + " skipped by the kernel";
    }
}
