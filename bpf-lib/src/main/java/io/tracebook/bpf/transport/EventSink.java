package io.tracebook.bpf.transport;

import java.lang.foreign.MemorySegment;

/** Receives one raw event: {@code size} bytes at {@code offset} of {@code data}, valid only during the call. */
@FunctionalInterface
public interface EventSink {
    /**
     * Records of one size in a row that a source hands over as a run ({@link #acceptRun}); fewer go listed with the
     * others ({@link #acceptBatch}), where a call per short run would cost more than it saves.
     */
    int MIN_RUN = 16;

    void accept(MemorySegment data, long offset, long size);

    /**
     * A hint before a batch: records taking {@code bytes} are ready, a record of an n-byte event taking
     * at least n + 8 bytes rounded up to 8 (a ring buffer's framing). Lets the sink make room at once.
     */
    default void expect(long bytes) {
    }

    /**
     * {@code count} events at once: event i is {@code sizes[i]} bytes at {@code offsets[i]} of {@code data},
     * all valid only during the call. Lets a sink decode a batch a field at a time; by default one
     * {@link #accept} per event.
     */
    default void acceptBatch(MemorySegment data, long[] offsets, long[] sizes, int count) {
        for (int i = 0; i < count; i++) accept(data, offsets[i], sizes[i]);
    }

    /**
     * {@code count} events of {@code size} bytes each, {@code stride} bytes apart from {@code offset} of {@code data}
     * (a run of records of one size), all valid only during the call: {@link #acceptBatch} with the places computed,
     * not listed. By default one {@link #accept} per event.
     */
    default void acceptRun(MemorySegment data, long offset, long stride, long size, int count) {
        for (int i = 0; i < count; i++) accept(data, offset + i * stride, size);
    }
}
