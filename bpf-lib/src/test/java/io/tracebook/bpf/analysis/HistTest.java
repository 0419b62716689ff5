package io.tracebook.bpf.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.chart.Terminal;
import io.tracebook.bpf.error.BpfException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

class HistTest {
    /** Boundaries and their neighbours, with different multiplicities so that the bars differ. */
    private static final long[] VALUES = {
        -100, -1, 0, 0, 0, 1, 2, 3, 3, 4, 7, 7, 7, 7, 8, 15, 16, 100, 1023, 1024, 1024, 1025, 2047, 2048,
        65535, 1 << 20, (1 << 20) + 5, 1 << 30, Integer.MAX_VALUE
    };

    private static Table table(long... values) {
        return Table.create("events", LongColumn.create("v", values));
    }

    @Test
    void log2BucketsHoldTheValuesBetweenTheirEdges() {
        Table hist = Hist.log2(table(VALUES), "v");
        assertEquals(List.of("bucket", "low", "high", "count"), hist.columnNames());
        // expected counts computed by walking powers of two, keyed by the bucket's low edge
        Map<Long, Long> expected = new TreeMap<>();
        for (long v : VALUES) {
            long low;
            if (v < 0) low = Long.MIN_VALUE;
            else if (v <= 1) low = v;
            else {
                low = 1;
                while (low * 2 <= v) low *= 2;
            }
            expected.merge(low, 1L, Long::sum);
        }
        Map<Long, Long> actual = new TreeMap<>();
        for (int row = 0; row < hist.rowCount(); row++) {
            long low = hist.longColumn("low").isMissing(row) ? Long.MIN_VALUE : hist.longColumn("low").getLong(row);
            long high = hist.longColumn("high").getLong(row);
            long n = hist.longColumn("count").getLong(row);
            if (low >= 2) assertEquals(2 * low, high, "power-of-two bucket " + hist.getString(row, "bucket"));
            if (n > 0) actual.put(low, n);
        }
        assertEquals(expected, actual);
        assertEquals(VALUES.length, hist.longColumn("count").sum());
        assertEquals("(..., 0)", hist.getString(0, "bucket"));
        assertEquals(List.of("[0]", "[1]", "[2, 4)", "[4, 8)", "[8, 16)", "[16, 32)"),
                hist.stringColumn("bucket").asList().subList(1, 7));
        assertEquals("[1G, 2G)", hist.getString(hist.rowCount() - 1, "bucket"));
    }

    @Test
    void rowsRunFromTheFirstToTheLastNonEmptyBucketWithTheEmptyOnesBetween() {
        Table hist = Hist.log2(table(5, 40, 41), "v");
        assertEquals(List.of("[4, 8)", "[8, 16)", "[16, 32)", "[32, 64)"), hist.stringColumn("bucket").asList());
        assertEquals(List.of(1L, 0L, 0L, 2L), hist.longColumn("count").asList());
        assertEquals(0, Hist.log2(table(), "v").rowCount());
    }

    @Test
    void valuesAboveFourGigGetTheirOwnBucketsUpToLongMax() {
        Table hist = Hist.log2(table(5_000_000_000L, 1L << 62, Long.MAX_VALUE), "v");
        Table nonEmpty = hist.where(hist.longColumn("count").isGreaterThan(0));
        assertEquals(List.of("[4G, 8G)", "[4E, 8E)"), nonEmpty.stringColumn("bucket").asList());
        assertEquals(List.of(1L, 2L), nonEmpty.longColumn("count").asList());
        assertTrue(nonEmpty.longColumn("high").isMissing(1), "2^63 does not fit a long: the last bucket is open");
    }

    @Test
    void linearBucketsAreStepWideWithOpenEnds() {
        long[] values = {-5, 0, 2, 3, 9, 10, 11, 59, 60, 61, 1000};
        Table hist = Hist.linear(table(values), "v", 0, 60, 10);
        assertEquals(List.of("(..., 0)", "[0, 10)", "[10, 20)", "[20, 30)", "[30, 40)", "[40, 50)", "[50, 60)", "[60, ...)"),
                hist.stringColumn("bucket").asList());
        List<Long> expected = new ArrayList<>();
        expected.add(LongStream.of(values).filter(v -> v < 0).count());
        for (long low = 0; low < 60; low += 10) {
            long l = low;
            expected.add(LongStream.of(values).filter(v -> v >= l && v < l + 10).count());
        }
        expected.add(LongStream.of(values).filter(v -> v >= 60).count());
        assertEquals(expected, hist.longColumn("count").asList());
        assertTrue(hist.longColumn("low").isMissing(0));
        assertTrue(hist.longColumn("high").isMissing(hist.rowCount() - 1));
    }

    @Test
    void linearRangesMustBeWholeSteps() {
        var e = assertThrows(BpfException.class, () -> Hist.linear(table(1), "v", 0, 10, 3));
        assertTrue(e.getMessage().contains("max = 12"), e.getMessage());
        assertThrows(BpfException.class, () -> Hist.linear(table(1), "v", 0, 10, 0));
        assertThrows(BpfException.class, () -> Hist.linear(table(1), "v", 10, 10, 1));
    }

    @Test
    void missingValuesAreNotCountedAndIntColumnsWork() {
        LongColumn v = LongColumn.create("v", 1, 2);
        v.appendMissing();
        assertEquals(2, Hist.log2(Table.create("t", v), "v").longColumn("count").sum());
        Table ints = Table.create("t", tech.tablesaw.api.IntColumn.create("v", new int[] {3, 3, 300}));
        assertEquals(3, Hist.log2(ints, "v").longColumn("count").sum());
        var e = assertThrows(BpfException.class, () -> Hist.log2(table(1), "lat"));
        assertTrue(e.getMessage().contains("no column lat"), e.getMessage());
    }

    @Test
    void log2OverTimeGivesEveryIntervalTheSameBuckets() {
        long s = 1_000_000_000L;
        // second 0: 3 (bucket [2, 4)) twice; second 1: nothing; second 2: 40 ([32, 64))
        Table events = Table.create("e", LongColumn.create("ts", 7 * s, 7 * s + 5, 9 * s + 1), LongColumn.create("v", 3, 3, 40));
        Table heat = Hist.log2Over(events, "ts", "v", java.time.Duration.ofSeconds(1));
        assertEquals(List.of("start_ns", "seconds", "bucket", "low", "high", "count"), heat.columnNames());
        assertEquals(3 * 5, heat.rowCount(), "3 intervals x the 5 buckets [2, 4) .. [32, 64)");
        assertEquals(List.of(2L, 0L, 0L, 0L, 0L), heat.longColumn("count").asList().subList(0, 5));
        assertEquals(List.of(0L, 0L, 0L, 0L, 0L), heat.longColumn("count").asList().subList(5, 10));
        assertEquals(List.of(0L, 0L, 0L, 0L, 1L), heat.longColumn("count").asList().subList(10, 15));
        assertEquals("[32, 64)", heat.getString(14, "bucket"));
        assertEquals(List.of(0.0, 1.0, 2.0), heat.doubleColumn("seconds").unique().asList().stream().sorted().toList());
    }

    @Test
    void log2TextIsWhatBpftracePrintsForTheSameValues() throws Exception {
        String bpftrace = Bpftrace.map(Bpftrace.begin(statements("h", "hist(%d)", VALUES)), "h");
        assertEquals(bpftrace, Terminal.hist(Hist.log2(table(VALUES), "v")));
    }

    @Test
    void linearTextIsWhatBpftracePrintsForTheSameValues() throws Exception {
        long[] values = {0, 0, 1, 9, 10, 10, 10, 55, 99, 100, 101, 250};
        String out = Bpftrace.begin(statements("l", "lhist(%d, 0, 100, 10)", values)
                + statements("k", "lhist(%d, 1024, 5120, 1024)", 1024, 2047, 2048, 3000, 3000, 5120, 9000));
        assertEquals(Bpftrace.map(out, "l"), Terminal.hist(Hist.linear(table(values), "v", 0, 100, 10)));
        assertEquals(Bpftrace.map(out, "k"),
                Terminal.hist(Hist.linear(table(1024, 2047, 2048, 3000, 3000, 5120, 9000), "v", 1024, 5120, 1024)));
    }

    private static String statements(String map, String call, long... values) {
        return LongStream.of(values).mapToObj(v -> "@" + map + " = " + String.format(call, v) + ";").collect(Collectors.joining(" "));
    }
}
