package io.tracebook.export;

import io.tracebook.bpf.Recording;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.stream.EventStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Traces as Parquet datasets that Spark, Trino or DuckDB read across a fleet: each row gets the {@code host} and
 * {@code kernel} it comes from and a {@code time}, and files go under {@code root} partitioned hive-style,
 * {@code root/host=vm-1/date=2026-05-02/tracebook_<uuid>.parquet} (the date of {@code time}, in UTC). Writing adds
 * files and never replaces one, so many hosts and runs can write into one dataset.
 *
 * <pre>
 * Parquet.write(o.events("events").collect(Duration.ofSeconds(10)), Path.of("traces/opens"));
 * Parquet.write(Recording.read(Path.of("01-hello-tracepoint.recording.zip")), Path.of("traces"));
 * Parquet.query("SELECT host, count(*) FROM read_parquet('traces/opens/**' + '/*.parquet', hive_partitioning = true) GROUP BY host");
 * </pre>
 *
 * DuckDB (its JDBC driver) does the writing and reading.
 */
public final class Parquet {
    public static final String HOST = "host";
    public static final String KERNEL = "kernel";
    public static final String TIME = "time";
    public static final String DATE = "date";
    /** A collect this long per batch of a stream's export: each batch's rows get the time it ended. */
    private static final Duration SLICE = Duration.ofSeconds(1);

    private Parquet() {
    }

    /**
     * Adds {@code table}'s rows to the dataset at {@code root}, with the host and kernel of the session (in a replay,
     * the recording's) and as {@code time} the table's own {@code time} column if it has an Instant one, else now.
     */
    public static Path write(Table table, Path root) {
        return write(table, Recording.machine(), root);
    }

    /** As {@link #write(Table, Path)}, for rows that came from {@code machine}. */
    public static Path write(Table table, Recording.Machine machine, Path root) {
        Table rows = withOrigin(table, machine, table.containsColumn(TIME) ? null : Instant.now());
        try (DuckDb db = new DuckDb()) {
            db.load("rows", rows);
            createDirectories(root);
            db.execute("COPY (SELECT *, CAST(" + DuckDb.quote(TIME) + " AS DATE) AS " + DuckDb.quote(DATE) + " FROM rows) TO "
                    + DuckDb.literal(root.toString()) + " (FORMAT parquet, PARTITION_BY (" + DuckDb.quote(HOST) + ", "
                    + DuckDb.quote(DATE) + "), APPEND, FILENAME_PATTERN 'tracebook_{uuid}')");
        }
        return root;
    }

    /** Reads {@code stream} for {@code duration} into the dataset at {@code root}; each second's events get the time it ended. */
    public static Path write(EventStream stream, Duration duration, Path root) {
        long deadline = System.nanoTime() + duration.toNanos();
        Table all = null;
        while (!Thread.currentThread().isInterrupted()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) break;
            Table slice = stream.collect(Duration.ofNanos(Math.min(left, SLICE.toNanos())));
            slice.addColumns(times(Instant.now(), slice.rowCount()));
            if (all == null) all = slice;
            else all.append(slice);
        }
        return all == null ? root : write(all, root);
    }

    /**
     * Every stream of a recording, each into its own dataset under {@code root} ("object-stream", e.g.
     * {@code root/opensnoop-events/host=.../date=...}), with the host and kernel it was recorded on and as
     * {@code time} when each event arrived. Returns the datasets written.
     */
    public static List<Path> write(Recording.Contents recording, Path root) {
        Recording.Machine machine = new Recording.Machine(recording.host(), recording.kernel());
        List<Path> written = new ArrayList<>();
        for (Table events : recording.events()) {
            Table rows = events.copy();
            rows.column("received").setName(TIME);
            written.add(write(rows, machine, root.resolve(events.name().replaceAll("[^A-Za-z0-9_.-]+", "-"))));
        }
        return written;
    }

    /** Every row of the dataset at {@code root}, {@code host} and {@code date} (from the directories) included. */
    public static Table read(Path root) {
        try (DuckDb db = new DuckDb()) {
            return db.query("SELECT * FROM read_parquet(" + DuckDb.literal(root + "/**/*.parquet")
                    + ", hive_partitioning = true, union_by_name = true)", root.getFileName().toString());
        }
    }

    /** Runs DuckDB SQL (read_parquet(..) reads any Parquet files, a fleet's included); the result as a Table. */
    public static Table query(String sql) {
        try (DuckDb db = new DuckDb()) {
            return db.query(sql, "query");
        }
    }

    /** A copy of {@code table} with host and kernel, and {@code time} when given (else the table has one). */
    private static Table withOrigin(Table table, Recording.Machine machine, Instant time) {
        for (String added : time == null ? List.of(HOST, KERNEL, DATE) : List.of(HOST, KERNEL, TIME, DATE)) {
            if (table.containsColumn(added)) {
                throw new BpfException("table '" + table.name() + "' already has a column '" + added + "', which Parquet.write "
                        + "adds (host, kernel, time, date): rename it, e.g. table.column(\"" + added + "\").setName(\"" + added + "_\")");
            }
        }
        if (time == null && !(table.column(TIME) instanceof InstantColumn)) {
            throw new BpfException("table '" + table.name() + "' has a column 'time' of type " + table.column(TIME).type()
                    + ": Parquet.write takes it as the rows' time only when it holds Instants; rename it");
        }
        Table rows = table.copy();
        rows.addColumns(repeated(HOST, machine.host(), rows.rowCount()), repeated(KERNEL, machine.kernel(), rows.rowCount()));
        if (time != null) rows.addColumns(times(time, rows.rowCount()));
        return rows;
    }

    private static StringColumn repeated(String name, String value, int rows) {
        StringColumn column = StringColumn.create(name);
        for (int i = 0; i < rows; i++) column.append(value);
        return column;
    }

    private static InstantColumn times(Instant time, int rows) {
        InstantColumn times = InstantColumn.create(TIME);
        for (int i = 0; i < rows; i++) times.append(time);
        return times;
    }

    private static void createDirectories(Path root) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new BpfException("cannot create " + root + " for the Parquet files: " + e.getMessage(), e);
        }
    }
}
