package io.tracebook.bpf.transport;

import java.lang.foreign.MemorySegment;

/** Receives one raw event: {@code size} bytes at {@code offset} of {@code data}, valid only during the call. */
@FunctionalInterface
public interface EventSink {
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
}
