package io.tracebook.bpf.record;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads what {@link RecordBuffer} wrote, from a byte array of a chunk. Every read is checked against the end of
 * what it may read, so a corrupt length fails with {@link Corrupt} (made into a message naming the file) instead
 * of reading past it.
 */
final class RecordInput {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** What was read does not fit the format. */
    static final class Corrupt extends RuntimeException {
        Corrupt(String message) {
            super(message);
        }
    }

    private final byte[] bytes;
    private int position;
    private final int end;

    RecordInput(byte[] bytes, int position, int end) {
        if (position < 0 || end > bytes.length || position > end) throw new Corrupt("a record reaches past the end of its chunk");
        this.bytes = bytes;
        this.position = position;
        this.end = end;
    }

    byte[] array() {
        return bytes;
    }

    int position() {
        return position;
    }

    boolean hasMore() {
        return position < end;
    }

    int getByte() {
        need(1);
        return bytes[position++] & 0xff;
    }

    int getInt() {
        need(4);
        int v = (int) INT.get(bytes, position);
        position += 4;
        return v;
    }

    /** A u32 count or length: negative values (over 2^31) cannot be. */
    int getCount() {
        int n = getInt();
        if (n < 0) throw new Corrupt("a count of " + Integer.toUnsignedString(n));
        return n;
    }

    /** A count of items each taking at least {@code bytesEach}: one the rest of the record cannot hold is corrupt. */
    int getCount(int bytesEach) {
        int n = getCount();
        if ((long) n * bytesEach > end - position) throw new Corrupt("a count of " + n + " items where only " + (end - position) + " bytes are left");
        return n;
    }

    long getLong() {
        need(8);
        long v = (long) LONG.get(bytes, position);
        position += 8;
        return v;
    }

    String getString() {
        int length = getCount();
        need(length);
        String s = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return s;
    }

    byte[] getBlob() {
        int length = getCount();
        need(length);
        byte[] b = Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return b;
    }

    /**
     * Skips {@code count} blobs and returns their sizes as runs of one size: {size, blobs of it, size, blobs, ...}
     * (events of one struct come as one run: a million-event read kept 4 MB of sizes, each a fresh page to touch).
     * Plain byte arithmetic on locals, not the {@code VarHandle} of the other reads nor their per-read checks of the
     * fields: a cold JVM interprets this loop over a million events of a replay, where a {@code VarHandle} call costs
     * hundreds of nanoseconds until compiled.
     */
    int[] skipBlobs(int count) {
        int[] runs = new int[count == 0 ? 0 : 2];
        int last = -2;   // where the last run's size is
        byte[] b = bytes;
        int at = position;
        for (int i = 0; i < count; i++) {
            if (end - at < 4) need(4);
            int length = (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
            if (length < 0) throw new Corrupt("a count of " + Integer.toUnsignedString(length));
            at += 4;
            if (length > end - at) {
                position = at;
                need(length);
            }
            at += length;
            if (last < 0 || runs[last] != length) {
                last += 2;
                if (last == runs.length) runs = Arrays.copyOf(runs, 2 * runs.length);
                runs[last] = length;
            }
            runs[last + 1]++;
        }
        position = at;
        return last + 2 == runs.length ? runs : Arrays.copyOf(runs, last + 2);
    }

    /** A nested reader over the next {@code length} bytes, which this one skips. */
    RecordInput slice(int length) {
        need(length);
        RecordInput nested = new RecordInput(bytes, position, position + length);
        position += length;
        return nested;
    }

    private void need(int n) {
        if (n < 0 || position + n > end || position + n < 0) {
            throw new Corrupt("a field of " + n + " bytes at byte " + position + " reaches past the end of its record (" + end + ")");
        }
    }
}
