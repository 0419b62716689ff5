package io.tracebook.bpf.analysis;

import io.tracebook.bpf.error.BpfException;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.aggregate.AggregateFunction;
import tech.tablesaw.aggregate.AggregateFunctions;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.ShortColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * bpftrace's map aggregations over a Table, grouped by key columns:
 * <pre>
 * Aggregate.by(events, "comm").count()            // comm, count
 * Aggregate.by(events, "comm", "pid").sum("bytes") // comm, pid, sum
 * Aggregate.by(events).stats("lat_ns")             // count, sum, avg, min, max (one row: no keys)
 * </pre>
 * Results are sorted by the aggregate, largest first (stats: by count), ties by the keys. Sums,
 * minimums and maximums of integer columns are LONG columns; averages are DOUBLE. Missing values
 * are left out; {@code count()} counts rows.
 */
public final class Aggregate {
    private final Table table;
    private final String[] keys;

    private Aggregate(Table table, String[] keys) {
        for (String key : keys) Columns.require(table, key);
        this.table = table;
        this.keys = keys.clone();
    }

    /** Groups by {@code keys}; with none, each aggregate is one row over the whole table. */
    public static Aggregate by(Table table, String... keys) {
        return new Aggregate(table, keys);
    }

    /** Rows per key: column {@code count}. */
    public Table count() {
        LongColumn count = LongColumn.create("count");
        Table result;
        if (keys.length == 0) {
            result = Table.create(name("count"), count.append(table.rowCount()));
        } else {
            Table counted = table.countBy(keys);
            Column<?> tablesawCount = counted.column(counted.columnCount() - 1);
            for (int row = 0; row < counted.rowCount(); row++) count.append((long) ((NumericColumn<?>) tablesawCount).getDouble(row));
            result = counted.removeColumns(tablesawCount).addColumns(count).setName(name("count"));
        }
        return sorted(result, "count");
    }

    /** Column {@code sum}: bpftrace's {@code sum()}. */
    public Table sum(String column) {
        return summarize(column, "sum");
    }

    /** Column {@code avg}: bpftrace's {@code avg()}, but not rounded to an integer. */
    public Table avg(String column) {
        return summarize(column, "avg");
    }

    public Table min(String column) {
        return summarize(column, "min");
    }

    public Table max(String column) {
        return summarize(column, "max");
    }

    /** Columns {@code count, sum, avg, min, max}: bpftrace's {@code stats()} and more. */
    public Table stats(String column) {
        return summarize(column, "count", "sum", "avg", "min", "max");
    }

    private Table summarize(String column, String... names) {
        Column<?> values = Columns.require(table, column);
        if (!(values instanceof NumericColumn<?>)) {
            throw new BpfException("column " + column + " is " + values.type().name() + "; " + String.join("/", names)
                    + " needs a numeric column");
        }
        List<AggregateFunction<?, ?>> functions = new ArrayList<>();
        for (String name : names) functions.add(function(name));
        var summarizer = table.summarize(column, functions.toArray(AggregateFunction[]::new));
        Table summary = keys.length == 0 ? summarizer.apply() : summarizer.by(keys);
        boolean integers = values instanceof LongColumn || values instanceof IntColumn || values instanceof ShortColumn;
        Table result = Table.create(name(String.join("/", names) + " of " + column));
        for (String key : keys) result.addColumns(summary.column(key));
        for (int i = 0; i < names.length; i++) {
            DoubleColumn computed = (DoubleColumn) summary.column(keys.length + i);
            boolean whole = names[i].equals("count") || (integers && !names[i].equals("avg"));
            result.addColumns(whole ? rounded(names[i], computed) : computed.copy().setName(names[i]));
        }
        return sorted(result, names[0]);
    }

    /** "events: sum of bytes by comm, pid": what was computed, from what, by what. */
    private String name(String computed) {
        return (table.name() == null || table.name().isBlank() ? "" : table.name() + ": ") + computed
                + (keys.length == 0 ? "" : " by " + String.join(", ", keys));
    }

    private static AggregateFunction<?, ?> function(String name) {
        return switch (name) {
            case "count" -> AggregateFunctions.count;
            case "sum" -> AggregateFunctions.sum;
            case "avg" -> AggregateFunctions.mean;
            case "min" -> AggregateFunctions.min;
            case "max" -> AggregateFunctions.max;
            default -> throw new BpfException(name);
        };
    }

    private static LongColumn rounded(String name, DoubleColumn values) {
        LongColumn out = LongColumn.create(name);
        for (int row = 0; row < values.size(); row++) {
            if (values.isMissing(row)) {
                out.appendMissing();
            } else {
                out.append(Math.round(values.getDouble(row)));
            }
        }
        return out;
    }

    private Table sorted(Table result, String value) {
        String[] order = new String[keys.length + 1];
        order[0] = "-" + value;
        System.arraycopy(keys, 0, order, 1, keys.length);
        return result.sortOn(order).setName(result.name());
    }
}
