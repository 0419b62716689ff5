package io.tracebook.bpf.chart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Sparklines: one block character per value, scaled to the largest. */
final class Sparkline {
    private static final String BLOCKS = "▁▂▃▄▅▆▇█";
    private static final Set<String> RATE_COLUMNS = Set.of("start_ns", "seconds", "count", "rate");

    private Sparkline() {
    }

    static String of(double... values) {
        double max = 0;
        for (double v : values) max = Math.max(max, v);
        StringBuilder out = new StringBuilder(values.length);
        int top = BLOCKS.length() - 1;
        for (double v : values) {
            int level = v <= 0 || max == 0 ? 0 : Math.max(1, (int) Math.ceil(v / max * top));
            out.append(BLOCKS.charAt(level));
        }
        return out.toString();
    }

    static String ofRates(Table rates) {
        if (!rates.containsColumn("rate")) {
            throw new IllegalArgumentException("table " + rates.name() + " has no rate column; make one with Rates.perSecond(table, \"ts\")");
        }
        List<Column<?>> keys = new ArrayList<>();
        for (Column<?> c : rates.columns()) if (!RATE_COLUMNS.contains(c.name())) keys.add(c);
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (int row = 0; row < rates.rowCount(); row++) {
            List<String> key = new ArrayList<>();
            for (Column<?> c : keys) key.add(c.getString(row));
            String label = keys.isEmpty() ? "rate" : String.join(" ", key);
            series.computeIfAbsent(label, k -> new ArrayList<>()).add(rates.doubleColumn("rate").getDouble(row));
        }
        int width = series.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder out = new StringBuilder();
        series.forEach((label, values) -> {
            double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
            double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            out.append(label).append(" ".repeat(width - label.length())).append("  ").append(of(v))
                    .append("  max ").append(perSecond(max)).append("  last ").append(perSecond(v[v.length - 1])).append('\n');
        });
        return out.toString();
    }

    private static String perSecond(double rate) {
        return (rate == Math.rint(rate) ? String.valueOf((long) rate) : String.format("%.1f", rate)) + "/s";
    }
}
