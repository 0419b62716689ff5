package io.tracebook.bpf.record;

import io.tracebook.bpf.error.BpfException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values {@code Recorded.value} keeps, as tagged bytes: null, String, Long, Integer, Double, Boolean, Path,
 * byte[], long[], and Lists and Maps (String keys) of these. A fixed set of plain types, so that reading a recording
 * never creates objects of classes the file names.
 */
final class ValueCodec {
    private static final int NULL = 0;
    private static final int STRING = 1;
    private static final int LONG = 2;
    private static final int INTEGER = 3;
    private static final int DOUBLE = 4;
    private static final int BOOLEAN = 5;
    private static final int PATH = 6;
    private static final int BYTES = 7;
    private static final int LONGS = 8;
    private static final int LIST = 9;
    private static final int MAP = 10;
    private static final int MAX_DEPTH = 32;

    private ValueCodec() {
    }

    /** The bytes of {@code value}; a type outside the set fails, naming {@code name}. */
    static byte[] encode(String name, Object value) {
        RecordBuffer out = new RecordBuffer(64);
        write(out, name, value);
        return Arrays.copyOf(out.array(), out.size());
    }

    private static void write(RecordBuffer out, String name, Object value) {
        switch (value) {
            case null -> out.putByte(NULL);
            case String s -> {
                out.putByte(STRING);
                out.putString(s);
            }
            case Long l -> {
                out.putByte(LONG);
                out.putLong(l);
            }
            case Integer i -> {
                out.putByte(INTEGER);
                out.putInt(i);
            }
            case Double d -> {
                out.putByte(DOUBLE);
                out.putLong(Double.doubleToRawLongBits(d));
            }
            case Boolean b -> {
                out.putByte(BOOLEAN);
                out.putByte(b ? 1 : 0);
            }
            case Path p -> {
                out.putByte(PATH);
                out.putString(p.toString());
            }
            case byte[] b -> {
                out.putByte(BYTES);
                out.putBlob(b);
            }
            case long[] longs -> {
                out.putByte(LONGS);
                out.putInt(longs.length);
                for (long l : longs) out.putLong(l);
            }
            case List<?> list -> {
                out.putByte(LIST);
                out.putInt(list.size());
                for (Object element : list) write(out, name, element);
            }
            case Map<?, ?> map -> {
                out.putByte(MAP);
                out.putInt(map.size());
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw new BpfException("Recorded.value(\"" + name + "\") returned a Map with a " + typeOf(e.getKey())
                                + " key: a recording keeps Maps with String keys");
                    }
                    out.putString(key);
                    write(out, name, e.getValue());
                }
            }
            default -> throw new BpfException("Recorded.value(\"" + name + "\") returned a " + typeOf(value) + ": a recording keeps "
                    + "String, Long, Integer, Double, Boolean, Path, byte[], long[], and Lists and Maps (String keys) of these; "
                    + "return one of those (e.g. its toString())");
        }
    }

    static Object decode(byte[] bytes) {
        RecordInput in = new RecordInput(bytes, 0, bytes.length);
        Object value = read(in, 0);
        if (in.hasMore()) throw new RecordInput.Corrupt("bytes after the end of a recorded value");
        return value;
    }

    private static Object read(RecordInput in, int depth) {
        if (depth > MAX_DEPTH) throw new RecordInput.Corrupt("a recorded value nested deeper than " + MAX_DEPTH);
        int tag = in.getByte();
        return switch (tag) {
            case NULL -> null;
            case STRING -> in.getString();
            case LONG -> in.getLong();
            case INTEGER -> in.getInt();
            case DOUBLE -> Double.longBitsToDouble(in.getLong());
            case BOOLEAN -> in.getByte() != 0;
            case PATH -> Path.of(in.getString());
            case BYTES -> in.getBlob();
            case LONGS -> {
                long[] longs = new long[in.getCount(Long.BYTES)];
                for (int i = 0; i < longs.length; i++) longs[i] = in.getLong();
                yield longs;
            }
            case LIST -> {
                int n = in.getCount(1);
                List<Object> list = new ArrayList<>();
                for (int i = 0; i < n; i++) list.add(read(in, depth + 1));
                yield list;
            }
            case MAP -> {
                int n = in.getCount(1);
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) map.put(in.getString(), read(in, depth + 1));
                yield map;
            }
            default -> throw new RecordInput.Corrupt("an unknown kind of recorded value " + tag);
        };
    }

    private static String typeOf(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }
}
