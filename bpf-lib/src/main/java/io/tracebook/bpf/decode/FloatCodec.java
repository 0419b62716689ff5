package io.tracebook.bpf.decode;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;

import io.tracebook.bpf.error.BpfException;
import java.lang.foreign.MemorySegment;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.columns.Column;

/** float and double, both into a DoubleColumn. */
record FloatCodec(int size) implements LeafCodec {

    @Override
    public ColumnType columnType() {
        return ColumnType.DOUBLE;
    }

    @Override
    public long byteSize() {
        return size;
    }

    @Override
    public FieldAppender appender(Column<?> column, long offset) {
        DoubleColumn c = (DoubleColumn) column;
        return size == 4
                ? (data, base) -> c.append(data.get(JAVA_FLOAT_UNALIGNED, base + offset))
                : (data, base) -> c.append(data.get(JAVA_DOUBLE_UNALIGNED, base + offset));
    }

    @Override
    public Object read(MemorySegment data, long at) {
        return size == 4 ? (double) data.get(JAVA_FLOAT_UNALIGNED, at) : data.get(JAVA_DOUBLE_UNALIGNED, at);
    }

    @Override
    public void write(MemorySegment data, long at, Object value, String field) {
        if (!(value instanceof Number n)) {
            throw new BpfException(field + " is a floating-point number: pass a Double, not "
                    + (value == null ? "null" : value.getClass().getSimpleName() + " " + value));
        }
        if (size == 4) {
            data.set(JAVA_FLOAT_UNALIGNED, at, n.floatValue());
        } else {
            data.set(JAVA_DOUBLE_UNALIGNED, at, n.doubleValue());
        }
    }
}
