package io.tracebook.bpf.analysis;

import io.tracebook.bpf.error.BpfException;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.ShortColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** The non-missing values of a numeric column as longs (fractions rounded down), without boxing long columns. */
final class IntegerValues {
    private final Column<?> column;

    private IntegerValues(Column<?> column) {
        this.column = column;
    }

    static IntegerValues of(Table table, String name) {
        Column<?> column = Columns.require(table, name);
        if (!(column instanceof NumericColumn<?>)) {
            throw new BpfException("column " + name + " is " + column.type().name()
                    + "; it must be numeric (an integer field of the event, such as a u64 latency)");
        }
        return new IntegerValues(column);
    }

    void forEach(RowValue action) {
        int size = column.size();
        switch (column) {
            case LongColumn c -> {
                for (int row = 0; row < size; row++) if (!c.isMissing(row)) action.accept(row, c.getLong(row));
            }
            case IntColumn c -> {
                for (int row = 0; row < size; row++) if (!c.isMissing(row)) action.accept(row, c.getInt(row));
            }
            case ShortColumn c -> {
                for (int row = 0; row < size; row++) if (!c.isMissing(row)) action.accept(row, c.getShort(row));
            }
            case NumericColumn<?> c -> {
                for (int row = 0; row < size; row++) if (!c.isMissing(row)) action.accept(row, (long) Math.floor(c.getDouble(row)));
            }
            default -> throw new BpfException("checked numeric in of()");
        }
    }

    interface RowValue {
        void accept(int row, long value);
    }
}
