package io.tracebook.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.Recording;
import io.tracebook.bpf.error.BpfException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.ShortColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Written with DuckDB, read back with DuckDB: the same rows, the same column types, partitioned by host and date. */
class ParquetTest {
    private static final Instant MAY_2 = Instant.parse("2026-05-02T10:31:00.123456Z");
    private static final Recording.Machine VM1 = new Recording.Machine("vm-1", "6.18.0");

    @TempDir
    Path dir;

    /** Every column type a decoded event or an analysis gives, with a missing value in each. */
    private static Table events() {
        Table t = Table.create("events",
                IntColumn.create("small", 1, -2), LongColumn.create("pid", 4_000_000_000L, 7L),
                ShortColumn.create("port", (short) 443, (short) 8080), FloatColumn.create("ratio", 0.5f, 1.25f),
                DoubleColumn.create("avg", 1.5, 2.25), BooleanColumn.create("create", true, false),
                StringColumn.create("comm", "writer", "reader-10"), InstantColumn.create("time", List.of(MAY_2, MAY_2.plusSeconds(1))),
                DateTimeColumn.create("local", List.of(LocalDateTime.of(2026, 5, 2, 12, 0), LocalDateTime.of(2026, 5, 2, 13, 0))),
                DateColumn.create("day", List.of(LocalDate.of(2026, 5, 2), LocalDate.of(2026, 5, 3))));
        for (var c : t.columns()) c.appendMissing();
        return t;
    }

    @Test
    void aTableReadsBackWithItsRowsTypesAndOrigin() throws IOException {
        Path root = dir.resolve("events");
        Parquet.write(events(), VM1, root);
        Table back = Parquet.read(root).sortAscendingOn("time");
        Table expected = events().sortAscendingOn("time");
        for (String column : expected.columnNames()) {
            assertEquals(expected.column(column).type(), back.column(column).type(), column);
            for (int row = 0; row < 3; row++) {
                assertEquals(expected.column(column).getString(row), back.column(column).getString(row), column + " row " + row);
            }
        }
        assertEquals(List.of("vm-1", "vm-1", "vm-1"), back.stringColumn("host").asList());
        assertEquals(List.of("6.18.0", "6.18.0", "6.18.0"), back.stringColumn("kernel").asList());
        assertEquals(ColumnType.LOCAL_DATE, back.column("date").type(), "the partition's date comes back as a date");
        try (Stream<Path> files = Files.walk(root)) {
            List<String> written = files.filter(Files::isRegularFile).map(f -> root.relativize(f).toString()).sorted().toList();
            assertEquals(2, written.size(), written.toString());
            assertTrue(written.getFirst().matches("host=vm-1/date=2026-05-02/tracebook_[0-9a-f-]+\\.parquet"), written.toString());
            assertTrue(written.get(1).startsWith("host=vm-1/date=__HIVE_DEFAULT_PARTITION__/"), "the row without a time: " + written);
        }
    }

    @Test
    void aFleetIsOneQueryOverEveryHostsFiles() {
        Path root = dir.resolve("fleet");
        for (String host : List.of("web-1", "web-2", "db-1")) {
            Table opens = Table.create("opens", StringColumn.create("comm", "nginx", "nginx", host),
                    InstantColumn.create("time", List.of(MAY_2, MAY_2, MAY_2)));
            Parquet.write(opens, new Recording.Machine(host, "6.18.0"), root);
        }
        Parquet.write(Table.create("opens", StringColumn.create("comm", "postgres"), InstantColumn.create("time", List.of(MAY_2))),
                new Recording.Machine("db-1", "6.18.0"), root);
        Table perHost = Parquet.query("SELECT host, count(*) AS opens FROM read_parquet('" + root + "/**/*.parquet', "
                + "hive_partitioning = true) WHERE comm <> 'nginx' GROUP BY host ORDER BY host");
        assertEquals(List.of("db-1", "web-1", "web-2"), perHost.stringColumn("host").asList());
        assertEquals(List.of(2L, 1L, 1L), perHost.longColumn("opens").asList(), "db-1 wrote twice: files are added, none replaced");
    }

    @Test
    void aRecordingWritesADatasetPerStreamWithWhenEachEventArrived() {
        Table events = Table.create("opensnoop/events", LongColumn.create("pid", 1, 2),
                InstantColumn.create("received", List.of(MAY_2, MAY_2.plusMillis(5))));
        Recording.Contents contents = new Recording.Contents("vm-2", "6.1.0", 2, MAY_2, "notebooks/x.ipynb", null, List.of(events));
        List<Path> written = Parquet.write(contents, dir);
        assertEquals(List.of(dir.resolve("opensnoop-events")), written);
        Table back = Parquet.read(written.getFirst()).sortAscendingOn("time");
        assertEquals(List.of(1L, 2L), back.longColumn("pid").asList());
        assertEquals(events.instantColumn("received").asList(), back.instantColumn("time").asList(), "to Tablesaw's millisecond");
        assertEquals(List.of("vm-2", "vm-2"), back.stringColumn("host").asList());
    }

    @Test
    void aColumnParquetAddsIsNotOverwritten() {
        Table clash = Table.create("clash", StringColumn.create("host", "mine"));
        BpfException e = assertThrows(BpfException.class, () -> Parquet.write(clash, VM1, dir));
        assertEquals("table 'clash' already has a column 'host', which Parquet.write adds (host, kernel, time, date): rename it, "
                + "e.g. table.column(\"host\").setName(\"host_\")", e.getMessage());
    }
}
