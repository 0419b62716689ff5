package io.tracebook.bpf.decode;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.columns.Column;

/**
 * The fields of a record bound to the columns they fill, grouped by how they decode. Appending a row
 * runs one tight loop per group (the 8-byte integers, the u32s, the s32s, the texts) whose calls the
 * JIT can inline, instead of one call per field through an interface with a dozen implementations;
 * the rarer kinds (small integers, bit fields, enums, bools, floats) keep that per-field call.
 */
final class BoundFields {
    private final LongColumn[] longs;
    private final long[] longOffsets;
    private final LongColumn[] unsignedInts;
    private final long[] unsignedIntOffsets;
    private final IntColumn[] ints;
    private final long[] intOffsets;
    private final TextField[] texts;
    private final FieldAppender[] others;
    private final List<Column<?>> columns;

    private BoundFields(Grouping g, List<Column<?>> columns) {
        this.longs = g.longs.toArray(LongColumn[]::new);
        this.longOffsets = toArray(g.longOffsets);
        this.unsignedInts = g.unsignedInts.toArray(LongColumn[]::new);
        this.unsignedIntOffsets = toArray(g.unsignedIntOffsets);
        this.ints = g.ints.toArray(IntColumn[]::new);
        this.intOffsets = toArray(g.intOffsets);
        this.texts = g.texts.toArray(TextField[]::new);
        this.others = g.others.toArray(FieldAppender[]::new);
        this.columns = List.copyOf(columns);
    }

    /** Binds {@code leaves[i]} to {@code columns[i]} (of the leaf's column type). */
    static BoundFields of(List<Leaf> leaves, List<Column<?>> columns) {
        Grouping g = new Grouping();
        for (int i = 0; i < leaves.size(); i++) {
            g.add(leaves.get(i), columns.get(i));
        }
        return new BoundFields(g, columns);
    }

    void append(MemorySegment data, long base) {
        for (int i = 0; i < longs.length; i++) {
            longs[i].append(data.get(JAVA_LONG_UNALIGNED, base + longOffsets[i]));
        }
        for (int i = 0; i < unsignedInts.length; i++) {
            unsignedInts[i].append(Integer.toUnsignedLong(data.get(JAVA_INT_UNALIGNED, base + unsignedIntOffsets[i])));
        }
        for (int i = 0; i < ints.length; i++) {
            ints[i].append(data.get(JAVA_INT_UNALIGNED, base + intOffsets[i]));
        }
        for (TextField t : texts) {
            t.append(data, base);
        }
        for (FieldAppender a : others) {
            a.append(data, base);
        }
    }

    /**
     * Appends the records at {@code offsets[0..count)}, one field at a time, straight into each number
     * column's array: the column grows once by the batch, then one loop per field fills it ({@link BatchReads}),
     * where appending a value at a time checks the room and stores the size for every row.
     */
    void appendBatch(MemorySegment data, long[] offsets, int count) {
        for (int f = 0; f < longs.length; f++) {
            LongArrayList list = ColumnStorage.longs(longs[f]);
            if (list == null) {
                for (int i = 0; i < count; i++) longs[f].append(data.get(JAVA_LONG_UNALIGNED, offsets[i] + longOffsets[f]));
                continue;
            }
            int start = ColumnStorage.addRows(list, count);
            BatchReads.longs(list.elements(), start, data, offsets, count, longOffsets[f]);
        }
        for (int f = 0; f < unsignedInts.length; f++) {
            LongArrayList list = ColumnStorage.longs(unsignedInts[f]);
            if (list == null) {
                for (int i = 0; i < count; i++) {
                    unsignedInts[f].append(Integer.toUnsignedLong(data.get(JAVA_INT_UNALIGNED, offsets[i] + unsignedIntOffsets[f])));
                }
                continue;
            }
            int start = ColumnStorage.addRows(list, count);
            BatchReads.unsignedInts(list.elements(), start, data, offsets, count, unsignedIntOffsets[f]);
        }
        for (int f = 0; f < ints.length; f++) {
            IntArrayList list = ColumnStorage.ints(ints[f]);
            if (list == null) {
                for (int i = 0; i < count; i++) ints[f].append(data.get(JAVA_INT_UNALIGNED, offsets[i] + intOffsets[f]));
                continue;
            }
            int start = ColumnStorage.addRows(list, count);
            BatchReads.ints(list.elements(), start, data, offsets, count, intOffsets[f]);
        }
        for (TextField t : texts) {
            t.appendBatch(data, offsets, count);
        }
        for (FieldAppender a : others) {
            for (int i = 0; i < count; i++) {
                a.append(data, offsets[i]);
            }
        }
    }

    /**
     * Appends {@code count} records {@code stride} bytes apart from {@code offset} of {@code data}: {@link #appendBatch}'s
     * rows, with each record's place computed instead of loaded (a ring's or a recording's run of records of one size).
     * A record that is one integer and nothing else, packed ({@code stride} its size: the keys and counts of COUNT_BY and
     * histogram maps), is copied into its column in bulk, as fast before the JIT has compiled the per-field loops as after.
     */
    void appendStrided(MemorySegment data, long offset, long stride, int count) {
        if (columns.size() == 1 && appendPacked(data, offset, stride, count)) return;
        if (!ColumnStorage.reachesLists()) {
            long[] offsets = new long[count];
            for (int i = 0; i < count; i++) offsets[i] = offset + i * stride;
            appendBatch(data, offsets, count);
            return;
        }
        for (int f = 0; f < longs.length; f++) {
            LongArrayList list = ColumnStorage.longs(longs[f]);
            int start = ColumnStorage.addRows(list, count);
            BatchReads.longsStrided(list.elements(), start, data, offset + longOffsets[f], stride, count);
        }
        for (int f = 0; f < unsignedInts.length; f++) {
            LongArrayList list = ColumnStorage.longs(unsignedInts[f]);
            int start = ColumnStorage.addRows(list, count);
            BatchReads.unsignedIntsStrided(list.elements(), start, data, offset + unsignedIntOffsets[f], stride, count);
        }
        for (int f = 0; f < ints.length; f++) {
            IntArrayList list = ColumnStorage.ints(ints[f]);
            int start = ColumnStorage.addRows(list, count);
            BatchReads.intsStrided(list.elements(), start, data, offset + intOffsets[f], stride, count);
        }
        for (TextField t : texts) {
            t.appendStrided(data, offset, stride, count);
        }
        for (FieldAppender a : others) {
            for (int i = 0; i < count; i++) {
                a.append(data, offset + i * stride);
            }
        }
    }

    private boolean appendPacked(MemorySegment data, long offset, long stride, int count) {
        if (longs.length == 1 && longOffsets[0] == 0 && stride == Long.BYTES && ColumnStorage.longs(longs[0]) instanceof LongArrayList list) {
            int start = ColumnStorage.addRows(list, count); // before elements(): adding rows may replace the array
            MemorySegment.copy(data, JAVA_LONG_UNALIGNED, offset, list.elements(), start, count);
            return true;
        }
        if (ints.length == 1 && intOffsets[0] == 0 && stride == Integer.BYTES && ColumnStorage.ints(ints[0]) instanceof IntArrayList list) {
            int start = ColumnStorage.addRows(list, count);
            MemorySegment.copy(data, JAVA_INT_UNALIGNED, offset, list.elements(), start, count);
            return true;
        }
        if (unsignedInts.length == 1 && unsignedIntOffsets[0] == 0 && stride == Integer.BYTES
                && ColumnStorage.longs(unsignedInts[0]) instanceof LongArrayList list) {
            int[] packed = new int[count];
            MemorySegment.copy(data, JAVA_INT_UNALIGNED, offset, packed, 0, count);
            int start = ColumnStorage.addRows(list, count);
            long[] to = list.elements();
            for (int i = 0; i < count; i++) to[start + i] = Integer.toUnsignedLong(packed[i]);
            return true;
        }
        return false;
    }

    /** Makes room for {@code rows} more rows in every number column. */
    void reserve(int rows) {
        for (Column<?> c : columns) {
            ColumnStorage.reserve(c, rows);
        }
    }

    private static long[] toArray(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static final class Grouping {
        final List<LongColumn> longs = new ArrayList<>();
        final List<Long> longOffsets = new ArrayList<>();
        final List<LongColumn> unsignedInts = new ArrayList<>();
        final List<Long> unsignedIntOffsets = new ArrayList<>();
        final List<IntColumn> ints = new ArrayList<>();
        final List<Long> intOffsets = new ArrayList<>();
        final List<TextField> texts = new ArrayList<>();
        final List<FieldAppender> others = new ArrayList<>();

        void add(Leaf leaf, Column<?> column) {
            long offset = leaf.offset();
            switch (leaf.codec()) {
                case IntegerCodec c when c.isWholeLong() -> {
                    longs.add((LongColumn) column);
                    longOffsets.add(offset);
                }
                case IntegerCodec c when c.isWholeUnsignedInt() -> {
                    unsignedInts.add((LongColumn) column);
                    unsignedIntOffsets.add(offset);
                }
                case IntegerCodec c when c.isWholeSignedInt() -> {
                    ints.add((IntColumn) column);
                    intOffsets.add(offset);
                }
                case CharArrayCodec c -> texts.add(c.appender(column, offset));
                case LeafCodec c -> others.add(c.appender(column, offset));
            }
        }
    }
}
