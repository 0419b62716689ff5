package io.tracebook.bpf.record;

import io.tracebook.bpf.transport.EventSink;
import io.tracebook.bpf.transport.EventSource;
import io.tracebook.bpf.transport.PerfBufferSource;
import io.tracebook.bpf.transport.RingBufferSource;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An event channel in a replay. Each read of the stream gets the events the same read received when recorded, in
 * the batches they arrived in: all at once at instant speed, each batch at its recorded time at the recorded pace,
 * and whatever is left when the read ends. The bytes go to the stream's decoder as the kernel's would.
 */
final class ReplaySource implements EventSource {
    private static final long IDLE_NANOS = 16_000_000L;
    /** Events handed to the decoder at once: enough to decode a field at a time, few enough to stay in the caches. */
    private static final int SLICE = 4096;

    private final Replayer replayer;
    private final Map<Integer, Tape.StreamRead> reads;
    private final MapSpec map;
    private final boolean ring;
    private final AtomicInteger counter;
    private final int lastRecorded;
    private Tape.StreamRead current;
    private int batch;
    private int record;
    /** Where in the batch's runs the next record is: the run's place in {@code runs}, and its records handed over. */
    private int run;
    private int inRun;
    private long recordOffset;
    private boolean ending;
    private long lostBefore;
    private boolean saidNoMore;
    private final long[] offsets = new long[SLICE];
    private final long[] sizes = new long[SLICE];
    private volatile boolean closed;

    ReplaySource(Replayer replayer, Map<Integer, Tape.StreamRead> reads, MapSpec map, boolean ring, AtomicInteger counter) {
        this.replayer = replayer;
        this.reads = reads;
        this.map = map;
        this.ring = ring;
        this.counter = counter;
        this.lastRecorded = reads.isEmpty() ? 0 : Collections.max(reads.keySet());
    }

    @Override
    public synchronized void readStarted() {
        if (current != null && current.endingAt >= 0) lostBefore = current.kernelLost;
        int number = counter.incrementAndGet();
        current = reads.get(number);
        batch = 0;
        record = 0;
        run = 0;
        inRun = 0;
        ending = false;
        if (current != null) {
            if (!current.batches.isEmpty()) recordOffset = current.batches.getFirst().offset();
            replayer.clock().reach(current.startedAt);
        } else if (number > lastRecorded) {
            if (!replayer.tape().isComplete()) throw replayer.cutShort("read " + number + " of stream '" + map.name() + "'");
            if (!saidNoMore) {
                saidNoMore = true;
                System.err.println("[" + map.name() + "] replay: the recording has no more reads of this stream, so nothing more arrives");
            }
        }
    }

    @Override
    public int poll(int timeoutMillis, int maxEvents, EventSink sink) {
        Tape.Batch next;
        synchronized (this) {
            if (closed) return 0;
            if (!replayer.clock().isPaced()) sink.expect(framedUpTo(maxEvents));
            int delivered = 0;
            while (delivered < maxEvents && current != null && batch < current.batches.size()) {
                Tape.Batch b = current.batches.get(batch);
                if (!due(b)) break;
                delivered += deliver(b, maxEvents - delivered, sink);
            }
            if (delivered > 0 || timeoutMillis <= 0) return delivered;
            next = current != null && batch < current.batches.size() ? current.batches.get(batch) : null;
        }
        long timeout = timeoutMillis * 1_000_000L;
        if (next != null) replayer.clock().sleepUntil(next.time(), timeout);
        else LockSupport.parkNanos(Math.min(timeout, IDLE_NANOS));   // nothing more this read: idle as an empty channel does
        return 0;
    }

    /**
     * The buffer bytes of the next {@code maxEvents} events of this read (whole batches, so a little more when it
     * ends inside one): at instant speed a poll hands over the whole read, and telling the stream at once lets it
     * size its columns once instead of doubling them slice by slice (a million-event replay allocated its columns
     * twice over, and a cold JVM's young collections copied them).
     */
    private long framedUpTo(int maxEvents) {
        long framed = 0;
        long events = -record;
        for (int i = batch; current != null && i < current.batches.size() && events < maxEvents; i++) {
            framed += current.batches.get(i).framedBytes();
            events += current.batches.get(i).count();
        }
        return framed;
    }

    private boolean due(Tape.Batch b) {
        return ending || !replayer.clock().isPaced() || b.time() <= replayer.clock().now();
    }

    /**
     * Hands at most {@code limit} events of batch {@code b}, from where the last call stopped, to the sink: a run of
     * {@link EventSink#MIN_RUN} or more records of one size as a run (they sit at a constant stride, a 4-byte size
     * before each), the others listed. Where it stopped is moved on first, so events are never handed over twice.
     */
    private int deliver(Tape.Batch b, int limit, EventSink sink) {
        int count = Math.min(Math.min(limit, SLICE), b.count() - record);
        int[] runs = b.runs();
        int firstRun = run;
        int firstInRun = inRun;
        long start = recordOffset;
        long framed = 0;
        for (int left = count; left > 0;) {
            int n = Math.min(left, runs[run + 1] - inRun);
            framed += n * Tape.Batch.framed(runs[run]);
            recordOffset += n * (4L + runs[run]);
            left -= n;
            inRun += n;
            if (inRun == runs[run + 1]) {
                run += 2;
                inRun = 0;
            }
        }
        record += count;
        if (record == b.count()) {
            batch++;
            record = 0;
            run = 0;
            if (batch < current.batches.size()) recordOffset = current.batches.get(batch).offset();
        }
        sink.expect(framed);
        int listed = 0;
        for (int r = firstRun, done = firstInRun, left = count; left > 0; r += 2, done = 0) {
            int size = runs[r];
            int n = Math.min(left, runs[r + 1] - done);
            long stride = 4L + size;
            if (n >= EventSink.MIN_RUN) {
                if (listed > 0) sink.acceptBatch(b.chunk(), offsets, sizes, listed);
                listed = 0;
                sink.acceptRun(b.chunk(), start + 4, stride, size, n);
            } else {
                for (int k = 0; k < n; k++) {
                    sizes[listed] = size;
                    offsets[listed++] = start + 4 + k * stride;
                }
            }
            start += n * stride;
            left -= n;
        }
        if (listed > 0) sink.acceptBatch(b.chunk(), offsets, sizes, listed);
        return count;
    }

    @Override
    public synchronized boolean readComplete() {
        if (current == null) return true;
        if (batch < current.batches.size()) return false;
        if (!replayer.clock().isPaced()) return true;
        long end = current.endingAt >= 0 ? current.endingAt
                : current.batches.isEmpty() ? current.startedAt : current.batches.getLast().time();
        return replayer.clock().now() >= end;
    }

    @Override
    public void readEnding() {
        long endingAt;
        synchronized (this) {
            ending = true;
            endingAt = current == null ? -1 : current.endingAt;
        }
        if (endingAt >= 0) replayer.clock().reach(endingAt);
    }

    @Override
    public synchronized long kernelLost() {
        return current != null && ending && current.endingAt >= 0 ? current.kernelLost : lostBefore;
    }

    @Override
    public String kind() {
        return ring ? "ring buffer" : "perf buffer";
    }

    @Override
    public String lossAdvice(String name) {
        return ring ? RingBufferSource.advice(name, map.maxEntries()) : PerfBufferSource.advice(name);
    }

    @Override
    public void close() {
        closed = true;
    }
}
