package io.tracebook.bpf.analysis;

import io.tracebook.bpf.error.BpfException;
import java.time.Instant;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Wall-clock times for the nanosecond timestamps BPF programs take with {@code bpf_ktime_get_ns()},
 * which count CLOCK_MONOTONIC (time since boot, without suspend). On Linux {@link System#nanoTime()}
 * reads the same clock, so the offset to the wall clock is measured here, in Java.
 */
public final class Timestamps {
    private static final int SAMPLES = 5;

    private Timestamps() {
    }

    /**
     * Adds an InstantColumn for the CLOCK_MONOTONIC nanoseconds in {@code nsColumn}: {@code ts_ns}
     * gives {@code ts_time}, any other name {@code <name>_time}. Missing values stay missing.
     * The offset is measured now, so a wall-clock change since the events were taken shifts them too.
     */
    public static Table addWallClock(Table table, String nsColumn) {
        Column<?> source = table.column(nsColumn);
        String base = nsColumn.endsWith("_ns") ? nsColumn.substring(0, nsColumn.length() - 3) : nsColumn;
        InstantColumn times = InstantColumn.create(base + "_time");
        long offset = wallMinusMonotonicNanos();
        for (int row = 0; row < source.size(); row++) {
            if (source.isMissing(row)) {
                times.appendMissing();
            } else {
                times.append(Instant.ofEpochSecond(0, nanos(source, row) + offset));
            }
        }
        return table.addColumns(times);
    }

    private static long nanos(Column<?> column, int row) {
        return switch (column) {
            case LongColumn c -> c.getLong(row);
            case IntColumn c -> c.getInt(row);
            default -> throw new BpfException("column " + column.name() + " is " + column.type().name()
                    + "; wall-clock times need integer nanoseconds (a LONG column such as a u64 field)");
        };
    }

    /** Epoch nanoseconds minus CLOCK_MONOTONIC nanoseconds, from the tightest of a few paired readings. */
    static long wallMinusMonotonicNanos() {
        long bestGap = Long.MAX_VALUE;
        long offset = 0;
        for (int i = 0; i < SAMPLES; i++) {
            long before = System.nanoTime();
            Instant wall = Instant.now();
            long after = System.nanoTime();
            if (after - before < bestGap) {
                bestGap = after - before;
                long wallNanos = wall.getEpochSecond() * 1_000_000_000L + wall.getNano();
                offset = wallNanos - (before + (after - before) / 2);
            }
        }
        return offset;
    }
}
