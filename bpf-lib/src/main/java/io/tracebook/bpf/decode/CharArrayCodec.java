package io.tracebook.bpf.decode;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import io.tracebook.bpf.error.BpfException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.columns.Column;

/** {@code char[N]} as UTF-8 text up to the first NUL (all N bytes when there is none). */
final class CharArrayCodec implements LeafCodec {
    private final int length;
    private final TextCache cache;

    CharArrayCodec(int length) {
        this.length = length;
        this.cache = new TextCache(length);
    }

    @Override
    public ColumnType columnType() {
        return ColumnType.STRING;
    }

    @Override
    public long byteSize() {
        return length;
    }

    /** The field's capacity in bytes. */
    int length() {
        return length;
    }

    @Override
    public TextField appender(Column<?> column, long offset) {
        return new TextField((StringColumn) column, offset, cache, length);
    }

    @Override
    public Object read(MemorySegment data, long at) {
        return decode(data, at, length);
    }

    static String decode(MemorySegment data, long at, int length) {
        byte[] bytes = new byte[length];
        MemorySegment.copy(data, JAVA_BYTE, at, bytes, 0, length);
        int end = 0;
        while (end < length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    @Override
    public void write(MemorySegment data, long at, Object value, String field) {
        if (!(value instanceof CharSequence text)) {
            throw new BpfException(field + " is text: pass a String, not "
                    + (value == null ? "null" : value.getClass().getSimpleName() + " " + value));
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > length) {
            throw new BpfException("\"" + text + "\" is " + bytes.length + " bytes in UTF-8 and does not fit "
                    + field + ", which holds " + length + " bytes");
        }
        MemorySegment target = data.asSlice(at, length);
        target.fill((byte) 0);
        MemorySegment.copy(bytes, 0, target, JAVA_BYTE, 0, bytes.length);
    }
}
