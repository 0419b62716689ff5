package io.tracebook.bpf.decode;

import it.unimi.dsi.fastutil.bytes.ByteArrayList;
import it.unimi.dsi.fastutil.doubles.DoubleArrayList;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.columns.strings.ByteDictionaryMap;

/**
 * Sizes the arrays behind Tablesaw's number columns and a text column's byte-dictionary rows.
 * Tablesaw 0.44 grows a column by half on every overflow, copying it each time (decoding millions
 * of events spent most of its time there), and never trims it, but gives no way to size it: this
 * reaches the fastutil list inside a number column through a private lookup (a byte dictionary
 * hands its list out). Should a Tablesaw release rename the field, both operations do nothing, which
 * only costs speed and memory, never a value.
 */
public final class ColumnStorage {
    private static final VarHandle LONGS = field(LongColumn.class, LongArrayList.class);
    private static final VarHandle INTS = field(IntColumn.class, IntArrayList.class);
    private static final VarHandle DOUBLES = field(DoubleColumn.class, DoubleArrayList.class);

    private ColumnStorage() {
    }

    private static VarHandle field(Class<?> column, Class<?> list) {
        try {
            return MethodHandles.privateLookupIn(column, MethodHandles.lookup()).findVarHandle(column, "data", list);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Whether the lists behind number columns can be reached ({@link #longs}, {@link #ints} give them, not null). */
    static boolean reachesLists() {
        return LONGS != null && INTS != null;
    }

    /** The list behind a LongColumn's rows, to fill a batch of rows in one loop; null where Tablesaw hides it. */
    static LongArrayList longs(LongColumn column) {
        return LONGS == null ? null : (LongArrayList) LONGS.get(column);
    }

    /** The list behind an IntColumn's rows; null where Tablesaw hides it. */
    static IntArrayList ints(IntColumn column) {
        return INTS == null ? null : (IntArrayList) INTS.get(column);
    }

    /**
     * Adds {@code rows} rows of zeros to {@code list}, to be overwritten, and returns the first one's index. A full
     * array grows by half at least, as appending does: fastutil's {@code size(int)} would grow it to exactly the
     * rows, copying it whole for every batch a drain longer than its reservation appends.
     */
    static int addRows(LongArrayList list, int rows) {
        int start = list.size();
        int length = list.elements().length;
        if (start + rows > length) list.ensureCapacity(grown(length, start + rows));
        list.size(start + rows);
        return start;
    }

    /** As {@link #addRows(LongArrayList, int)} for an IntArrayList. */
    static int addRows(IntArrayList list, int rows) {
        int start = list.size();
        int length = list.elements().length;
        if (start + rows > length) list.ensureCapacity(grown(length, start + rows));
        list.size(start + rows);
        return start;
    }

    /** As {@link #addRows(LongArrayList, int)} for a ByteArrayList. */
    static int addRows(ByteArrayList list, int rows) {
        int start = list.size();
        int length = list.elements().length;
        if (start + rows > length) list.ensureCapacity(grown(length, start + rows));
        list.size(start + rows);
        return start;
    }

    private static int grown(int length, int needed) {
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, length + (length >> 1)));
    }

    /** Makes room for {@code rows} more rows in {@code column}, growing it at most once. */
    static void reserve(Column<?> column, int rows) {
        switch (column) {
            case LongColumn c when LONGS != null -> {
                LongArrayList list = (LongArrayList) LONGS.get(c);
                list.ensureCapacity(list.size() + rows);
            }
            case IntColumn c when INTS != null -> {
                IntArrayList list = (IntArrayList) INTS.get(c);
                list.ensureCapacity(list.size() + rows);
            }
            case DoubleColumn c when DOUBLES != null -> {
                DoubleArrayList list = (DoubleArrayList) DOUBLES.get(c);
                list.ensureCapacity(list.size() + rows);
            }
            case StringColumn c when c.getDictionary() instanceof ByteDictionaryMap d -> d.values().ensureCapacity(d.size() + rows);
            default -> {
            }
        }
    }

    /**
     * Gives back the room {@code table}'s columns hold beyond their rows (up to half their memory after a series of
     * appends), where it is more than an eighth of the rows: a trim costs a copy of the column, and a reader that
     * sized the columns for the rows it expected leaves them a little too big more often than not.
     */
    public static void trimToSize(Table table) {
        for (Column<?> column : table.columns()) {
            switch (column) {
                case LongColumn c when LONGS != null -> trimLoose((LongArrayList) LONGS.get(c));
                case IntColumn c when INTS != null -> trimLoose((IntArrayList) INTS.get(c));
                case DoubleColumn c when DOUBLES != null -> trimLoose((DoubleArrayList) DOUBLES.get(c));
                case StringColumn c when c.getDictionary() instanceof ByteDictionaryMap d -> trimLoose(d.values());
                default -> {
                }
            }
        }
    }

    private static void trimLoose(LongArrayList list) {
        if (loose(list.size(), list.elements().length)) list.trim();
    }

    private static void trimLoose(IntArrayList list) {
        if (loose(list.size(), list.elements().length)) list.trim();
    }

    private static void trimLoose(DoubleArrayList list) {
        if (loose(list.size(), list.elements().length)) list.trim();
    }

    private static void trimLoose(ByteArrayList list) {
        if (loose(list.size(), list.elements().length)) list.trim();
    }

    private static boolean loose(int size, int length) {
        return length - size > size / 8;
    }
}
