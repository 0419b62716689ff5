package io.tracebook.bpf.decode;

import java.lang.foreign.MemorySegment;

/** Appends one field of the record at {@code base} to the column it was bound to. Allocation-free except for text. */
@FunctionalInterface
interface FieldAppender {
    void append(MemorySegment data, long base);
}
