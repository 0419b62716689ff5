package io.tracebook.bpf.table;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.columns.Column;

/** {@code char[N]} as UTF-8 text up to the first NUL (all N bytes when there is none). */
record CharArrayCodec(int length) implements LeafCodec {

    @Override
    public ColumnType columnType() {
        return ColumnType.STRING;
    }

    @Override
    public FieldAppender appender(Column<?> column, long offset) {
        StringColumn c = (StringColumn) column;
        // One scratch buffer per appender: an appender serves one table, which one thread fills.
        byte[] scratch = new byte[length];
        return (data, base) -> c.append(text(data, base + offset, scratch));
    }

    @Override
    public Object read(MemorySegment data, long at) {
        return text(data, at, new byte[length]);
    }

    private String text(MemorySegment data, long at, byte[] scratch) {
        MemorySegment.copy(data, JAVA_BYTE, at, scratch, 0, length);
        int end = 0;
        while (end < length && scratch[end] != 0) {
            end++;
        }
        return new String(scratch, 0, end, StandardCharsets.UTF_8);
    }

    @Override
    public void write(MemorySegment data, long at, Object value, String field) {
        if (!(value instanceof CharSequence text)) {
            throw new IllegalArgumentException(field + " is text: pass a String, not "
                    + (value == null ? "null" : value.getClass().getSimpleName() + " " + value));
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > length) {
            throw new IllegalArgumentException("\"" + text + "\" is " + bytes.length + " bytes in UTF-8 and does not fit "
                    + field + ", which holds " + length + " bytes");
        }
        MemorySegment target = data.asSlice(at, length);
        target.fill((byte) 0);
        MemorySegment.copy(bytes, 0, target, JAVA_BYTE, 0, bytes.length);
    }
}
