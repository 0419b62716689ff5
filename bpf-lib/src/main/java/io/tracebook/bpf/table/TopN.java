package io.tracebook.bpf.table;

import tech.tablesaw.api.Table;

/** The n keys with the most events (or the largest sum), largest first: bpftrace's {@code print(@m, n)}. */
public final class TopN {
    private TopN() {
    }

    /** The n most frequent keys: key columns and {@code count}. */
    public static Table count(Table table, int n, String... keys) {
        return first(Aggregate.by(table, keys).count(), n);
    }

    /** The n keys with the largest sum of {@code column}: key columns and {@code sum}. */
    public static Table sum(Table table, int n, String column, String... keys) {
        return first(Aggregate.by(table, keys).sum(column), n);
    }

    private static Table first(Table sorted, int n) {
        if (n < 1) throw new IllegalArgumentException("top " + n + " is empty; ask for 1 or more rows");
        return sorted.first(n).setName("top " + n + " of " + sorted.name());
    }
}
