package io.tracebook.bpf.decode;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.MemorySegment;

/**
 * One field of a batch of records into a column's array: the loops a batch decodes in, for records at offsets listed
 * and for records at a constant stride (a run of one size: no offset to load per record). Each is a method of
 * its own, small enough for the JIT to compile with the memory access inlined whatever calls it (inlined
 * into the batch's caller, the access's checks were left as calls: a fifth of a drain's samples).
 */
final class BatchReads {
    private BatchReads() {
    }

    /** {@code to[at + i]} = the 8-byte integer at {@code offsets[i] + field}, for i below {@code count}. */
    static void longs(long[] to, int at, MemorySegment data, long[] offsets, int count, long field) {
        for (int i = 0; i < count; i++) to[at + i] = data.get(JAVA_LONG_UNALIGNED, offsets[i] + field);
    }

    /** The same for a u32, widened without its sign. */
    static void unsignedInts(long[] to, int at, MemorySegment data, long[] offsets, int count, long field) {
        for (int i = 0; i < count; i++) to[at + i] = Integer.toUnsignedLong(data.get(JAVA_INT_UNALIGNED, offsets[i] + field));
    }

    /** The same for an s32. */
    static void ints(int[] to, int at, MemorySegment data, long[] offsets, int count, long field) {
        for (int i = 0; i < count; i++) to[at + i] = data.get(JAVA_INT_UNALIGNED, offsets[i] + field);
    }

    /** {@code to[at + i]} = the 8-byte integer at {@code from + i * stride}, for i below {@code count}: records at a constant stride. */
    static void longsStrided(long[] to, int at, MemorySegment data, long from, long stride, int count) {
        for (int i = 0; i < count; i++) to[at + i] = data.get(JAVA_LONG_UNALIGNED, from + i * stride);
    }

    /** The same for a u32, widened without its sign. */
    static void unsignedIntsStrided(long[] to, int at, MemorySegment data, long from, long stride, int count) {
        for (int i = 0; i < count; i++) to[at + i] = Integer.toUnsignedLong(data.get(JAVA_INT_UNALIGNED, from + i * stride));
    }

    /** The same for an s32. */
    static void intsStrided(int[] to, int at, MemorySegment data, long from, long stride, int count) {
        for (int i = 0; i < count; i++) to[at + i] = data.get(JAVA_INT_UNALIGNED, from + i * stride);
    }
}
