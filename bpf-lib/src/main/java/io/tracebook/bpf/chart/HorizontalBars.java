package io.tracebook.bpf.chart;

import io.tracebook.bpf.error.BpfException;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Horizontal bars, drawn as filled rectangles on an XYChart (XChart's CategoryChart only draws
 * vertical bars): bar i sits at y = n - 1 - i, and the y tick labels name the bars.
 */
final class HorizontalBars {
    private static final double HALF_HEIGHT = 0.38;
    private static final int ROW_PIXELS = 48;

    private HorizontalBars() {
    }

    static XYChart of(Table top, String title) {
        NumericColumn<?> value = valueColumn(top);
        // the key columns are those before the value: comm, pid in (comm, pid, count)
        List<Column<?>> keys = new ArrayList<>();
        for (Column<?> c : top.columns()) if (top.columnIndex(c) < top.columnIndex(value)) keys.add(c);
        int n = top.rowCount();
        List<String> names = new ArrayList<>();
        for (int row = 0; row < n; row++) {
            List<String> parts = new ArrayList<>();
            for (Column<?> c : keys) parts.add(c.getString(row));
            names.add(String.join(" ", parts));
        }
        XYChart chart = new XYChart(ChartStyle.WIDTH, Math.max(ChartStyle.HEIGHT / 2, 110 + ROW_PIXELS * n));
        chart.setTitle(title);
        chart.setXAxisTitle(value.name());
        chart.setYAxisTitle(keys.stream().map(Column::name).reduce((a, b) -> a + " " + b).orElse(""));
        ChartStyle.apply(chart.getStyler());
        var styler = chart.getStyler();
        styler.setLegendVisible(false);
        styler.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        styler.setPlotGridHorizontalLinesVisible(false);
        styler.setPlotGridVerticalLinesVisible(true);
        styler.setXAxisMin(0.0);
        styler.setXAxisDecimalPattern("#,##0.##");
        styler.setXAxisTickMarkSpacingHint(TickSpacing.of(value, ChartStyle.WIDTH, TickSpacing.ACROSS));
        // rows taller than the tick spacing hint make XChart tick every integer, where the names are
        styler.setYAxisTickMarkSpacingHint(ROW_PIXELS - 4);
        styler.setyAxisTickLabelsFormattingFunction(y -> label(names, n, y));
        for (int row = 0; row < n; row++) {
            double y = n - 1 - row;
            double v = value.getDouble(row);
            double[] xs = {0, v, v, 0, 0};
            double[] ys = {y - HALF_HEIGHT, y - HALF_HEIGHT, y + HALF_HEIGHT, y + HALF_HEIGHT, y - HALF_HEIGHT};
            XYSeries bar = chart.addSeries(unique(chart, names.get(row)), xs, ys);
            bar.setMarker(SeriesMarkers.NONE);
            bar.setLineStyle(SeriesLines.SOLID);
            bar.setFillColor(ChartStyle.SERIES[0]);
            bar.setLineColor(ChartStyle.SERIES[0]);
        }
        return chart;
    }

    /**
     * The bar's name at an integral y inside the bars. XChart shows only the ends of an axis whose
     * labels repeat, so no two labels may be equal, blank ones included.
     */
    private static String label(List<String> names, int n, double y) {
        long rounded = Math.round(y);
        if (Math.abs(y - rounded) > 1e-6 || rounded < 0 || rounded >= n) return invisible(y);
        return names.get((int) (n - 1 - rounded));
    }

    /** Ticks between or beyond the bars: a label nobody sees, different for every tick (zero-width spaces). */
    private static String invisible(double y) {
        return "\u200B".repeat(1 + (int) Math.max(0, Math.round((y + 2) * 8)));
    }

    private static NumericColumn<?> valueColumn(Table top) {
        for (int i = top.columnCount() - 1; i >= 0; i--) {
            if (top.column(i) instanceof NumericColumn<?> numeric) return numeric;
        }
        throw new BpfException("table " + top.name() + " has no numeric column to size the bars by; make one with TopN.count(...)");
    }

    private static String unique(XYChart chart, String name) {
        String candidate = name.isBlank() ? "(empty)" : name;
        for (int i = 2; chart.getSeriesMap().containsKey(candidate); i++) candidate = name + " (" + i + ")";
        return candidate;
    }
}
