package io.tracebook.bpf.decode;

import io.tracebook.bpf.btf.Btf;
import io.tracebook.bpf.error.BpfException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Rows of a BPF map: the key's columns, then the value's. A scalar key is column {@code key}, a
 * scalar value column {@code value}; a struct gives one column per field. When a key field and a
 * value field share a name, the fields of the struct side(s) are prefixed with {@code key.} / {@code value.}.
 *
 * <p>A per-CPU map gives one row per entry and CPU, with the CPU's number in a last column
 * {@link #CPU_COLUMN}. A key or value field of that name is prefixed the same way: a value
 * {@code struct { u64 count; u32 cpu; }} gives the columns {@code value.count}, {@code value.cpu}, {@code cpu}.
 */
public final class MapTable {
    /** The column of a per-CPU map's rows that holds the CPU the row's value belongs to. */
    public static final String CPU_COLUMN = "cpu";

    private final StructCodec key;
    private final StructCodec value;
    private final int cpus;

    private MapTable(StructCodec key, StructCodec value, int cpus) {
        this.key = key;
        this.value = value;
        this.cpus = cpus;
    }

    /** Decodes entries whose key has BTF type {@code keyTypeId} and whose value has {@code valueTypeId}. */
    public static MapTable of(Btf btf, int keyTypeId, int valueTypeId) {
        return layout(btf, keyTypeId, valueTypeId, 0);
    }

    /**
     * Decodes entries of a per-CPU map: each entry's value holds one {@code valueTypeId} per possible
     * CPU ({@code cpus} of them), each padded to 8 bytes, as the kernel's lookups return them.
     */
    public static MapTable perCpu(Btf btf, int keyTypeId, int valueTypeId, int cpus) {
        if (cpus < 1) throw new BpfException("a per-CPU map has at least one CPU, not " + cpus);
        return layout(btf, keyTypeId, valueTypeId, cpus);
    }

    private static MapTable layout(Btf btf, int keyTypeId, int valueTypeId, int cpus) {
        StructCodec key = StructCodec.of(btf, keyTypeId, "key");
        StructCodec value = StructCodec.of(btf, valueTypeId, "value");
        boolean shared = !Collections.disjoint(key.columnNames(), value.columnNames());
        boolean perCpu = cpus > 0;
        if (shared || perCpu && key.columnNames().contains(CPU_COLUMN)) key = key.prefixedIfComposite("key.");
        if (shared || perCpu && value.columnNames().contains(CPU_COLUMN)) value = value.prefixedIfComposite("value.");
        return new MapTable(key, value, cpus);
    }

    public StructCodec key() {
        return key;
    }

    public StructCodec value() {
        return value;
    }

    public boolean isPerCpu() {
        return cpus > 0;
    }

    public List<String> columnNames() {
        List<String> names = new ArrayList<>(key.columnNames());
        names.addAll(value.columnNames());
        if (isPerCpu()) names.add(CPU_COLUMN);
        return names;
    }

    /** An empty table with the key's columns, then the value's, then for a per-CPU map {@link #CPU_COLUMN}. */
    public Table newTable(String tableName) {
        List<Column<?>> columns = new ArrayList<>(key.newColumns());
        columns.addAll(value.newColumns());
        if (isPerCpu()) columns.add(IntColumn.create(CPU_COLUMN));
        return Table.create(tableName, columns);
    }

    /** A sink appending entries to {@code table} (from {@link #newTable}). */
    public Sink sinkFor(Table table) {
        return new Sink(key.sinkFor(table), value.sinkFor(table), isPerCpu() ? table.intColumn(CPU_COLUMN) : null,
                Math.max(1, cpus), (value.size() + 7) & ~7L);
    }

    /** Appends map entries as rows; allocates nothing but text and one offset per row. */
    public static final class Sink {
        private final StructCodec.Sink key;
        private final StructCodec.Sink value;
        private final IntColumn cpuColumn;
        private final int rowsPerEntry;
        private final long perCpuStride;

        private Sink(StructCodec.Sink key, StructCodec.Sink value, IntColumn cpuColumn, int rowsPerEntry, long perCpuStride) {
            this.key = key;
            this.value = value;
            this.cpuColumn = cpuColumn;
            this.rowsPerEntry = rowsPerEntry;
            this.perCpuStride = perCpuStride;
        }

        public Table table() {
            return key.table();
        }

        /** Makes room for {@code entries} more entries in the table's number columns at once. */
        public void reserve(int entries) {
            key.reserve(entries * rowsPerEntry);
            value.reserve(entries * rowsPerEntry);
        }

        /**
         * Appends {@code count} entries, the keys {@code keyStride} bytes apart in {@code keys} and the values
         * {@code valueStride} bytes apart in {@code values}: a row each, or for a per-CPU map a row per entry and
         * CPU (an entry's values are its CPUs' back to back, so {@code valueStride} is the CPUs times the padded
         * value). One loop per column over all of them, or one bulk copy for a column of packed integers, where
         * a row at a time cost 80-180 ns per row; nothing is appended when the last entry does not fit.
         */
        public void append(MemorySegment keys, long keyStride, MemorySegment values, long valueStride, int count) {
            if (isPerCpu() && valueStride != rowsPerEntry * perCpuStride) {
                throw new IllegalArgumentException("per-CPU values " + valueStride + " bytes apart, not " + rowsPerEntry + " x " + perCpuStride);
            }
            if (count == 0) return;
            StructCodec.checkFits(keys, (count - 1) * keyStride, key.size(), key.typeName());
            StructCodec.checkFits(values, (count - 1) * valueStride + (rowsPerEntry - 1) * perCpuStride, value.size(), value.typeName());
            if (!isPerCpu()) {
                key.appendStrided(keys, 0, keyStride, count);
                value.appendStrided(values, 0, valueStride, count);
                return;
            }
            int rows = count * rowsPerEntry;
            long[] keyOffsets = new long[rows];
            for (int row = 0; row < rows; row++) keyOffsets[row] = row / rowsPerEntry * keyStride;
            key.appendBatch(keys, keyOffsets, rows);
            value.appendStrided(values, 0, perCpuStride, rows);
            for (int row = 0; row < rows; row++) cpuColumn.append(row % rowsPerEntry);
        }

        private boolean isPerCpu() {
            return cpuColumn != null;
        }
    }
}
