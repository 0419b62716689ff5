package io.tracebook.bpf.table;

import java.util.TreeMap;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Histograms as Tables with bpftrace's buckets: columns {@code bucket} (the label, e.g.
 * {@code [16, 32)}), {@code low} and {@code high} (the bucket is {@code [low, high)}; missing where
 * it is open), and {@code count}. Rows run from the first non-empty bucket to the last, empty
 * buckets in between included, as bpftrace prints them; no values gives no rows. Missing values
 * in the column are not counted.
 */
public final class Hist {
    public static final String BUCKET = "bucket";
    public static final String LOW = "low";
    public static final String HIGH = "high";
    public static final String COUNT = "count";

    private Hist() {
    }

    /** Power-of-two histogram, bpftrace's {@code hist()}: {@code (..., 0)}, {@code [0]}, {@code [1]}, {@code [2, 4)}, ... */
    public static Table log2(Table table, String column) {
        return histogram("log2 histogram of " + column, Log2Buckets.INSTANCE, table, column);
    }

    /**
     * Linear histogram, bpftrace's {@code lhist(value, min, max, step)}: {@code (..., min)}, then
     * buckets {@code step} wide, then {@code [max, ...)}. {@code max - min} must be a multiple of
     * {@code step}.
     */
    public static Table linear(Table table, String column, long min, long max, long step) {
        return histogram("linear histogram of " + column, new LinearBuckets(min, max, step), table, column);
    }

    private static Table histogram(String name, Buckets buckets, Table table, String column) {
        TreeMap<Long, Long> counts = new TreeMap<>();
        IntegerValues.of(table, column).forEach(v -> counts.merge(buckets.index(v), 1L, Long::sum));
        return toTable(name, buckets, counts);
    }

    private static Table toTable(String name, Buckets buckets, TreeMap<Long, Long> counts) {
        StringColumn label = StringColumn.create(BUCKET);
        LongColumn low = LongColumn.create(LOW);
        LongColumn high = LongColumn.create(HIGH);
        LongColumn count = LongColumn.create(COUNT);
        if (!counts.isEmpty()) {
            for (long i = counts.firstKey(); i <= counts.lastKey(); i++) {
                label.append(buckets.label(i));
                appendEdge(low, buckets.low(i));
                appendEdge(high, buckets.high(i));
                count.append(counts.getOrDefault(i, 0L));
            }
        }
        return Table.create(name, label, low, high, count);
    }

    private static void appendEdge(LongColumn column, long edge) {
        if (edge == Buckets.UNBOUNDED) {
            column.appendMissing();
        } else {
            column.append(edge);
        }
    }
}
