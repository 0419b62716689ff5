package io.tracebook.bpf.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tracebook.bpf.error.BpfException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class RatesTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 5_000 * S + 123;

    @Test
    void countsPerSecondWithEmptySecondsAsZero() {
        // 3 events in second 0, none in second 1, 2 in second 2
        Table t = Table.create("e", LongColumn.create("ts", T0, T0 + S / 2, T0 + S - 1, T0 + 2 * S, T0 + 2 * S + 7));
        Table rates = Rates.perSecond(t, "ts");
        assertEquals(List.of("start_ns", "seconds", "count", "rate"), rates.columnNames());
        assertEquals(List.of(3L, 0L, 2L), rates.longColumn("count").asList());
        assertEquals(List.of(3.0, 0.0, 2.0), rates.doubleColumn("rate").asList());
        assertEquals(List.of(0.0, 1.0, 2.0), rates.doubleColumn("seconds").asList());
        assertEquals(List.of(T0, T0 + S, T0 + 2 * S), rates.longColumn("start_ns").asList());
    }

    @Test
    void oneSeriesPerKeyOverTheSameIntervalsLargestFirst() {
        StringColumn comm = StringColumn.create("comm");
        LongColumn ts = LongColumn.create("ts");
        long[][] perInterval = {{1, 4}, {0, 2}, {6, 0}}; // a, b per 100 ms interval
        for (int i = 0; i < perInterval.length; i++) {
            for (int k = 0; k < 2; k++) {
                for (int n = 0; n < perInterval[i][k]; n++) {
                    comm.append(k == 0 ? "a" : "b");
                    ts.append(T0 + i * S / 10 + n);
                }
            }
        }
        Table rates = Rates.of(Table.create("e", comm, ts), "ts", Duration.ofMillis(100), "comm");
        assertEquals(List.of("start_ns", "seconds", "comm", "count", "rate"), rates.columnNames());
        Table a = rates.where(rates.stringColumn("comm").isEqualTo("a"));
        Table b = rates.where(rates.stringColumn("comm").isEqualTo("b"));
        assertEquals(List.of(1L, 0L, 6L), a.longColumn("count").asList());
        assertEquals(List.of(4L, 2L, 0L), b.longColumn("count").asList());
        assertEquals(List.of(10.0, 0.0, 60.0), a.doubleColumn("rate").asList());
        assertEquals("a", rates.getString(0, "comm"), "a has 7 events, b 6: a first");
    }

    @Test
    void noEventsNoRowsAndTimestampsMustBeLong() {
        assertEquals(0, Rates.perSecond(Table.create("e", LongColumn.create("ts")), "ts").rowCount());
        assertThrows(BpfException.class, () -> Rates.perSecond(Table.create("e", StringColumn.create("ts", "x")), "ts"));
        var e = assertThrows(BpfException.class,
                () -> Rates.of(Table.create("e", LongColumn.create("ts", 0, 10 * S)), "ts", Duration.ofNanos(1)));
        assertEquals(true, e.getMessage().contains("longer interval"), e.getMessage());
    }
}
