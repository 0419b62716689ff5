package io.tracebook.bpf.chart;

import io.tracebook.bpf.error.BpfException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** The series of a {@code Rates} table: each key's label → its (seconds, rate) points, keys in the table's order. */
final class RateSeries {
    private static final Set<String> RATE_COLUMNS = Set.of("start_ns", "seconds", "count", "rate");

    private RateSeries() {
    }

    static Map<String, List<double[]>> of(Table rates) {
        for (String required : List.of("seconds", "rate")) {
            if (!rates.containsColumn(required)) {
                throw new BpfException("table " + rates.name() + " has no " + required
                        + " column; make one with Rates.perSecond(table, \"ts\", keys...)");
            }
        }
        List<Column<?>> keys = new ArrayList<>();
        for (Column<?> c : rates.columns()) if (!RATE_COLUMNS.contains(c.name())) keys.add(c);
        NumericColumn<?> seconds = rates.numberColumn("seconds");
        NumericColumn<?> rate = rates.numberColumn("rate");
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (int row = 0; row < rates.rowCount(); row++) {
            List<String> key = new ArrayList<>();
            for (Column<?> c : keys) key.add(c.getString(row));
            String label = keys.isEmpty() ? "rate" : String.join(" ", key);
            series.computeIfAbsent(label.isBlank() ? "(empty)" : label, k -> new ArrayList<>())
                    .add(new double[] {seconds.getDouble(row), rate.getDouble(row)});
        }
        return series;
    }
}
