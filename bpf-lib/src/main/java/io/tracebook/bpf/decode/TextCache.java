package io.tracebook.bpf.decode;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The Strings already decoded from one {@code char[N]} field, found again by their bytes: event text
 * repeats (a process name per event, a handful of distinct ones), so most events decode to a String
 * seen before, with no copy, no UTF-8 decoding and no allocation.
 *
 * <p>Direct-mapped and bounded: a slot holds the last text hashed to it. Shared by every thread
 * decoding the field: a slot holds an immutable entry, so a racing reader sees a whole entry or
 * none, and a lost insert only costs a later decode.
 */
final class TextCache {
    private static final int SLOT_BITS = 10;
    private static final ValueLayout.OfLong WORD = JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private final int length;
    private final Entry[] slots = new Entry[1 << SLOT_BITS];

    /** The bytes of a text up to its NUL, as little-endian words zeroed past the NUL. */
    private record Entry(long[] words, String text) {
        boolean matches(long[] other, int count) {
            if (words.length != count) return false;
            for (int i = 0; i < count; i++) {
                if (words[i] != other[i]) return false;
            }
            return true;
        }
    }

    TextCache(int length) {
        this.length = length;
    }

    /** Words needed by {@link #text}'s scratch array. */
    int wordCount() {
        return (length + 7) / 8;
    }

    /** The text at {@code at}, as {@link CharArrayCodec#decode} gives it; {@code scratch} holds {@link #wordCount()} words. */
    String text(MemorySegment data, long at, long[] scratch) {
        int count = 0;
        long hash = 0;
        for (int i = 0; i < length; i += 8) {
            long word = i + 8 <= length ? data.get(WORD, at + i) : tail(data, at + i, length - i);
            long zeros = (word - ONES) & ~word & HIGHS; // the lowest flagged byte is the first NUL
            if (zeros != 0) {
                int nul = Long.numberOfTrailingZeros(zeros) >>> 3;
                word &= nul == 0 ? 0 : -1L >>> (64 - 8 * nul);
            }
            scratch[count++] = word;
            hash = (hash ^ word) * 0x9E3779B97F4A7C15L;
            if (zeros != 0) break;
        }
        int slot = (int) (hash >>> (64 - SLOT_BITS));
        Entry e = slots[slot];
        if (e != null && e.matches(scratch, count)) {
            return e.text;
        }
        String text = CharArrayCodec.decode(data, at, length);
        slots[slot] = new Entry(Arrays.copyOf(scratch, count), text);
        return text;
    }

    /** The last {@code bytes} (< 8) bytes of the field as a little-endian word, zero above them. */
    static long tail(MemorySegment data, long at, int bytes) {
        long word = 0;
        for (int k = 0; k < bytes; k++) {
            word |= Byte.toUnsignedLong(data.get(JAVA_BYTE, at + k)) << (8 * k);
        }
        return word;
    }
}
