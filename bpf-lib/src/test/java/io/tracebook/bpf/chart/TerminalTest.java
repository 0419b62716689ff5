package io.tracebook.bpf.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tracebook.bpf.analysis.Rates;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TerminalTest {
    @Test
    void tablesAlignNumbersRightAndTextLeft() {
        LongColumn count = LongColumn.create("count", 1234, 5);
        Table t = Table.create("t", StringColumn.create("comm", "bash", "systemd-journal"), count,
                DoubleColumn.create("avg", 1.5, 22.25));
        assertEquals("""
                comm             count    avg
                ---------------  -----  -----
                bash              1234    1.5
                systemd-journal      5  22.25
                """, Terminal.table(t));
        assertEquals("""
                comm  count  avg
                ----  -----  ---
                bash   1234  1.5
                ... 1 more rows
                """, Terminal.table(t, 1));
    }

    @Test
    void sparklineScalesToTheLargestAndKeepsZeroAtTheBottom() {
        assertEquals("▁▂▅█", Terminal.sparkline(0, 1, 4, 8));
        assertEquals("▁▁", Terminal.sparkline(0, 0));
    }

    @Test
    void ratesGiveOneSparklinePerKey() {
        long s = 1_000_000_000L;
        Table events = Table.create("e", StringColumn.create("comm", "a", "a", "b", "a"), LongColumn.create("ts", 0, 1, 2 * s, 2 * s));
        String lines = Terminal.sparkline(Rates.perSecond(events, "ts", "comm"));
        assertEquals("a  █▁▅  max 2/s  last 1/s\nb  ▁▁█  max 1/s  last 1/s\n", lines);
    }
}
