package io.tracebook.bpf.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.btf.Fixtures;
import io.tracebook.bpf.error.BpfException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

class TimestampsTest {
    @TempDir
    Path dir;

    @Test
    void nanoTimeIsTheClockBpfKtimeGetNsReads() throws Exception {
        Path host = Fixtures.compileHost(dir);
        long before = System.nanoTime();
        long monotonic = Long.parseLong(Fixtures.runText(null, host.toString(), "monotonic").trim());
        long after = System.nanoTime();
        assertTrue(before <= monotonic && monotonic <= after,
                "CLOCK_MONOTONIC " + monotonic + " lies between System.nanoTime() readings " + before + " and " + after);
    }

    @Test
    void addsAnInstantColumnForMonotonicNanoseconds() {
        // Bracketed by two wall-clock readings, so that the test thread losing the CPU between them widens the
        // window instead of failing the check.
        Instant wallBefore = Instant.now();
        long now = System.nanoTime();
        Instant wallAfter = Instant.now();
        LongColumn ns = LongColumn.create("ts_ns", new long[] {now, now - 1_000_000_000L});
        ns.appendMissing();
        Table t = Table.create("events", ns);

        Timestamps.addWallClock(t, "ts_ns");

        InstantColumn times = t.instantColumn("ts_time");
        assertEquals(3, times.size());
        assertTrue(!times.get(0).isBefore(wallBefore.minusMillis(5)) && !times.get(0).isAfter(wallAfter.plusMillis(5)),
                times.get(0) + " is not within 5 ms of [" + wallBefore + ", " + wallAfter + "]");
        assertEquals(Duration.ofSeconds(1), Duration.between(times.get(1), times.get(0)));
        assertTrue(times.isMissing(2));
    }

    @Test
    void otherNamesGetTimeAppended() {
        Table t = Table.create("events", LongColumn.create("start", new long[] {System.nanoTime()}));
        Timestamps.addWallClock(t, "start");
        assertTrue(t.containsColumn("start_time"));
    }

    @Test
    void onlyIntegerNanosecondsConvert() {
        Table t = Table.create("events", DoubleColumn.create("ts_ns", new double[] {1.0}));
        BpfException e = assertThrows(BpfException.class, () -> Timestamps.addWallClock(t, "ts_ns"));
        assertTrue(e.getMessage().contains("integer nanoseconds"), e.getMessage());
    }
}
