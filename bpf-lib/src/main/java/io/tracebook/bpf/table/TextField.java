package io.tracebook.bpf.table;

import java.lang.foreign.MemorySegment;
import tech.tablesaw.api.StringColumn;

/** Appends a {@code char[N]} field to a StringColumn through its codec's {@link TextCache}; serves one table, filled by one thread. */
final class TextField implements FieldAppender {
    private final StringColumn column;
    private final long offset;
    private final TextCache cache;
    private final long[] scratch;

    TextField(StringColumn column, long offset, TextCache cache) {
        this.column = column;
        this.offset = offset;
        this.cache = cache;
        this.scratch = new long[cache.wordCount()];
    }

    @Override
    public void append(MemorySegment data, long base) {
        column.append(cache.text(data, base + offset, scratch));
    }
}
