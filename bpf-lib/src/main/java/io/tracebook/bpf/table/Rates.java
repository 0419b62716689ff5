package io.tracebook.bpf.table;

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
        long intervalNs = interval.toNanos();
        if (intervalNs <= 0) throw new IllegalArgumentException("rate interval is " + interval + "; it must be positive");
        Column<?>[] keyColumns = new Column<?>[keys.length];
        for (int i = 0; i < keys.length; i++) keyColumns[i] = Columns.require(table, keys[i]);
        long[] ts = timestamps(table, nsColumn);
        long origin = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (long t : ts) {
            if (t == Long.MIN_VALUE) continue;
            origin = Math.min(origin, t);
            last = Math.max(last, t);
        }
        Map<List<Object>, Series> series = new LinkedHashMap<>();
        long span = origin == Long.MAX_VALUE ? 0 : (last - origin) / intervalNs + 1;
        if (span > MAX_INTERVALS) {
            throw new IllegalArgumentException("the events in " + nsColumn + " span " + span + " intervals of " + interval
                    + ", more than " + MAX_INTERVALS + "; use a longer interval (is " + nsColumn + " in nanoseconds?)");
        }
        int intervals = (int) span;
        for (int row = 0; row < ts.length; row++) {
            if (ts[row] == Long.MIN_VALUE) continue;
            List<Object> key = new ArrayList<>(keys.length);
            for (Column<?> c : keyColumns) key.add(c.get(row));
            int r = row;
            series.computeIfAbsent(key, k -> new Series(r, intervals)).counts[(int) ((ts[row] - origin) / intervalNs)]++;
        }
        List<Series> ordered = new ArrayList<>(series.values());
        ordered.sort((a, b) -> Long.compare(b.total(), a.total()));
        return toTable(table, nsColumn, keyColumns, ordered, intervals, origin, intervalNs);
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

    /** The timestamps as longs, {@code Long.MIN_VALUE} where missing. */
    private static long[] timestamps(Table table, String nsColumn) {
        Column<?> column = Columns.require(table, nsColumn);
        if (!(column instanceof LongColumn ns)) {
            throw new IllegalArgumentException("column " + nsColumn + " is " + column.type().name()
                    + "; rates need nanosecond timestamps in a LONG column (a u64 field set from bpf_ktime_get_ns())");
        }
        long[] out = new long[ns.size()];
        for (int row = 0; row < out.length; row++) out[row] = ns.isMissing(row) ? Long.MIN_VALUE : ns.getLong(row);
        return out;
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
