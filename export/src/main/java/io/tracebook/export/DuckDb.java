package io.tracebook.export;

import io.tracebook.bpf.error.BpfException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import tech.tablesaw.api.BooleanColumn;
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
import tech.tablesaw.columns.Column;

/**
 * An in-memory DuckDB, in UTC, and the moves between it and Tablesaw: a Table into a DuckDB table (with DuckDB's
 * appender, column types kept: INTEGER, BIGINT, VARCHAR, TIMESTAMPTZ, ...), and a query's result back into a Table.
 */
final class DuckDb implements AutoCloseable {
    private final DuckDBConnection connection;

    DuckDb() {
        try {
            Connection c = DriverManager.getConnection("jdbc:duckdb:");
            this.connection = c.unwrap(DuckDBConnection.class);
            execute("SET TimeZone = 'UTC'");
        } catch (SQLException e) {
            throw failure("cannot start DuckDB", e);
        }
    }

    void execute(String sql) {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw failure("DuckDB refused " + sql, e);
        }
    }

    /** Creates table {@code name} with {@code table}'s columns and rows. */
    void load(String name, Table table) {
        String columns = table.columns().stream().map(c -> quote(c.name()) + " " + sqlType(c)).collect(Collectors.joining(", "));
        execute("CREATE TABLE " + quote(name) + " (" + columns + ")");
        try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, name)) {
            List<Column<?>> cs = table.columns();
            for (int row = 0; row < table.rowCount(); row++) {
                appender.beginRow();
                for (Column<?> c : cs) append(appender, c, row);
                appender.endRow();
            }
        } catch (SQLException e) {
            throw failure("cannot load table '" + table.name() + "' into DuckDB", e);
        }
    }

    private static String sqlType(Column<?> column) {
        return switch (column) {
            case IntColumn c -> "INTEGER";
            case LongColumn c -> "BIGINT";
            case ShortColumn c -> "SMALLINT";
            case FloatColumn c -> "FLOAT";
            case DoubleColumn c -> "DOUBLE";
            case BooleanColumn c -> "BOOLEAN";
            case InstantColumn c -> "TIMESTAMPTZ";
            case DateTimeColumn c -> "TIMESTAMP";
            case DateColumn c -> "DATE";
            default -> "VARCHAR";   // text; other kinds as their text
        };
    }

    private static void append(DuckDBAppender appender, Column<?> column, int row) throws SQLException {
        if (column.isMissing(row)) {
            appender.appendNull();
            return;
        }
        switch (column) {
            case IntColumn c -> appender.append(c.getInt(row));
            case LongColumn c -> appender.append(c.getLong(row));
            case ShortColumn c -> appender.append(c.getShort(row));
            case FloatColumn c -> appender.append(c.getFloat(row));
            case DoubleColumn c -> appender.append(c.getDouble(row));
            case BooleanColumn c -> appender.append(c.get(row));
            case InstantColumn c -> appender.append(OffsetDateTime.ofInstant(c.get(row), ZoneOffset.UTC));
            case DateTimeColumn c -> appender.append(c.get(row));
            case DateColumn c -> appender.append(c.get(row));
            default -> appender.append(column.getString(row));
        }
    }

    /** Runs a query; its result as a Table named {@code name}, a column per result column, typed like it. */
    Table query(String sql, String name) {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Column<?>> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) columns.add(column(meta.getColumnTypeName(i), meta.getColumnLabel(i)));
            while (rs.next()) {
                for (int i = 0; i < columns.size(); i++) read(rs, i + 1, columns.get(i));
            }
            return Table.create(name, columns);
        } catch (SQLException e) {
            throw failure("DuckDB refused " + sql, e);
        }
    }

    private static Column<?> column(String type, String name) {
        return switch (type) {
            case "INTEGER" -> IntColumn.create(name);
            case "BIGINT" -> LongColumn.create(name);
            case "SMALLINT", "TINYINT" -> ShortColumn.create(name);
            case "FLOAT" -> FloatColumn.create(name);
            case "DOUBLE" -> DoubleColumn.create(name);
            case "BOOLEAN" -> BooleanColumn.create(name);
            case "TIMESTAMP WITH TIME ZONE" -> InstantColumn.create(name);
            case "TIMESTAMP" -> DateTimeColumn.create(name);
            case "DATE" -> DateColumn.create(name);
            default -> StringColumn.create(name);
        };
    }

    private static void read(ResultSet rs, int i, Column<?> column) throws SQLException {
        Object value = rs.getObject(i);
        if (value == null) {
            column.appendMissing();
            return;
        }
        switch (column) {
            case IntColumn c -> c.append(rs.getInt(i));
            case LongColumn c -> c.append(rs.getLong(i));
            case ShortColumn c -> c.append(rs.getShort(i));
            case FloatColumn c -> c.append(rs.getFloat(i));
            case DoubleColumn c -> c.append(rs.getDouble(i));
            case BooleanColumn c -> c.append(rs.getBoolean(i));
            case InstantColumn c -> c.append(rs.getObject(i, OffsetDateTime.class).toInstant());
            case DateTimeColumn c -> c.append(rs.getObject(i, LocalDateTime.class));
            case DateColumn c -> c.append(rs.getObject(i, LocalDate.class));
            case StringColumn c -> c.append(value.toString());
            default -> throw new IllegalStateException("no column kind for " + column.type());
        }
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static BpfException failure(String what, SQLException e) {
        return new BpfException(what + ": " + e.getMessage(), e);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure("cannot close DuckDB", e);
        }
    }
}
