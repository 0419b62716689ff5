package io.tracebook.bpf.decode;

import java.lang.foreign.MemorySegment;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.columns.Column;

/** How the bytes of one leaf field become a column value and a Java value, and back. */
sealed interface LeafCodec permits IntegerCodec, FloatCodec, CharArrayCodec, Int128Codec, JoinedStringsCodec {

    ColumnType columnType();

    /** Bytes the field spans from its offset (a bit field: the bytes holding its bits). */
    long byteSize();

    /** An appender reading the field at {@code offset} from a record's start into {@code column} (of {@link #columnType()}). */
    FieldAppender appender(Column<?> column, long offset);

    Object read(MemorySegment data, long at);

    /** Stores {@code value}; {@code field} names the field in error messages, e.g. "field pid (u32)". */
    void write(MemorySegment data, long at, Object value, String field);
}
