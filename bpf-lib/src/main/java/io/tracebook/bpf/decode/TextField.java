package io.tracebook.bpf.decode;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.MemorySegment;
import tech.tablesaw.api.StringColumn;

/**
 * Appends a {@code char[N]} field to a StringColumn; serves one table, filled by one thread. Bytes
 * equal to the previous row's (compared a word at a time: two words for a {@code char[16]} comm) are
 * the previous row's text; other bytes go through the codec's {@link TextCache}.
 */
final class TextField implements FieldAppender {
    private final long offset;
    private final int length;
    private final TextCache cache;
    private final long[] scratch;
    private final long[] previousBytes;
    private final RepeatedText texts;

    TextField(StringColumn column, long offset, TextCache cache, int length) {
        this.offset = offset;
        this.length = length;
        this.cache = cache;
        this.scratch = new long[cache.wordCount()];
        this.previousBytes = new long[cache.wordCount()];
        this.texts = new RepeatedText(column);
    }

    @Override
    public void append(MemorySegment data, long base) {
        long at = base + offset;
        if (sameBytesAsPrevious(data, at) && texts.last() != null) texts.appendLast(1);
        else appendChanged(data, at);
    }

    /** Appends the field of the records at {@code bases[0..count)}: a run of equal bytes as one {@link RepeatedText#appendLast}. */
    void appendBatch(MemorySegment data, long[] bases, int count) {
        int i = 0;
        while (i < count) {
            int run = 0;
            while (i < count && sameBytesAsPrevious(data, bases[i] + offset) && texts.last() != null) {
                run++;
                i++;
            }
            texts.appendLast(run);
            if (i < count) appendChanged(data, bases[i++] + offset);
        }
    }

    /**
     * As {@link #appendBatch} for the records {@code stride} bytes apart from {@code first}: the fields repeating the
     * previous row's bytes are counted against words held in locals, nothing stored per row (a million-event replay of
     * one comm spent half its decoding in the per-row compare-and-keep).
     */
    void appendStrided(MemorySegment data, long first, long stride, int count) {
        int i = 0;
        while (i < count) {
            int run = texts.last() == null ? 0 : repeats(data, first + i * stride + offset, stride, count - i);
            texts.appendLast(run);
            i += run;
            if (i < count) {
                long at = first + i++ * stride + offset;
                sameBytesAsPrevious(data, at);   // keeps its bytes
                appendChanged(data, at);
            }
        }
    }

    /** How many of the (at most {@code max}) fields from {@code at}, {@code stride} apart, hold the previous row's bytes. */
    private int repeats(MemorySegment data, long at, long stride, int max) {
        int n = 0;
        if (length == 2 * Long.BYTES) {   // a comm, char[16]: the text most events carry
            long low = previousBytes[0];
            long high = previousBytes[1];
            while (n < max && data.get(JAVA_LONG_UNALIGNED, at + n * stride) == low && data.get(JAVA_LONG_UNALIGNED, at + n * stride + 8) == high) n++;
            return n;
        }
        while (n < max && sameBytesAsPrevious(data, at + n * stride)) n++;
        return n;
    }

    /** Appends a field whose bytes differ from the previous row's (the text may still be the same). */
    private void appendChanged(MemorySegment data, long at) {
        String text = cache.text(data, at, scratch);
        if (text == texts.last()) texts.appendLast(1);
        else texts.append(text);
    }

    /** Compares the field's raw bytes (after the NUL too) with the previous row's, and keeps them for the next row. */
    private boolean sameBytesAsPrevious(MemorySegment data, long at) {
        boolean same = true;
        for (int i = 0, w = 0; i < length; i += 8, w++) {
            long word = i + 8 <= length ? data.get(JAVA_LONG_UNALIGNED, at + i) : TextCache.tail(data, at + i, length - i);
            same &= word == previousBytes[w];
            previousBytes[w] = word;
        }
        return same;
    }
}
