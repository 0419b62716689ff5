package io.tracebook.bpf.table;

import io.tracebook.bpf.btf.Btf;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Rows of a BPF map: the key's columns, then the value's. A scalar key is column {@code key}, a
 * scalar value column {@code value}; a struct gives one column per field. When a key field and a
 * value field share a name, the fields of the struct side(s) are prefixed with {@code key.} / {@code value.}.
 */
public final class MapTable {
    private final RowDecoder key;
    private final RowDecoder value;

    private MapTable(RowDecoder key, RowDecoder value) {
        this.key = key;
        this.value = value;
    }

    /** Decodes entries whose key has BTF type {@code keyTypeId} and whose value has {@code valueTypeId}. */
    public static MapTable of(Btf btf, int keyTypeId, int valueTypeId) {
        RowDecoder key = RowDecoder.of(btf, keyTypeId, "key");
        RowDecoder value = RowDecoder.of(btf, valueTypeId, "value");
        Set<String> keyNames = new HashSet<>(key.columnNames());
        if (value.columnNames().stream().anyMatch(keyNames::contains)) {
            key = key.prefixedIfComposite("key.");
            value = value.prefixedIfComposite("value.");
        }
        return new MapTable(key, value);
    }

    public RowDecoder key() {
        return key;
    }

    public RowDecoder value() {
        return value;
    }

    public List<String> columnNames() {
        List<String> names = new ArrayList<>(key.columnNames());
        names.addAll(value.columnNames());
        return names;
    }

    /** An empty table with the key's columns, then the value's. */
    public Table newTable(String tableName) {
        List<Column<?>> columns = new ArrayList<>(key.newColumns());
        columns.addAll(value.newColumns());
        return Table.create(tableName, columns);
    }

    /** A sink appending entries to {@code table} (from {@link #newTable}). */
    public Sink sinkFor(Table table) {
        return new Sink(key.sinkFor(table), value.sinkFor(table));
    }

    /** Appends map entries as rows; allocates nothing but text. */
    public static final class Sink {
        private final RowDecoder.Sink key;
        private final RowDecoder.Sink value;

        private Sink(RowDecoder.Sink key, RowDecoder.Sink value) {
            this.key = key;
            this.value = value;
        }

        public Table table() {
            return key.table();
        }

        /** Makes room for {@code rows} more rows in the table's number columns at once. */
        public void reserve(int rows) {
            key.reserve(rows);
            value.reserve(rows);
        }

        /** Appends one entry: the key at {@code keyOffset} of {@code keys}, the value at {@code valueOffset} of {@code values}. */
        public void append(MemorySegment keys, long keyOffset, MemorySegment values, long valueOffset) {
            RowDecoder.checkFits(values, valueOffset, value.size(), value.typeName());
            key.append(keys, keyOffset);
            value.append(values, valueOffset);
        }
    }
}
