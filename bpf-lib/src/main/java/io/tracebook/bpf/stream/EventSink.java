package io.tracebook.bpf.stream;

import java.lang.foreign.MemorySegment;

/** Receives one raw event: {@code size} bytes at {@code offset} of {@code data}, valid only during the call. */
@FunctionalInterface
public interface EventSink {
    void accept(MemorySegment data, long offset, long size);
}
