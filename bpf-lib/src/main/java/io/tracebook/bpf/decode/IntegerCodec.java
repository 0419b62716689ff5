package io.tracebook.bpf.decode;

import io.tracebook.bpf.error.BpfException;
import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.columns.Column;

/**
 * Integers, bools, enums and pointers, whole or as bit fields. The column follows the declared C type:
 * s8..s32, u8, u16 → IntColumn; u32, s64, u64, pointers → LongColumn (a u64 above 2^63 reads as a
 * negative long); bool → BooleanColumn; enum → StringColumn with the enumerator's name.
 */
record IntegerCodec(IntegerBits bits, Shape shape, EnumNames enumNames) implements LeafCodec {

    enum Shape { INT, LONG, BOOL, ENUM }

    /** The column shape of a plain integer of this declared size and signedness. */
    static Shape numberShape(int declaredSize, boolean signed) {
        return declaredSize < 4 || (declaredSize == 4 && signed) ? Shape.INT : Shape.LONG;
    }

    @Override
    public ColumnType columnType() {
        return switch (shape) {
            case INT -> ColumnType.INTEGER;
            case LONG -> ColumnType.LONG;
            case BOOL -> ColumnType.BOOLEAN;
            case ENUM -> ColumnType.STRING;
        };
    }

    @Override
    public long byteSize() {
        return bits.byteSize();
    }

    /** A whole 8-byte integer or pointer into a LongColumn. */
    boolean isWholeLong() {
        return shape == Shape.LONG && bits.isWhole() && bits.byteSize() == 8;
    }

    /** A whole u32 into a LongColumn. */
    boolean isWholeUnsignedInt() {
        return shape == Shape.LONG && bits.isWhole() && bits.byteSize() == 4 && !bits.signed();
    }

    /** A whole s32 into an IntColumn. */
    boolean isWholeSignedInt() {
        return shape == Shape.INT && bits.isWhole() && bits.byteSize() == 4;
    }

    @Override
    public FieldAppender appender(Column<?> column, long offset) {
        IntegerBits b = bits;
        return switch (shape) {
            case INT -> {
                IntColumn c = (IntColumn) column;
                yield (data, base) -> c.append((int) b.get(data, base + offset));
            }
            case LONG -> {
                LongColumn c = (LongColumn) column;
                yield (data, base) -> c.append(b.get(data, base + offset));
            }
            case BOOL -> {
                BooleanColumn c = (BooleanColumn) column;
                yield (data, base) -> c.append(b.get(data, base + offset) != 0);
            }
            case ENUM -> {
                StringColumn c = (StringColumn) column;
                EnumNames n = enumNames;
                yield (data, base) -> c.append(n.name(b.get(data, base + offset)));
            }
        };
    }

    @Override
    public Object read(MemorySegment data, long at) {
        long v = bits.get(data, at);
        return switch (shape) {
            case INT -> (int) v;
            case LONG -> v;
            case BOOL -> v != 0;
            case ENUM -> enumNames.name(v);
        };
    }

    @Override
    public void write(MemorySegment data, long at, Object value, String field) {
        bits.set(data, at, toStorable(value, field));
    }

    private long toStorable(Object value, String field) {
        if (shape == Shape.BOOL) {
            if (value instanceof Boolean b) {
                return b ? 1 : 0;
            }
            throw new BpfException(field + " is a bool: pass true or false, not " + show(value));
        }
        if (shape == Shape.ENUM && value instanceof String name) {
            Long v = enumNames.value(name);
            if (v == null) {
                throw new BpfException(field + " has no enumerator " + name + "; it has "
                        + String.join(", ", enumNames.allNames()));
            }
            return v;
        }
        long v = integral(value, field);
        if (!bits.fits(v)) {
            throw new BpfException(show(value) + " does not fit " + field + ", which holds "
                    + range());
        }
        return v;
    }

    private long integral(Object value, String field) {
        return switch (value) {
            case Byte b -> b;
            case Short s -> s;
            case Integer i -> i;
            case Long l -> l;
            case BigInteger big when big.bitLength() <= 63 -> big.longValue();
            case BigInteger big when !bits.signed() && bits.width() == 64 && big.signum() > 0 && big.bitLength() == 64 ->
                    big.longValue();
            case BigInteger big -> throw new BpfException(big + " does not fit " + field
                    + ", which holds " + range());
            default -> throw new BpfException(field + " is an integer"
                    + (shape == Shape.ENUM ? " enum: pass an enumerator name or a number" : ": pass an Integer or Long")
                    + ", not " + show(value));
        };
    }

    private String range() {
        return bits.signed()
                ? bits.min() + ".." + bits.max()
                : "0.." + Long.toUnsignedString(bits.max());
    }

    private static String show(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
    }
}
