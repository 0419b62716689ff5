package io.tracebook.bpf.chart;

import java.util.Arrays;
import tech.tablesaw.api.Table;

/** Sparklines: one block character per value, scaled to the largest. */
final class Sparkline {
    private static final String BLOCKS = "▁▂▃▄▅▆▇█";

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
        var series = RateSeries.of(rates);
        int width = series.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder out = new StringBuilder();
        series.forEach((label, points) -> {
            double[] v = points.stream().mapToDouble(p -> p[1]).toArray();
            double max = Arrays.stream(v).max().orElse(0);
            out.append(label).append(" ".repeat(width - label.length())).append("  ").append(of(v))
                    .append("  max ").append(perSecond(max)).append("  last ").append(perSecond(v[v.length - 1])).append('\n');
        });
        return out.toString();
    }

    private static String perSecond(double rate) {
        return (rate == Math.rint(rate) ? String.valueOf((long) rate) : String.format("%.1f", rate)) + "/s";
    }
}
