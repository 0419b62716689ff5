package io.tracebook.bpf.decode;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import io.tracebook.bpf.error.BpfException;
import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.columns.Column;

/** {@code __int128} and {@code unsigned __int128}, which no Tablesaw number column holds, as decimal text. */
record Int128Codec(boolean signed) implements LeafCodec {
    private static final BigInteger TWO_TO_128 = BigInteger.ONE.shiftLeft(128);

    @Override
    public ColumnType columnType() {
        return ColumnType.STRING;
    }

    @Override
    public long byteSize() {
        return 16;
    }

    @Override
    public FieldAppender appender(Column<?> column, long offset) {
        StringColumn c = (StringColumn) column;
        return (data, base) -> c.append(value(data, base + offset).toString());
    }

    @Override
    public Object read(MemorySegment data, long at) {
        return value(data, at).toString();
    }

    private BigInteger value(MemorySegment data, long at) {
        long low = data.get(JAVA_LONG_UNALIGNED, at);
        long high = data.get(JAVA_LONG_UNALIGNED, at + 8);
        BigInteger v = BigInteger.valueOf(high).shiftLeft(64).or(new BigInteger(Long.toUnsignedString(low)));
        return !signed && v.signum() < 0 ? v.add(TWO_TO_128) : v;
    }

    @Override
    public void write(MemorySegment data, long at, Object value, String field) {
        BigInteger v = switch (value) {
            case BigInteger big -> big;
            case Long l -> BigInteger.valueOf(l);
            case Integer i -> BigInteger.valueOf(i);
            case String s when s.matches("-?\\d+") -> new BigInteger(s);
            case null, default -> throw new BpfException(field
                    + " is a 128-bit integer: pass a BigInteger, Long or decimal String, not " + value);
        };
        boolean fits = signed ? v.bitLength() <= 127 : v.signum() >= 0 && v.bitLength() <= 128;
        if (!fits) {
            throw new BpfException(v + " does not fit " + field);
        }
        data.set(JAVA_LONG_UNALIGNED, at, v.longValue());
        data.set(JAVA_LONG_UNALIGNED, at + 8, v.shiftRight(64).longValue());
    }
}
