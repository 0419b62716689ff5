package io.tracebook.bpf.analysis;

import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.sys.WallClock;
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
    private Timestamps() {
    }

    /**
     * Adds an InstantColumn for the CLOCK_MONOTONIC nanoseconds in {@code nsColumn}: {@code ts_ns}
     * gives {@code ts_time}, any other name {@code <name>_time}. Missing values stay missing.
     * The offset is measured now, so a wall-clock change since the events were taken shifts them too; in a recording
     * or a replay it is the offset the recording was made with, so the times come out as when recorded.
     */
    public static Table addWallClock(Table table, String nsColumn) {
        Column<?> source = table.column(nsColumn);
        String base = nsColumn.endsWith("_ns") ? nsColumn.substring(0, nsColumn.length() - 3) : nsColumn;
        InstantColumn times = InstantColumn.create(base + "_time");
        long offset = WallClock.wallMinusMonotonicNanos();
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
}
