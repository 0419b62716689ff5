package io.tracebook.bpf.analysis;

import io.tracebook.bpf.error.BpfException;
import tech.tablesaw.api.Table;

/** The n keys with the most events (or the largest sum), largest first: bpftrace's {@code print(@m, n)}. */
public final class TopN {
    private TopN() {
    }

    /** The n most frequent keys: key columns and {@code count}. */
    public static Table count(Table table, int n, String... keys) {
        return first(Aggregate.by(table, keys).count(), n, table.name(), "count", keys);
    }

    /** The n keys with the largest sum of {@code column}: key columns and {@code sum}. */
    public static Table sum(Table table, int n, String column, String... keys) {
        return first(Aggregate.by(table, keys).sum(column), n, table.name(), "sum of " + column, keys);
    }

    /** Named "calls: top 8 pid, comm by sum of value". */
    private static Table first(Table sorted, int n, String from, String by, String[] keys) {
        if (n < 1) throw new BpfException("top " + n + " is empty; ask for 1 or more rows");
        String prefix = from == null || from.isBlank() ? "" : from + ": ";
        return sorted.first(n).setName(prefix + "top " + n + " " + String.join(", ", keys) + " by " + by);
    }
}
