package io.tracebook.bpf.record;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growing little-endian byte array that records are written into (the recording format, docs/recording-format.md):
 * fixed-size integers, strings and blobs as a u32 length then the bytes. Not thread-safe.
 */
final class RecordBuffer {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] bytes;
    private int size;

    RecordBuffer(int capacity) {
        bytes = new byte[Math.max(64, capacity)];
    }

    int size() {
        return size;
    }

    /** The backing array: its first {@link #size()} bytes are what was written. */
    byte[] array() {
        return bytes;
    }

    void clear() {
        size = 0;
    }

    void putByte(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    void putInt(int v) {
        ensure(4);
        INT.set(bytes, size, v);
        size += 4;
    }

    void putLong(long v) {
        ensure(8);
        LONG.set(bytes, size, v);
        size += 8;
    }

    void putString(String s) {
        putBlob(s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8));
    }

    void putBlob(byte[] b) {
        putInt(b.length);
        putRaw(b, 0, b.length);
    }

    /** A u32 length, then {@code length} bytes of {@code data} from {@code offset}. */
    void putBlob(MemorySegment data, long offset, long length) {
        putInt(Math.toIntExact(length));
        putRaw(data, offset, length);
    }

    /**
     * Blobs {@code from} to {@code to} (exclusive), the i-th {@code sizes[i]} bytes of {@code data} from {@code offsets[i]}. Records of a kernel
     * buffer lie in order with a header (8 bytes) between them: then the span from the first to the last is copied in
     * one block and the records are moved down over the headers within the array, which costs less than a copy out
     * of native memory per record. Otherwise (out of order, or mostly discarded records between) one by one.
     */
    void putBlobs(MemorySegment data, long[] offsets, long[] sizes, int from, int to) {
        if (from >= to) return;
        long blobs = 0;
        boolean framed = true;
        for (int i = from; i < to; i++) {
            blobs += 4 + sizes[i];
            if (i > from && offsets[i] - offsets[i - 1] < sizes[i - 1] + 4) framed = false;
        }
        long span = offsets[to - 1] + sizes[to - 1] - offsets[from];
        if (!framed || span > 2 * blobs) {
            for (int i = from; i < to; i++) putBlob(data, offsets[i], sizes[i]);
            return;
        }
        ensure(Math.toIntExact(Math.max(blobs, 4 + span)));
        int block = size + 4;
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, offsets[from], bytes, block, (int) span);
        for (int i = from; i < to; i++) {   // each record at or above where its blob goes: moving down in order overwrites nothing unread
            int length = (int) sizes[i];
            INT.set(bytes, size, length);
            System.arraycopy(bytes, block + (int) (offsets[i] - offsets[from]), bytes, size + 4, length);
            size += 4 + length;
        }
    }

    /** {@code length} bytes of {@code data} from {@code offset}, without a length before them. */
    void putRaw(MemorySegment data, long offset, long length) {
        ensure(Math.toIntExact(length));
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, offset, bytes, size, (int) length);
        size += (int) length;
    }

    void putRaw(byte[] b, int offset, int length) {
        ensure(length);
        System.arraycopy(b, offset, bytes, size, length);
        size += length;
    }

    /** Leaves room for a u32 written later with {@link #setInt}; returns where it is. */
    int reserveInt() {
        putInt(0);
        return size - 4;
    }

    void setInt(int position, int v) {
        INT.set(bytes, position, v);
    }

    private void ensure(int more) {
        if (size + more <= bytes.length) return;
        long wanted = Math.max((long) size + more, 2L * bytes.length);
        if (wanted > Integer.MAX_VALUE - 8) throw new IllegalStateException("a record buffer cannot exceed 2 GiB");
        bytes = Arrays.copyOf(bytes, (int) wanted);
    }
}
