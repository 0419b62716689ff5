package io.tracebook.bpf.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.error.BpfException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class AggregateTest {
    private static final String[] COMMS = {"bash", "java", "sshd", "cron"};

    /** 2000 events with random comm, pid and latency; the expectations are computed by plain loops. */
    private static Table events() {
        Random random = new Random(42);
        StringColumn comm = StringColumn.create("comm");
        IntColumn pid = IntColumn.create("pid");
        LongColumn lat = LongColumn.create("lat_ns");
        for (int i = 0; i < 2000; i++) {
            int c = (int) Math.floor(Math.pow(random.nextDouble(), 2) * COMMS.length); // skewed, so counts differ
            comm.append(COMMS[c]);
            pid.append(100 + c * 10 + random.nextInt(2));
            lat.append(1_000 + random.nextInt(1_000_000_000));
        }
        return Table.create("events", comm, pid, lat);
    }

    @Test
    void statsByOneKeyMatchLoops() {
        Table events = events();
        Table stats = Aggregate.by(events, "comm").stats("lat_ns");
        assertEquals(List.of("comm", "count", "sum", "avg", "min", "max"), stats.columnNames());
        Map<String, long[]> expected = new HashMap<>(); // count, sum, min, max
        for (int row = 0; row < events.rowCount(); row++) {
            long v = events.longColumn("lat_ns").getLong(row);
            long[] e = expected.computeIfAbsent(events.getString(row, "comm"), k -> new long[] {0, 0, Long.MAX_VALUE, Long.MIN_VALUE});
            e[0]++;
            e[1] += v;
            e[2] = Math.min(e[2], v);
            e[3] = Math.max(e[3], v);
        }
        assertEquals(expected.size(), stats.rowCount());
        for (int row = 0; row < stats.rowCount(); row++) {
            long[] e = expected.get(stats.getString(row, "comm"));
            assertEquals(e[0], stats.longColumn("count").getLong(row));
            assertEquals(e[1], stats.longColumn("sum").getLong(row));
            assertEquals((double) e[1] / e[0], stats.doubleColumn("avg").getDouble(row), 1e-6);
            assertEquals(e[2], stats.longColumn("min").getLong(row));
            assertEquals(e[3], stats.longColumn("max").getLong(row));
            if (row > 0) assertTrue(stats.longColumn("count").getLong(row - 1) >= stats.longColumn("count").getLong(row), "largest first");
        }
    }

    @Test
    void countAndSumByTwoKeysMatchLoops() {
        Table events = events();
        Map<String, Long> counts = new HashMap<>();
        Map<String, Long> sums = new HashMap<>();
        for (int row = 0; row < events.rowCount(); row++) {
            String key = events.getString(row, "comm") + "/" + events.intColumn("pid").getInt(row);
            counts.merge(key, 1L, Long::sum);
            sums.merge(key, events.longColumn("lat_ns").getLong(row), Long::sum);
        }
        Table count = Aggregate.by(events, "comm", "pid").count();
        Table sum = Aggregate.by(events, "comm", "pid").sum("lat_ns");
        assertEquals(List.of("comm", "pid", "count"), count.columnNames());
        assertEquals(List.of("comm", "pid", "sum"), sum.columnNames());
        assertEquals("events: count by comm, pid", count.name());
        assertEquals("events: sum of lat_ns by comm, pid", sum.name());
        assertEquals(counts, keyed(count, "count"));
        assertEquals(sums, keyed(sum, "sum"));
        List<Long> sorted = count.longColumn("count").asList();
        assertEquals(sorted.stream().sorted((a, b) -> Long.compare(b, a)).toList(), sorted);
    }

    @Test
    void withoutKeysEachAggregateIsOneRow() {
        Table events = events();
        long min = Long.MAX_VALUE;
        for (long v : events.longColumn("lat_ns")) min = Math.min(min, v);
        assertEquals(min, Aggregate.by(events).min("lat_ns").longColumn("min").getLong(0));
        assertEquals(2000, Aggregate.by(events).count().longColumn("count").getLong(0));
        assertEquals(1, Aggregate.by(events).max("lat_ns").rowCount());
        assertEquals("events: count/sum/avg/min/max of lat_ns", Aggregate.by(events).stats("lat_ns").name());
    }

    @Test
    void missingValuesAreLeftOutOfTheStatistics() {
        LongColumn v = LongColumn.create("v", 10, 20);
        v.appendMissing();
        Table t = Table.create("t", StringColumn.create("k", "a", "a", "a"), v);
        Table stats = Aggregate.by(t, "k").stats("v");
        assertEquals(2, stats.longColumn("count").getLong(0));
        assertEquals(15.0, stats.doubleColumn("avg").getDouble(0));
        assertEquals(3, Aggregate.by(t, "k").count().longColumn("count").getLong(0));
    }

    @Test
    void topNKeepsTheLargest() {
        Table events = events();
        Table top = TopN.count(events, 2, "comm");
        Map<String, Long> counts = new HashMap<>();
        for (String c : events.stringColumn("comm")) counts.merge(c, 1L, Long::sum);
        List<Long> expected = counts.values().stream().sorted((a, b) -> Long.compare(b, a)).limit(2).toList();
        assertEquals(expected, top.longColumn("count").asList());
        assertEquals(counts.get(top.getString(0, "comm")), expected.get(0));
        Table bySum = TopN.sum(events, 1, "lat_ns", "comm");
        assertEquals(1, bySum.rowCount());
        assertEquals("events: top 2 comm by count", top.name());
        assertEquals("events: top 1 comm by sum of lat_ns", bySum.name());
        assertEquals(Aggregate.by(events, "comm").sum("lat_ns").longColumn("sum").max(), bySum.longColumn("sum").getLong(0));
    }

    @Test
    void errorsNameTheColumns() {
        var e = assertThrows(BpfException.class, () -> Aggregate.by(events(), "cmd"));
        assertTrue(e.getMessage().contains("no column cmd") && e.getMessage().contains("comm"), e.getMessage());
        e = assertThrows(BpfException.class, () -> Aggregate.by(events()).sum("comm"));
        assertTrue(e.getMessage().contains("numeric"), e.getMessage());
    }

    private static Map<String, Long> keyed(Table t, String value) {
        Map<String, Long> out = new HashMap<>();
        for (int row = 0; row < t.rowCount(); row++) {
            out.put(t.getString(row, "comm") + "/" + t.intColumn("pid").getInt(row), t.longColumn(value).getLong(row));
        }
        return out;
    }
}
