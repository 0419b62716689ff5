package io.tracebook.bpf.decode;

import io.tracebook.bpf.btf.Btf;
import io.tracebook.bpf.error.BpfException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Decodes values of one BTF type (an event struct, a map key or value, a global) into Tablesaw
 * rows, one column per leaf field. Build it once per type and reuse it for every record.
 *
 * <p>Columns: s8, s16, s32, u8, u16 → IntColumn; u32, s64, u64 and pointers → LongColumn (a u64
 * above 2^63 wraps to a negative long); bool → BooleanColumn; enum → StringColumn holding the
 * enumerator's name (its number as text for values without a name); float and double →
 * DoubleColumn; {@code char[N]} → StringColumn up to the first NUL. Nested structs and unions are
 * flattened into dotted names ({@code in.a}), arrays into {@code arr[0]}, {@code arr[1]}...;
 * bit fields decode like their declared type. Data is read in the host's byte order.
 *
 * <p>Immutable and thread-safe; a {@link Sink} is not (neither is the Table it fills).
 */
public final class StructCodec {
    private final String typeName;
    private final long size;
    private final boolean record;
    private final boolean composite;
    private final List<Leaf> leaves;
    private final Map<String, Leaf> leavesByName = new HashMap<>();
    private volatile Sink lastSink;

    private StructCodec(String typeName, long size, boolean record, boolean composite, List<Leaf> leaves) {
        this.typeName = typeName;
        this.size = size;
        this.record = record;
        this.composite = composite;
        this.leaves = leaves;
        for (Leaf leaf : leaves) {
            leavesByName.put(leaf.name(), leaf);
        }
    }

    /**
     * A decoder for values of {@code typeId}. A struct or union gives a column per leaf field, an array
     * of anything but char the columns {@code nameForScalar[0]}, {@code nameForScalar[1]}...; any other
     * type (including {@code char[N]}) one column named {@code nameForScalar}.
     */
    public static StructCodec of(Btf btf, int typeId, String nameForScalar) {
        if (nameForScalar == null || nameForScalar.isBlank()) {
            throw new BpfException("nameForScalar must name the column of a non-struct value, e.g. \"value\"");
        }
        List<Leaf> leaves = Flattener.flatten(btf, typeId, nameForScalar);
        return new StructCodec(btf.typeName(typeId), btf.sizeOf(typeId), Flattener.isRecord(btf, typeId),
                Flattener.isComposite(btf, typeId), leaves);
    }

    /**
     * The same decoder with {@code prefix} before every column name of a struct or union; other types
     * keep their names, which already start with the name given for them.
     */
    StructCodec prefixedIfComposite(String prefix) {
        if (!composite) {
            return this;
        }
        return new StructCodec(typeName, size, record, true,
                leaves.stream().map(l -> l.renamed(prefix + l.name())).toList());
    }

    /**
     * The same decoder with {@code field}, a {@code char[N]}, read as several NUL-terminated strings joined by spaces
     * (see {@link JoinedStringsCodec}); {@code countField}, when not null, is the integer field holding their byte count.
     */
    public StructCodec withJoinedStrings(String field, String countField) {
        Leaf text = leavesByName.get(field);
        if (text == null || !(text.codec() instanceof CharArrayCodec chars)) {
            throw new BpfException(typeName + " has no char[] field " + field + Fields.listed(" to read as strings; its text fields are ",
                    leaves.stream().filter(l -> l.codec() instanceof CharArrayCodec).map(Leaf::name).toList()));
        }
        JoinedStringsCodec joined = new JoinedStringsCodec(chars.length());
        if (countField != null) {
            Leaf count = leavesByName.get(countField);
            if (count == null || !(count.codec() instanceof IntegerCodec c) || c.shape() == IntegerCodec.Shape.ENUM
                    || c.shape() == IntegerCodec.Shape.BOOL) {
                throw new BpfException(typeName + " has no integer field " + countField + " to hold the byte count of " + field);
            }
            joined = new JoinedStringsCodec(chars.length(), c.bits(), count.offset() - text.offset());
        }
        Leaf replaced = new Leaf(text.name(), text.offset(), joined, text.cType());
        return new StructCodec(typeName, size, record, composite, leaves.stream().map(l -> l == text ? replaced : l).toList());
    }

    /**
     * Why a record of {@code bytes} bytes, shorter than the struct, does not decode: it ends inside a field that is
     * not text. Empty when it decodes, its fields past the end missing: records may be shorter on purpose (programs
     * send a struct up to the end of a text they filled, as execsnoop does with its argv).
     */
    public Optional<String> cutShort(long bytes) {
        if (bytes <= 0) return Optional.of("it is empty");
        for (Leaf leaf : leaves) {
            long end = leaf.offset() + leaf.codec().byteSize();
            boolean text = leaf.codec() instanceof CharArrayCodec || leaf.codec() instanceof JoinedStringsCodec;
            if (leaf.offset() < bytes && bytes < end && !text) {
                return Optional.of("its " + bytes + " bytes end inside " + leaf.describe() + ", bytes " + leaf.offset() + " to " + end);
            }
        }
        return Optional.empty();
    }

    /** Byte size of one decoded value. */
    public long size() {
        return size;
    }

    /** The C type decoded, e.g. "struct event". */
    public String typeName() {
        return typeName;
    }

    public List<String> columnNames() {
        return leaves.stream().map(Leaf::name).toList();
    }

    List<Column<?>> newColumns() {
        List<Column<?>> columns = new ArrayList<>(leaves.size());
        for (Leaf leaf : leaves) {
            columns.add(leaf.codec().columnType().create(leaf.name()));
        }
        return columns;
    }

    /** An empty table with one column per field, of the types this decoder appends. */
    public Table newTable(String tableName) {
        return Table.create(tableName, newColumns());
    }

    /**
     * A sink appending rows to {@code table}'s columns of the same names (the table typically comes
     * from {@link #newTable}; it may have further columns, which the sink leaves alone).
     */
    public Sink sinkFor(Table table) {
        Map<String, Column<?>> columns = new HashMap<>();
        for (Column<?> c : table.columns()) {
            columns.put(c.name(), c);
        }
        List<Column<?>> bound = new ArrayList<>(leaves.size());
        for (Leaf leaf : leaves) {
            bound.add(columnFor(table, columns.get(leaf.name()), leaf));
        }
        return new Sink(table, BoundFields.of(leaves, bound), size, typeName, leaves, bound);
    }

    private static Column<?> columnFor(Table table, Column<?> column, Leaf leaf) {
        if (column == null) {
            throw new BpfException("table " + table.name() + " has no column " + leaf.name()
                    + " for " + leaf.describe() + "; create the table with newTable()");
        }
        if (!column.type().equals(leaf.codec().columnType())) {
            throw new BpfException("column " + leaf.name() + " of table " + table.name() + " is "
                    + column.type().name() + " but " + leaf.describe() + " needs " + leaf.codec().columnType().name()
                    + "; create the table with newTable()");
        }
        return column;
    }

    /**
     * Appends the value at {@code offset} in {@code data} as one row of {@code table}. Reuses the sink
     * of the previous call when the table is the same; hold a {@link #sinkFor} sink to skip even that check.
     */
    public void appendTo(Table table, MemorySegment data, long offset) {
        Sink sink = lastSink;
        if (sink == null || sink.table != table) {
            sink = sinkFor(table);
            lastSink = sink;
        }
        sink.append(data, offset);
    }

    /**
     * The value at {@code offset} as a Java object: Integer, Long, Boolean, String or Double for a
     * single value; for a struct, union or array a map from column name to such objects, in column order.
     */
    public Object read(MemorySegment data, long offset) {
        checkFits(data, offset, size, typeName);
        if (!record) {
            return leaves.getFirst().codec().read(data, offset);
        }
        Map<String, Object> row = new LinkedHashMap<>();
        for (Leaf leaf : leaves) {
            row.put(leaf.name(), leaf.codec().read(data, offset + leaf.offset()));
        }
        return row;
    }

    /**
     * Stores {@code value} at {@code offset}: the inverse of {@link #read}. For a record, a map from
     * column names to values; fields the map leaves out keep their bytes. For an array, a List or a Java
     * array (of Maps for an array of structs, of Lists for an array of arrays), as C initializes one: the
     * elements it leaves out are zero. Integers are range-checked against their C type (a u64 takes any
     * long: negative means above 2^63); enums take a name or a number.
     */
    public void write(MemorySegment data, long offset, Object value) {
        checkFits(data, offset, size, typeName);
        if (!record) {
            Leaf leaf = leaves.getFirst();
            leaf.codec().write(data, offset, value, leaf.describe());
            return;
        }
        List<?> elements = elements(value);
        if (!composite && elements != null) {
            writeArray(data, offset, elements);
            return;
        }
        if (!(value instanceof Map<?, ?> fields)) {
            throw new BpfException(typeName + (composite ? " has several fields: pass a Map from field name to value"
                    : " is an array: pass a List or a Java array") + Fields.listed(", for ", columnNames()));
        }
        Map<String, Object> flat = new LinkedHashMap<>();
        fields.forEach((field, v) -> flatten(String.valueOf(field), v, flat));
        writeFields(data, offset, flat);
    }

    private void writeFields(MemorySegment data, long offset, Map<String, Object> fields) {
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            Leaf leaf = leavesByName.get(e.getKey());
            if (leaf == null) {
                throw new BpfException(typeName + " has no field " + e.getKey() + Fields.listed("; its fields are ", columnNames()));
            }
            leaf.codec().write(data, offset + leaf.offset(), e.getValue(), leaf.describe());
        }
    }

    /** An array's elements, zero past the last one given: its leaves are name[0]..., name[0].field..., name[0][1]... */
    private void writeArray(MemorySegment data, long offset, List<?> elements) {
        String name = leaves.getFirst().name().substring(0, leaves.getFirst().name().indexOf('['));
        long length = leaves.stream().filter(l -> l.name().startsWith(name + "[")).map(l -> l.name().substring(name.length() + 1))
                .mapToLong(rest -> Long.parseLong(rest.substring(0, rest.indexOf(']')))).max().orElse(-1) + 1;
        if (elements.size() > length) {
            throw new BpfException(typeName + " holds " + length + " elements, so " + elements.size() + " do not fit " + name);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        flatten(name, elements, fields);
        data.asSlice(offset, size).fill((byte) 0);
        writeFields(data, offset, fields);
    }

    /** Lists, arrays and maps as the flat column names of their leaves: a[1].b, a[2][0]. */
    private static void flatten(String path, Object value, Map<String, Object> into) {
        List<?> elements = elements(value);
        if (elements != null) {
            for (int i = 0; i < elements.size(); i++) flatten(path + "[" + i + "]", elements.get(i), into);
        } else if (value instanceof Map<?, ?> fields) {
            fields.forEach((k, v) -> flatten(path + "." + k, v, into));
        } else {
            into.put(path, value);
        }
    }

    /** A List or a Java array (of primitives too) as a List; null for anything else. */
    private static List<?> elements(Object value) {
        if (value instanceof List<?> list) return list;
        if (value == null || !value.getClass().isArray()) return null;
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < java.lang.reflect.Array.getLength(value); i++) list.add(java.lang.reflect.Array.get(value, i));
        return list;
    }

    static void checkFits(MemorySegment data, long offset, long size, String typeName) {
        if (offset < 0 || data.byteSize() - offset < size) {
            throw new BpfException("cannot decode " + typeName + " (" + size + " bytes) at offset " + offset
                    + " of " + data.byteSize() + " bytes of data: the data is shorter than the BTF type says. "
                    + "Is the map or buffer declared with a different type than the one decoded?");
        }
    }

    /**
     * Appends rows to the columns of one table; holds no state per row, allocates nothing but text not
     * seen before (a cache per text field gives back the String decoded from the same bytes earlier).
     */
    public static final class Sink {
        private final Table table;
        private final BoundFields fields;
        private final long size;
        private final String typeName;
        private final List<Leaf> leaves;
        private final List<Column<?>> columns;
        /** A whole record's room, for a short record made whole with zeros. */
        private MemorySegment padded;

        private Sink(Table table, BoundFields fields, long size, String typeName, List<Leaf> leaves, List<Column<?>> columns) {
            this.table = table;
            this.fields = fields;
            this.size = size;
            this.typeName = typeName;
            this.leaves = leaves;
            this.columns = columns;
        }

        public Table table() {
            return table;
        }

        /** Bytes of one whole record. */
        public long size() {
            return size;
        }

        String typeName() {
            return typeName;
        }

        /** Appends the value at {@code offset} in {@code data} as one row. */
        public void append(MemorySegment data, long offset) {
            checkFits(data, offset, size, typeName);
            fields.append(data, offset);
        }

        /**
         * Appends a record of {@code bytes} bytes, fewer than the struct's, as one row: the fields it holds decode,
         * a text field it ends in decodes up to its end, the fields after its end are missing. Check with
         * {@link #cutShort} first that it does not end inside another field.
         */
        public void appendShort(MemorySegment data, long offset, long bytes) {
            if (padded == null) padded = Arena.ofAuto().allocate(Math.max(1, size), 8);
            padded.fill((byte) 0);
            MemorySegment.copy(data, offset, padded, 0, bytes);
            fields.append(padded, 0);
            int row = table.rowCount() - 1;
            for (int i = 0; i < leaves.size(); i++) {
                if (leaves.get(i).offset() >= bytes) columns.get(i).setMissing(row);
            }
        }

        /**
         * Appends the values at {@code offsets[0..count)} in {@code data} as rows, a field at a time:
         * the same rows as {@link #append} per offset, in far less time for a big batch.
         */
        public void appendBatch(MemorySegment data, long[] offsets, int count) {
            long last = 0;
            for (int i = 0; i < count; i++) {
                if (offsets[i] < 0) checkFits(data, offsets[i], size, typeName);
                last = Math.max(last, offsets[i]);
            }
            if (count > 0) checkFits(data, last, size, typeName);
            fields.appendBatch(data, offsets, count);
        }

        /**
         * Appends {@code count} values {@code stride} bytes apart from {@code offset} of {@code data} as rows:
         * {@link #appendBatch}'s rows, a record's place computed rather than loaded.
         */
        public void appendStrided(MemorySegment data, long offset, long stride, int count) {
            if (count == 0) return;
            checkFits(data, offset, size, typeName);
            checkFits(data, offset + (count - 1) * stride, size, typeName);
            fields.appendStrided(data, offset, stride, count);
        }

        /**
         * Makes room for {@code rows} more rows in the table's number columns at once, so that appending
         * them copies no column (a column grown row by row is copied over and over as it doubles).
         */
        public void reserve(int rows) {
            fields.reserve(rows);
        }
    }
}
