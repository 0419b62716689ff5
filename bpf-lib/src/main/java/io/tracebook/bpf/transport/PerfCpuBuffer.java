package io.tracebook.bpf.transport;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.ffi.CStructs;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * One CPU's perf buffer, read straight from its mapping: a perf_event_mmap_page, then the data area
 * the kernel writes records into, wrapping around its end. The kernel publishes {@code data_head}
 * after writing; the reader acquire-loads it, reads the records up to it and release-stores
 * {@code data_tail}, which hands the space back to the kernel (once per batch of records).
 */
final class PerfCpuBuffer {
    static final int PERF_RECORD_LOST = 2;
    static final int PERF_RECORD_SAMPLE = 9;
    /** The largest record: its size is a u16. */
    static final int MAX_RECORD_BYTES = 1 << 16;

    /**
     * data_tail is handed back every so many records, not after each: the kernel reads it on every write,
     * and each store would take its cache line (shared with data_head) away from the traced thread's CPU.
     */
    private static final int RELEASE_EVERY_RECORDS = 1024;
    private static final VarHandle LONG = JAVA_LONG.varHandle();
    private static final long DATA_HEAD = offset(CStructs.PERF_EVENT_MMAP_PAGE, "data_head");
    private static final long DATA_TAIL = offset(CStructs.PERF_EVENT_MMAP_PAGE, "data_tail");
    private static final long DATA_OFFSET = offset(CStructs.PERF_EVENT_MMAP_PAGE, "data_offset");
    private static final long DATA_SIZE = offset(CStructs.PERF_EVENT_MMAP_PAGE, "data_size");
    private static final long HEADER_TYPE = offset(CStructs.PERF_EVENT_HEADER, "type");
    private static final long HEADER_SIZE = offset(CStructs.PERF_EVENT_HEADER, "size");
    private static final long HEADER_BYTES = CStructs.PERF_EVENT_HEADER.byteSize();
    /** A sample record (PERF_SAMPLE_RAW): the header, the sample's u32 size, its bytes. */
    private static final long SAMPLE_SIZE_OFFSET = HEADER_BYTES;
    /** A lost record: the header, a u64 id, the u64 count of samples lost. */
    private static final long LOST_COUNT_OFFSET = HEADER_BYTES + 8;

    private final MemorySegment page;
    private final MemorySegment data;
    private final long mask;
    private long lost;

    /** {@code base}: the start of the CPU's mapping, as perf_buffer__buffer returns it. */
    PerfCpuBuffer(MemorySegment base) {
        MemorySegment header = base.reinterpret(CStructs.PERF_EVENT_MMAP_PAGE.byteSize());
        long dataOffset = header.get(JAVA_LONG, DATA_OFFSET);
        long dataSize = header.get(JAVA_LONG, DATA_SIZE);
        if (Long.bitCount(dataSize) != 1) throw new BpfException("a perf buffer's data area of " + dataSize + " bytes is not a power of two");
        MemorySegment mapping = base.reinterpret(dataOffset + dataSize);
        this.page = mapping;
        this.data = mapping.asSlice(dataOffset, dataSize);
        this.mask = dataSize - 1;
    }

    private static long offset(StructLayout layout, String field) {
        return layout.byteOffset(groupElement(field));
    }

    /** Bytes written by the kernel and not yet read. */
    long pending() {
        return (long) LONG.getAcquire(page, DATA_HEAD) - page.get(JAVA_LONG, DATA_TAIL);
    }

    /** Samples the kernel dropped because this buffer was full, as far as its lost records have been read. */
    long lost() {
        return lost;
    }

    /**
     * Hands at most {@code maxEvents} samples to the sink and counts the lost records it passes. Samples of one size
     * back to back (a program sending one struct: the common case) go as runs ({@link EventSink#acceptRun}), which a
     * sink decodes a column at a time; a run of perf records has a stride, as a ring buffer's has. A record that wraps
     * around the end of the data area is copied to {@code scratch} first (at least {@link #MAX_RECORD_BYTES}).
     */
    int drain(int maxEvents, EventSink sink, MemorySegment scratch) {
        long head = (long) LONG.getAcquire(page, DATA_HEAD);
        long tail = page.get(JAVA_LONG, DATA_TAIL);
        Run run = new Run(sink);
        int unreleased = 0;
        try {
            while (tail < head && run.delivered + run.count < maxEvents) {
                long offset = tail & mask;
                // Records are 8-byte aligned and so is the data area's size: a header never wraps.
                long size = Short.toUnsignedLong(data.get(JAVA_SHORT, offset + HEADER_SIZE));
                if (size < HEADER_BYTES) {
                    run.flush(); // the samples before it are whole
                    throw new BpfException("a perf buffer record of " + size + " bytes at position " + tail + ": the buffer is corrupt");
                }
                if (offset + size > data.byteSize()) {
                    run.flush();
                    long first = data.byteSize() - offset;
                    MemorySegment.copy(data, offset, scratch, 0, first);
                    MemorySegment.copy(data, 0, scratch, first, size - first);
                    read(scratch, 0, size, run);
                    run.flush();
                } else {
                    read(data, offset, size, run);
                }
                tail += size;
                if (++unreleased == RELEASE_EVERY_RECORDS) {
                    run.flush(); // the kernel may write over what is released
                    LONG.setRelease(page, DATA_TAIL, tail);
                    unreleased = 0;
                }
            }
            run.flush();
        } finally {
            LONG.setRelease(page, DATA_TAIL, tail); // also when the sink throws: records it was handed are not read again
        }
        return run.delivered;
    }

    /** A sample joins the run, a lost record is counted, other records are skipped. */
    private void read(MemorySegment record, long offset, long size, Run run) {
        switch (record.get(JAVA_INT, offset + HEADER_TYPE)) {
            case PERF_RECORD_SAMPLE -> run.add(record, offset + SAMPLE_SIZE_OFFSET + 4,
                    Integer.toUnsignedLong(record.get(JAVA_INT, offset + SAMPLE_SIZE_OFFSET)), size);
            case PERF_RECORD_LOST -> lost += record.get(JAVA_LONG, offset + LOST_COUNT_OFFSET);
            default -> {
            }
        }
    }

    /** Samples read and not yet handed to the sink: {@code count} of {@code size} bytes, {@code stride} apart. */
    private static final class Run {
        private final EventSink sink;
        private MemorySegment data;
        private long start;
        private long stride;
        private long size;
        private int count;
        private int delivered;

        Run(EventSink sink) {
            this.sink = sink;
        }

        void add(MemorySegment in, long at, long sampleSize, long recordSize) {
            if (count > 0 && in == data && sampleSize == size && recordSize == stride && at == start + count * stride) {
                count++;
                return;
            }
            flush();
            data = in;
            start = at;
            size = sampleSize;
            stride = recordSize;
            count = 1;
        }

        void flush() {
            if (count == 0) return;
            int n = count;
            count = 0;
            delivered += n;
            if (n >= EventSink.MIN_RUN) {
                sink.acceptRun(data, start, stride, size, n);
            } else {
                for (int i = 0; i < n; i++) sink.accept(data, start + i * stride, size);
            }
        }
    }
}
