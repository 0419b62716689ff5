package io.tracebook.bpf.record;

import io.tracebook.bpf.transport.EventSink;
import io.tracebook.bpf.transport.EventSource;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An event channel while recording: the kernel's source, and a copy of every event's bytes kept in the recording,
 * in batches with the time they arrived (what a poll received: each batch the kernel's buffer hands over at once,
 * and the events handed over one at a time gathered per poll), grouped by the read that received them. Copying the
 * bytes into the recording's chunk is all the reader thread does more; the recording's writer thread does the I/O.
 */
final class TeeSource implements EventSource {
    private final Recorder recorder;
    private final int index;
    private final String stream;
    private final EventSource kernel;
    private final AtomicInteger reads;
    /** A batch record holds at most this much: a poll that brings more is kept as several, so chunks stay near their size. */
    private static final int MAX_BATCH_BYTES = TapeWriter.CHUNK_BYTES / 2;

    private final RecordBuffer staged = new RecordBuffer(1 << 16);
    private final Copier copier = new Copier();
    /** The read in progress (from 1), or 0 while no kept read is: before the first one, or inside a workload. */
    private int read;

    TeeSource(Recorder recorder, int index, String stream, EventSource kernel, AtomicInteger reads) {
        this.recorder = recorder;
        this.index = index;
        this.stream = stream;
        this.kernel = kernel;
        this.reads = reads;
    }

    @Override
    public void readStarted() {
        kernel.readStarted();
        if (!recorder.keeps()) {
            read = 0;
            return;
        }
        read = reads.incrementAndGet();
        int number = read;
        recorder.write(RecordType.READ_STARTED, out -> {
            out.putInt(index);
            out.putString(stream);
            out.putInt(number);
        });
    }

    @Override
    public int poll(int timeoutMillis, int maxEvents, EventSink sink) {
        if (read == 0) return kernel.poll(timeoutMillis, maxEvents, sink);
        staged.clear();
        copier.count = 0;
        copier.sink = sink;
        try {
            return kernel.poll(timeoutMillis, maxEvents, copier);
        } finally {
            copier.sink = null;
            keepStaged();
        }
    }

    /**
     * Writes a batch handed over at once as batch records, copied straight from the kernel's buffer into the
     * recording's chunk (staging them first copied every event twice).
     */
    private void keepBatch(MemorySegment data, long[] offsets, long[] sizes, int n) {
        int number = read;
        for (int from = 0; from < n; ) {
            int first = from;
            int to = from + 1;
            long bytes = 4 + sizes[from];
            while (to < n && bytes + 4 + sizes[to] <= MAX_BATCH_BYTES) bytes += 4 + sizes[to++];
            int last = to;
            recorder.write(RecordType.BATCH, out -> {
                out.putInt(index);
                out.putString(stream);
                out.putInt(number);
                out.putInt(last - first);
                out.putBlobs(data, offsets, sizes, first, last);
            });
            from = to;
        }
    }

    /** Writes the events copied one at a time so far as one batch record. */
    private void keepStaged() {
        if (copier.count == 0) return;
        int number = read;
        int count = copier.count;
        recorder.write(RecordType.BATCH, out -> {
            out.putInt(index);
            out.putString(stream);
            out.putInt(number);
            out.putInt(count);
            out.putRaw(staged.array(), 0, staged.size());
        });
        staged.clear();
        copier.count = 0;
    }

    @Override
    public void readEnding() {
        kernel.readEnding();
        if (read == 0) return;
        int number = read;
        long lost = kernel.kernelLost();
        recorder.write(RecordType.READ_ENDING, out -> {
            out.putInt(index);
            out.putString(stream);
            out.putInt(number);
            out.putLong(lost);
        });
        recorder.flush();
    }

    @Override
    public long kernelLost() {
        return kernel.kernelLost();
    }

    @Override
    public String kind() {
        return kernel.kind();
    }

    @Override
    public String lossAdvice(String name) {
        return kernel.lossAdvice(name);
    }

    @Override
    public void close() {
        kernel.close();
    }

    /** Keeps each event's bytes before handing it on. */
    private final class Copier implements EventSink {
        EventSink sink;
        int count;
        /** A run's places and sizes, listed for {@link #keepBatch}. */
        private long[] runOffsets = new long[0];
        private long[] runSizes = new long[0];

        @Override
        public void accept(MemorySegment data, long offset, long size) {
            staged.putBlob(data, offset, size);
            count++;
            if (staged.size() >= MAX_BATCH_BYTES) keepStaged();
            sink.accept(data, offset, size);
        }

        @Override
        public void acceptBatch(MemorySegment data, long[] offsets, long[] sizes, int n) {
            keepStaged();   // events that came one at a time before these, in their order
            keepBatch(data, offsets, sizes, n);
            sink.acceptBatch(data, offsets, sizes, n);
        }

        @Override
        public void acceptRun(MemorySegment data, long offset, long stride, long size, int n) {
            keepStaged();
            if (runOffsets.length < n) {
                runOffsets = new long[n];
                runSizes = new long[n];
            }
            for (int i = 0; i < n; i++) {
                runOffsets[i] = offset + i * stride;
                runSizes[i] = size;
            }
            keepBatch(data, runOffsets, runSizes, n);
            sink.acceptRun(data, offset, stride, size, n);
        }

        @Override
        public void expect(long bytes) {
            sink.expect(bytes);
        }
    }
}
