package io.tracebook.bpf.dsl;

import io.tracebook.bpf.analysis.Hist;
import io.tracebook.bpf.analysis.Rates;
import io.tracebook.bpf.dsl.Action.Aggregate;
import io.tracebook.bpf.dsl.Action.Histogram;
import io.tracebook.bpf.dsl.Action.LinearHistogram;
import io.tracebook.bpf.dsl.Field.Role;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Reads an aggregation's per-CPU map into the Table the user asked for: the CPUs combined per key, stacks and
 * probes named, largest first. Counts, sums, minimums and maximums are LONG columns, averages DOUBLE (as
 * {@code Aggregate} makes them); histograms are {@code Hist}'s tables, one block of rows per key.
 */
final class AggregateResults {
    private final Spec spec;
    private final Generated generated;
    private final ResultColumns columns;

    AggregateResults(Spec spec, Generated generated, ResultColumns columns) {
        this.spec = spec;
        this.generated = generated;
        this.columns = columns;
    }

    /** One key: its output values, and what the CPUs added up to. */
    private record Group(List<Object> key, long[] totals) {
        long total() {
            return totals[0];
        }
    }

    Table read(Table raw) {
        List<Field> fields = generated.fields();
        int keyCount = fields.isEmpty() ? 1 : fields.size();
        boolean stats = spec.action() instanceof Aggregate a && a.kind() != Action.Kind.COUNT && a.kind() != Action.Kind.SUM;
        Map<List<Object>, long[]> combined = new LinkedHashMap<>();
        for (int row = 0; row < raw.rowCount(); row++) {
            List<Object> key = new ArrayList<>(keyCount);
            for (int i = 0; i < keyCount; i++) key.add(fields.isEmpty() ? raw.column(i).get(row) : columns.value(raw, i, row));
            long[] totals = combined.computeIfAbsent(key, k -> new long[stats ? 4 : 1]);
            if (stats) {
                addStats(totals, raw, keyCount, row);
            } else {
                totals[0] += number(raw, keyCount, row);
            }
        }
        String name = spec.chain();
        return switch (spec.action()) {
            case Histogram h -> histograms(raw, combined, name, counts -> Hist.log2FromCounts(name, counts));
            case LinearHistogram h -> histograms(raw, combined, name, counts -> Hist.linearFromCounts(name, counts, h.min(), h.max(), h.step()));
            default -> spec.interval() != null ? perInterval(raw, combined, name) : values(raw, combined, name, (Aggregate) spec.action());
        };
    }

    private static long number(Table raw, int column, int row) {
        return ((Number) raw.column(column).get(row)).longValue();
    }

    private static void addStats(long[] totals, Table raw, int at, int row) {
        long count = number(raw, at, row);
        if (count == 0) return;   // a CPU that saw nothing of this key
        long min = number(raw, at + 2, row);
        long max = number(raw, at + 3, row);
        totals[2] = totals[0] == 0 ? min : Math.min(totals[2], min);
        totals[3] = totals[0] == 0 ? max : Math.max(totals[3], max);
        totals[0] += count;
        totals[1] += number(raw, at + 1, row);
    }

    /** Key columns (the user's, not bucket or interval), empty, for the result. */
    private List<Column<?>> keyColumns(Table raw) {
        List<Column<?>> keys = new ArrayList<>();
        List<Field> fields = generated.fields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).role() == Role.VALUE || fields.get(i).role() == Role.STACK_PID) keys.add(columns.empty(fields.get(i), raw.column(i)));
        }
        return keys;
    }

    private List<Object> userKey(List<Object> key) {
        List<Object> user = new ArrayList<>();
        List<Field> fields = generated.fields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).role() == Role.VALUE || fields.get(i).role() == Role.STACK_PID) user.add(key.get(i));
        }
        return user;
    }

    private int indexOf(Role role) {
        List<Field> fields = generated.fields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).role() == role) return i;
        }
        return 0;   // no key struct: the array's index is the bucket
    }

    private Table values(Table raw, Map<List<Object>, long[]> combined, String name, Aggregate aggregate) {
        List<Group> groups = new ArrayList<>();
        boolean single = generated.fields().isEmpty();
        combined.forEach((key, totals) -> {
            boolean seen = totals[0] != 0 || aggregate.kind() == Action.Kind.SUM;
            if (seen || single && (aggregate.kind() == Action.Kind.COUNT)) groups.add(new Group(userKey(key), totals));
        });
        groups.sort(Comparator.comparingLong((Group g) -> -g.total()).thenComparing(g -> g.key().toString()));
        List<Group> shown = spec.top() > 0 ? groups.subList(0, Math.min(spec.top(), groups.size())) : groups;
        List<Column<?>> keys = keyColumns(raw);
        LongColumn count = LongColumn.create("count");
        LongColumn sum = LongColumn.create("sum");
        DoubleColumn avg = DoubleColumn.create("avg");
        LongColumn min = LongColumn.create("min");
        LongColumn max = LongColumn.create("max");
        for (Group g : shown) {
            for (int i = 0; i < keys.size(); i++) ResultColumns.append(keys.get(i), g.key().get(i));
            long[] t = g.totals();
            switch (aggregate.kind()) {
                case COUNT -> count.append(t[0]);
                case SUM -> sum.append(t[0]);
                default -> {
                    count.append(t[0]);
                    sum.append(t[1]);
                    avg.append((double) t[1] / t[0]);
                    min.append(t[2]);
                    max.append(t[3]);
                }
            }
        }
        Table table = Table.create(name, keys.toArray(Column<?>[]::new));
        return switch (aggregate.kind()) {
            case COUNT -> table.addColumns(count);
            case SUM -> table.addColumns(sum);
            case AVG -> table.addColumns(avg);
            case MIN -> table.addColumns(min);
            case MAX -> table.addColumns(max);
            case STATS -> table.addColumns(count, sum, avg, min, max);
        };
    }

    private Table histograms(Table raw, Map<List<Object>, long[]> combined, String name,
                             java.util.function.Function<Map<Long, Long>, Table> histogram) {
        int bucket = indexOf(Role.BUCKET);
        Map<List<Object>, TreeMap<Long, Long>> byKey = new LinkedHashMap<>();
        combined.forEach((key, totals) -> byKey.computeIfAbsent(userKey(key), k -> new TreeMap<>())
                .merge(((Number) key.get(bucket)).longValue(), totals[0], Long::sum));
        List<Map.Entry<List<Object>, TreeMap<Long, Long>>> groups = new ArrayList<>(byKey.entrySet());
        groups.removeIf(e -> e.getValue().values().stream().allMatch(n -> n == 0));
        groups.sort(Comparator.comparingLong((Map.Entry<List<Object>, TreeMap<Long, Long>> e) ->
                -e.getValue().values().stream().mapToLong(Long::longValue).sum()).thenComparing(e -> e.getKey().toString()));
        if (spec.top() > 0 && groups.size() > spec.top()) groups = groups.subList(0, spec.top());
        List<Column<?>> keys = keyColumns(raw);
        Table result = Table.create(name, keys.toArray(Column<?>[]::new)).addColumns(histogram.apply(Map.of()).columns().stream()
                .map(Column::emptyCopy).toArray(Column<?>[]::new));
        for (Map.Entry<List<Object>, TreeMap<Long, Long>> g : groups) {
            Table rows = histogram.apply(g.getValue());
            for (int r = 0; r < rows.rowCount(); r++) {
                for (int i = 0; i < keys.size(); i++) ResultColumns.append(result.column(i), g.getKey().get(i));
                for (int c = 0; c < rows.columnCount(); c++) {
                    Column<?> from = rows.column(c);
                    if (from.isMissing(r)) {
                        result.column(keys.size() + c).appendMissing();
                    } else {
                        ResultColumns.append(result.column(keys.size() + c), from.get(r));
                    }
                }
            }
        }
        return result;
    }

    /** {@code count().per(interval)}: Rates' columns, every key in every interval from the first to the last, zeros included. */
    private Table perInterval(Table raw, Map<List<Object>, long[]> combined, String name) {
        int at = indexOf(Role.INTERVAL);
        long intervalNs = spec.interval().toNanos();
        Map<List<Object>, TreeMap<Long, Long>> byKey = new LinkedHashMap<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Map.Entry<List<Object>, long[]> e : combined.entrySet()) {
            if (e.getValue()[0] == 0) continue;
            long interval = ((Number) e.getKey().get(at)).longValue();
            first = Math.min(first, interval);
            last = Math.max(last, interval);
            byKey.computeIfAbsent(userKey(e.getKey()), k -> new TreeMap<>()).merge(interval, e.getValue()[0], Long::sum);
        }
        List<Map.Entry<List<Object>, TreeMap<Long, Long>>> series = new ArrayList<>(byKey.entrySet());
        series.sort(Comparator.comparingLong(e -> -e.getValue().values().stream().mapToLong(Long::longValue).sum()));
        if (spec.top() > 0 && series.size() > spec.top()) series = series.subList(0, spec.top());
        List<Column<?>> keys = keyColumns(raw);
        LongColumn start = LongColumn.create(Rates.START_NS);
        DoubleColumn seconds = DoubleColumn.create(Rates.SECONDS);
        LongColumn count = LongColumn.create(Rates.COUNT);
        DoubleColumn rate = DoubleColumn.create(Rates.RATE);
        for (Map.Entry<List<Object>, TreeMap<Long, Long>> s : series) {
            for (long i = first; i <= last; i++) {
                start.append(i * intervalNs);
                seconds.append((i - first) * intervalNs / 1e9);
                for (int k = 0; k < keys.size(); k++) ResultColumns.append(keys.get(k), s.getKey().get(k));
                long n = s.getValue().getOrDefault(i, 0L);
                count.append(n);
                rate.append(n * 1e9 / intervalNs);
            }
        }
        Table table = Table.create(name, start, seconds);
        for (Column<?> k : keys) table.addColumns(k);
        return table.addColumns(count, rate);
    }
}
