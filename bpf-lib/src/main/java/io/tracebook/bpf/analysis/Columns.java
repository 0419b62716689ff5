package io.tracebook.bpf.analysis;

import io.tracebook.bpf.error.BpfException;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Column look-ups whose failure names the columns there are. */
final class Columns {
    private Columns() {
    }

    static Column<?> require(Table table, String name) {
        if (!table.containsColumn(name)) {
            throw new BpfException("table " + table.name() + " has no column " + name + "; its columns are "
                    + table.columnNames());
        }
        return table.column(name);
    }
}
