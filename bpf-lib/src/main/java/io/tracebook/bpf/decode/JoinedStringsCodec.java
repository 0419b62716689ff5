package io.tracebook.bpf.decode;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import io.tracebook.bpf.error.BpfException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.columns.Column;

/**
 * A {@code char[N]} holding several NUL-terminated strings one after the other, as programs copy a process's argv
 * (libbpf-tools' execsnoop): decoded whole, the strings separated by spaces ({@code ls -la /tmp}). With a field
 * that holds the strings' byte count ({@code countBits}, {@code countDelta} bytes from this field's start: negative
 * when it comes first), exactly those bytes are read; without one, the field up to its last NUL, and empty strings
 * at the end (the zeros after the last string) are left out.
 */
record JoinedStringsCodec(int length, IntegerBits countBits, long countDelta) implements LeafCodec {

    /** Without a byte count field. */
    JoinedStringsCodec(int length) {
        this(length, null, 0);
    }

    @Override
    public ColumnType columnType() {
        return ColumnType.STRING;
    }

    @Override
    public long byteSize() {
        return length;
    }

    @Override
    public FieldAppender appender(Column<?> column, long offset) {
        StringColumn c = (StringColumn) column;
        return (data, base) -> c.append(decode(data, base + offset));
    }

    @Override
    public Object read(MemorySegment data, long at) {
        return decode(data, at);
    }

    private String decode(MemorySegment data, long at) {
        int bytes = countBits == null ? length : (int) Math.clamp(countBits.get(data, at + countDelta), 0, length);
        byte[] raw = new byte[bytes];
        MemorySegment.copy(data, JAVA_BYTE, at, raw, 0, bytes);
        List<String> strings = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes; i++) {
            if (raw[i] == 0) {
                strings.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (countBits != null && start < bytes) strings.add(new String(raw, start, bytes - start, StandardCharsets.UTF_8));
        while (countBits == null && !strings.isEmpty() && strings.getLast().isEmpty()) strings.removeLast();
        return String.join(" ", strings);
    }

    @Override
    public void write(MemorySegment data, long at, Object value, String field) {
        throw new BpfException(field + " is decoded as several strings joined; it cannot be written");
    }
}
