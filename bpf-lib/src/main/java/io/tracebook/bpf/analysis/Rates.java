package io.tracebook.bpf.analysis;

import io.tracebook.bpf.error.BpfException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Events per second over time, from a nanosecond timestamp column such as a {@code bpf_ktime_get_ns()}
 * field: bpftrace's {@code interval:s:1 { print(@); clear(@); }} as one Table. Columns:
 * {@code start_ns} (the interval's start, on the timestamps' clock), {@code seconds} (the same, in
 * seconds since the first interval), the key columns, {@code count} and {@code rate} (count per
 * second). The first interval starts at the earliest event. Every key has a row for every interval
 * up to the last one with an event, zeros included, so series line up; keys come in order of their
 * total, largest first. The last interval usually ends after the last event and so reads low.
 */
public final class Rates {
    public static final String START_NS = "start_ns";
    public static final String SECONDS = "seconds";
    public static final String COUNT = "count";
    public static final String RATE = "rate";
    private static final long MAX_INTERVALS = 1_000_000;

    private Rates() {
    }

    /** Events per one-second interval, one series per combination of {@code keys}. */
    public static Table perSecond(Table table, String nsColumn, String... keys) {
        return of(table, nsColumn, Duration.ofSeconds(1), keys);
    }

    public static Table of(Table table, String nsColumn, Duration interval, String... keys) {
        long intervalNs = positive(interval);
        Column<?>[] keyColumns = new Column<?>[keys.length];
        for (int i = 0; i < keys.length; i++) keyColumns[i] = Columns.require(table, keys[i]);
        LongColumn ts = timestamps(table, nsColumn);
        boolean empty = ts.countMissing() == ts.size();
        long origin = empty ? 0 : (long) ts.min();
        int intervals = empty ? 0 : requireFewIntervals(((long) ts.max() - origin) / intervalNs + 1, interval, nsColumn);
        Map<List<Object>, Series> series = new LinkedHashMap<>();
        for (int row = 0; row < ts.size(); row++) {
            if (ts.isMissing(row)) continue;
            List<Object> key = new ArrayList<>(keys.length);
            for (Column<?> c : keyColumns) key.add(c.get(row));
            int r = row;
            series.computeIfAbsent(key, k -> new Series(r, intervals)).counts[(int) ((ts.getLong(row) - origin) / intervalNs)]++;
        }
        List<Series> ordered = new ArrayList<>(series.values());
        ordered.sort((a, b) -> Long.compare(b.total(), a.total()));
        return toTable(table, nsColumn, keyColumns, ordered, intervals, origin, intervalNs);
    }

    static long positive(Duration interval) {
        long ns = interval.toNanos();
        if (ns <= 0) throw new BpfException("interval is " + interval + "; it must be positive");
        return ns;
    }

    static int requireFewIntervals(long intervals, Duration interval, String nsColumn) {
        if (intervals > MAX_INTERVALS) {
            throw new BpfException("the events in " + nsColumn + " span " + intervals + " intervals of " + interval
                    + ", more than " + MAX_INTERVALS + "; use a longer interval (is " + nsColumn + " in nanoseconds?)");
        }
        return (int) intervals;
    }

    private static Table toTable(Table table, String nsColumn, Column<?>[] keyColumns, List<Series> series, int intervals,
            long origin, long intervalNs) {
        LongColumn start = LongColumn.create(START_NS);
        DoubleColumn seconds = DoubleColumn.create(SECONDS);
        List<Column<?>> keys = new ArrayList<>();
        for (Column<?> c : keyColumns) keys.add(c.emptyCopy());
        LongColumn count = LongColumn.create(COUNT);
        DoubleColumn rate = DoubleColumn.create(RATE);
        double intervalSeconds = intervalNs / 1e9;
        for (int i = 0; i < intervals; i++) {
            for (Series s : series) {
                start.append(origin + i * intervalNs);
                seconds.append(i * intervalSeconds);
                for (int k = 0; k < keyColumns.length; k++) appendFrom(keys.get(k), keyColumns[k], s.row);
                count.append(s.counts[i]);
                rate.append(s.counts[i] / intervalSeconds);
            }
        }
        Table out = Table.create("rates of " + table.name() + " by " + nsColumn, start, seconds);
        keys.forEach(out::addColumns);
        return out.addColumns(count, rate);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void appendFrom(Column target, Column source, int row) {
        target.append(source, row);
    }

    static LongColumn timestamps(Table table, String nsColumn) {
        Column<?> column = Columns.require(table, nsColumn);
        if (!(column instanceof LongColumn ns)) {
            throw new BpfException("column " + nsColumn + " is " + column.type().name()
                    + "; it must hold nanosecond timestamps in a LONG column (a u64 field set from bpf_ktime_get_ns())");
        }
        return ns;
    }

    /** One key's counts per interval; {@code row} is a row of the input that holds the key. */
    private record Series(int row, long[] counts) {
        Series(int row, int intervals) {
            this(row, new long[intervals]);
        }

        long total() {
            long sum = 0;
            for (long c : counts) sum += c;
            return sum;
        }
    }
}
