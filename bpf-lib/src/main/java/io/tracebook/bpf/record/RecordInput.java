package io.tracebook.bpf.record;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads what {@link RecordBuffer} wrote, from the bytes of a chunk: where the chunk was stored, the mapped file's own
 * (a million events' 36 MB were copied out of the mapping to be parsed, then decoded from it). Every read is checked
 * against the end of what it may read, so a corrupt length fails with {@link Corrupt} (made into a message naming the
 * file) instead of reading past it.
 */
final class RecordInput {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** What was read does not fit the format. */
    static final class Corrupt extends RuntimeException {
        Corrupt(String message) {
            super(message);
        }
    }

    private final MemorySegment bytes;
    private int position;
    private final int end;

    RecordInput(byte[] bytes, int position, int end) {
        this(MemorySegment.ofArray(bytes), position, end);
    }

    /** Reads {@code bytes} from {@code position} to {@code end}; a chunk's bytes, at most an array's worth. */
    RecordInput(MemorySegment bytes, int position, int end) {
        if (position < 0 || end > bytes.byteSize() || position > end) throw new Corrupt("a record reaches past the end of its chunk");
        this.bytes = bytes;
        this.position = position;
        this.end = end;
    }

    int position() {
        return position;
    }

    boolean hasMore() {
        return position < end;
    }

    int getByte() {
        need(1);
        return bytes.get(ValueLayout.JAVA_BYTE, position++) & 0xff;
    }

    int getInt() {
        need(4);
        int v = bytes.get(INT, position);
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
        long v = bytes.get(LONG, position);
        position += 8;
        return v;
    }

    String getString() {
        int length = getCount();
        need(length);
        String s = new String(bytes.asSlice(position, length).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
        position += length;
        return s;
    }

    byte[] getBlob() {
        int length = getCount();
        need(length);
        byte[] b = bytes.asSlice(position, length).toArray(ValueLayout.JAVA_BYTE);
        position += length;
        return b;
    }

    /**
     * Skips {@code count} blobs and returns their sizes as runs of one size: {size, blobs of it, size, blobs, ...}
     * (events of one struct come as one run: a million-event read kept 4 MB of sizes, each a fresh page to touch).
     * Its loop runs a million times for a million events: locals only, and the field checks of the other reads left out
     * (each size is checked against the end it may reach).
     */
    int[] skipBlobs(int count) {
        int[] runs = new int[count == 0 ? 0 : 2];
        int last = -2;   // where the last run's size is
        MemorySegment b = bytes;
        int at = position;
        for (int i = 0; i < count; i++) {
            if (end - at < 4) {
                position = at;
                need(4);
            }
            int length = b.get(INT, at);
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
