package io.tracebook.bpf.chart;

import io.tracebook.bpf.error.BpfException;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;

/** A latency heatmap: one column per time interval, one row per log2 bucket (low latencies at the bottom). */
final class Heatmap {
    private static final Color[] RANGE = {new Color(0xF7FBFF), new Color(0x9ECAE1), new Color(0x4292C6), new Color(0x08306B)};

    private Heatmap() {
    }

    static HeatMapChart of(Table hist, Unit unit, String title) {
        if (!hist.containsColumn("seconds")) {
            throw new BpfException("table " + hist.name() + " has no seconds column; make a heatmap table with "
                    + "Hist.log2Over(table, \"ts\", \"lat_ns\", Duration.ofSeconds(1))");
        }
        List<String> buckets = BucketLabels.of(hist, unit);
        NumericColumn<?> seconds = hist.numberColumn("seconds");
        NumericColumn<?> count = hist.numberColumn("count");
        Map<Double, Integer> xIndex = new LinkedHashMap<>();
        Map<String, Integer> yIndex = new LinkedHashMap<>();
        List<Number[]> heat = new ArrayList<>();
        for (int row = 0; row < hist.rowCount(); row++) {
            int x = xIndex.computeIfAbsent(seconds.getDouble(row), k -> xIndex.size());
            int y = yIndex.computeIfAbsent(buckets.get(row), k -> yIndex.size());
            heat.add(new Number[] {x, y, count.getDouble(row)});
        }
        // the builder sets every style; new HeatMapChart(w, h) leaves fonts unset and paints nothing
        HeatMapChart chart = new HeatMapChartBuilder().width(ChartStyle.WIDTH).height(ChartStyle.HEIGHT).build();
        chart.setTitle(title);
        chart.setXAxisTitle("time (s)");
        chart.setYAxisTitle(unit == Unit.NONE ? "bucket" : "bucket (" + unit.symbol() + ")");
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setRangeColors(RANGE);
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisLabelRotation(xIndex.size() > 20 ? 90 : 0);
        chart.getStyler().setHeatMapValueDecimalPattern("#,##0");
        List<String> xs = xIndex.keySet().stream().map(Heatmap::seconds).toList();
        if (!heat.isEmpty()) chart.addSeries("count", xs, new ArrayList<>(yIndex.keySet()), heat);
        return chart;
    }

    private static String seconds(double s) {
        return s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s);
    }
}
