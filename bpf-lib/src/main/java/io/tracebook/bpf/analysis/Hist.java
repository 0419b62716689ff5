package io.tracebook.bpf.analysis;

import io.tracebook.bpf.error.BpfException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

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

    /**
     * A log2 histogram per time interval, for latency heatmaps: columns {@code start_ns} and
     * {@code seconds} (as {@link Rates} makes them), then the histogram columns. Every interval has
     * the same buckets, from the first to the last non-empty one over all intervals; the first
     * interval starts at the earliest timestamp. Rows with a missing timestamp or value are left out.
     */
    public static Table log2Over(Table table, String nsColumn, String column, Duration interval) {
        long intervalNs = Rates.positive(interval);
        LongColumn ts = Rates.timestamps(table, nsColumn);
        long origin = ts.countMissing() == ts.size() ? 0 : (long) ts.min();
        TreeMap<Long, TreeMap<Long, Long>> byInterval = new TreeMap<>();
        TreeMap<Long, Long> all = new TreeMap<>();
        IntegerValues.of(table, column).forEach((row, value) -> {
            if (ts.isMissing(row)) return;
            long bucket = Log2Buckets.INSTANCE.index(value);
            byInterval.computeIfAbsent((ts.getLong(row) - origin) / intervalNs, k -> new TreeMap<>()).merge(bucket, 1L, Long::sum);
            all.merge(bucket, 1L, Long::sum);
        });
        LongColumn start = LongColumn.create(Rates.START_NS);
        DoubleColumn seconds = DoubleColumn.create(Rates.SECONDS);
        Rows rows = new Rows(Log2Buckets.INSTANCE);
        if (!all.isEmpty()) {
            Rates.requireFewIntervals(byInterval.lastKey() + 1, interval, nsColumn);
            for (long i = 0; i <= byInterval.lastKey(); i++) {
                TreeMap<Long, Long> counts = byInterval.getOrDefault(i, new TreeMap<>());
                for (long bucket = all.firstKey(); bucket <= all.lastKey(); bucket++) {
                    start.append(origin + i * intervalNs);
                    seconds.append(i * intervalNs / 1e9);
                    rows.add(bucket, counts.getOrDefault(bucket, 0L));
                }
            }
        }
        return rows.table("log2 histogram of " + column + " per " + interval, start, seconds);
    }

    /**
     * The log2 histogram a BPF program built with {@code HIST_LOG2(name)} and {@code hist_log2_add}
     * (tracebook.h): the same buckets and table as {@link #log2}, per-CPU counts summed.
     */
    public static Table fromLog2Map(CounterArray map) {
        if (map.maxEntries() != Log2Buckets.COUNT || map.valueSize() != Long.BYTES) {
            throw new BpfException("map '" + map.name() + "' is not a log2 histogram: it has " + map.maxEntries()
                    + " entries of " + map.valueSize() + " bytes, HIST_LOG2 makes " + Log2Buckets.COUNT
                    + " of 8; declare it with HIST_LOG2(" + map.name() + ")");
        }
        Table entries = map.toTable();
        NumericColumn<?> slots = (NumericColumn<?>) entries.column(0);
        NumericColumn<?> values = (NumericColumn<?>) entries.column(1);
        TreeMap<Long, Long> counts = new TreeMap<>();
        for (int row = 0; row < entries.rowCount(); row++) {
            long n = longAt(values, row);
            if (n != 0) counts.merge(longAt(slots, row), n, Long::sum);
        }
        return rows(Log2Buckets.INSTANCE, counts).table("log2 histogram of " + map.name());
    }

    /**
     * A log2 histogram from counts per bucket, the buckets numbered as {@code tracebook_log2_index} (tracebook.h)
     * numbers them: 0 for negatives, 1 for 0, k + 2 for [2^k, 2^(k+1)). The same table as {@link #log2}.
     */
    public static Table log2FromCounts(String name, Map<Long, Long> countsByBucket) {
        return rows(Log2Buckets.INSTANCE, nonZero(countsByBucket)).table(name);
    }

    /**
     * A linear histogram from counts per bucket, numbered as {@code tracebook_linear_index} numbers them: 0 below
     * {@code min}, then one per {@code step}, the last from {@code max} up. The same table as {@link #linear}.
     */
    public static Table linearFromCounts(String name, Map<Long, Long> countsByBucket, long min, long max, long step) {
        return rows(new LinearBuckets(min, max, step), nonZero(countsByBucket)).table(name);
    }

    private static TreeMap<Long, Long> nonZero(Map<Long, Long> counts) {
        TreeMap<Long, Long> kept = new TreeMap<>();
        counts.forEach((bucket, n) -> {
            if (n != 0) kept.merge(bucket, n, Long::sum);
        });
        return kept;
    }

    /**
     * A log2 histogram kept as {@code u32 slots[N]}, the shape of bcc's libbpf-tools ({@code struct hist { __u32
     * slots[N]; ... }} in map values, {@code __u32 hist[N]} in .bss): slot {@code k} counts values in
     * {@code [2^k, 2^(k+1))}, slot 0 those in {@code [0, 2)}. Reads the columns {@code slots[0]}, {@code slots[1]},
     * ... of {@code table} ({@code map.toTable()} or {@code global.toTable()}; filter it first for one key's
     * histogram) and sums them over its rows: the same table as {@link #fromLog2Map}, whose buckets from [2, 4) up
     * are those of {@link #log2}. Programs that clamp large values into the last slot ({@code if (slot >= N) slot = N - 1})
     * count them in that slot's bucket.
     */
    public static Table fromLog2Slots(Table table, String slots) {
        List<NumericColumn<?>> columns = slotColumns(table, slots);
        TreeMap<Long, Long> counts = new TreeMap<>();
        for (int slot = 0; slot < columns.size(); slot++) {
            long n = 0;
            for (int row = 0; row < table.rowCount(); row++) n += longAt(columns.get(slot), row);
            if (n != 0) counts.put((long) slot, n);
        }
        return rows(Log2Slots.INSTANCE, counts).table("log2 histogram of " + slots);
    }

    private static List<NumericColumn<?>> slotColumns(Table table, String slots) {
        List<NumericColumn<?>> columns = new ArrayList<>();
        while (table.containsColumn(slots + "[" + columns.size() + "]")) {
            Column<?> c = table.column(slots + "[" + columns.size() + "]");
            if (!(c instanceof NumericColumn<?> n)) throw new BpfException("column " + c.name() + " is " + c.type().name() + ", not a counter");
            columns.add(n);
        }
        if (columns.isEmpty()) {
            throw new BpfException("table '" + table.name() + "' has no columns " + slots + "[0], " + slots + "[1], ...: name the "
                    + "array of counters as its columns are named (a map value's struct hist gives slots[0]..., a global hist[N] hist[0]...)");
        }
        return columns;
    }

    private static long longAt(NumericColumn<?> column, int row) {
        if (column.isMissing(row)) return 0;
        return column instanceof LongColumn longs ? longs.getLong(row) : (long) column.getDouble(row);
    }

    private static Table histogram(String name, Buckets buckets, Table table, String column) {
        TreeMap<Long, Long> counts = new TreeMap<>();
        IntegerValues.of(table, column).forEach((row, value) -> counts.merge(buckets.index(value), 1L, Long::sum));
        return rows(buckets, counts).table(name);
    }

    private static Rows rows(Buckets buckets, TreeMap<Long, Long> counts) {
        Rows rows = new Rows(buckets);
        if (!counts.isEmpty()) {
            for (long i = counts.firstKey(); i <= counts.lastKey(); i++) rows.add(i, counts.getOrDefault(i, 0L));
        }
        return rows;
    }

    /** The histogram columns, filled a bucket at a time. */
    private static final class Rows {
        private final Buckets buckets;
        private final StringColumn label = StringColumn.create(BUCKET);
        private final LongColumn low = LongColumn.create(LOW);
        private final LongColumn high = LongColumn.create(HIGH);
        private final LongColumn count = LongColumn.create(COUNT);

        Rows(Buckets buckets) {
            this.buckets = buckets;
        }

        void add(long index, long n) {
            label.append(buckets.label(index));
            appendEdge(low, buckets.low(index));
            appendEdge(high, buckets.high(index));
            count.append(n);
        }

        Table table(String name, Column<?>... leading) {
            return Table.create(name, leading).addColumns(label, low, high, count);
        }

        private static void appendEdge(LongColumn column, long edge) {
            if (edge == Buckets.UNBOUNDED) {
                column.appendMissing();
            } else {
                column.append(edge);
            }
        }
    }
}
