package io.tracebook.bpf.chart;

import io.tracebook.bpf.error.BpfException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * XChart charts of the tables {@code io.tracebook.bpf.table} makes, with titles, labelled axes and
 * units, and PNG/SVG output. Charts render headless ({@code java.awt.headless=true}).
 */
public final class Charts {
    private static final int MAX_SERIES = 10;
    static final String NO_VALUES = "no values yet";

    private Charts() {
    }

    /** Bars of a {@code Hist.log2} or {@code Hist.linear} table, labelled with its buckets; titled with the table's name. */
    public static CategoryChart histogram(Table hist) {
        return histogram(hist, Unit.NONE);
    }

    /** As {@link #histogram(Table)}, bucket labels in {@code unit}: with nanoseconds, {@code [16.4us, 32.8us)}. */
    public static CategoryChart histogram(Table hist, Unit unit) {
        return histogram(hist, unit, hist.name(), unit == Unit.NONE ? "value" : "value (" + unit.symbol() + ")");
    }

    public static CategoryChart histogram(Table hist, Unit unit, String title, String xTitle) {
        List<String> labels = BucketLabels.of(hist, unit);
        LongColumn count = hist.longColumn("count");
        CategoryChart chart = new CategoryChart(ChartStyle.WIDTH, ChartStyle.HEIGHT);
        chart.setTitle(title);
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle("count");
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setAvailableSpaceFill(0.85);
        chart.getStyler().setXAxisLabelRotation(labelsCrowd(labels) ? 45 : 0);
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisTickMarkSpacingHint(TickSpacing.of(count, ChartStyle.HEIGHT, TickSpacing.UP));
        // XChart cannot paint a category chart without categories: a live histogram starts empty
        if (labels.isEmpty()) {
            chart.addSeries("count", List.of(NO_VALUES), List.of(0L));
            chart.getStyler().setYAxisMax(1.0);
        } else {
            chart.addSeries("count", labels, count.asList());
        }
        return chart;
    }

    /** Whether the bucket labels, written side by side at about 7 pixels a character, are wider than the plot. */
    private static boolean labelsCrowd(List<String> labels) {
        int characters = labels.stream().mapToInt(label -> label.length() + 2).sum();
        return characters * 7 > ChartStyle.WIDTH - 160;
    }

    /**
     * Lines of events per second over time from a {@code Rates} table, one per key (the ten
     * largest; the rest are left out and the title says how many).
     */
    public static XYChart timeSeries(Table rates) {
        return timeSeries(rates, rates.name());
    }

    public static XYChart timeSeries(Table rates, String title) {
        Map<String, List<double[]>> series = RateSeries.of(rates);
        XYChart chart = new XYChart(ChartStyle.WIDTH, ChartStyle.HEIGHT);
        int hidden = Math.max(0, series.size() - MAX_SERIES);
        chart.setTitle(hidden == 0 ? title : title + " (top " + MAX_SERIES + " of " + series.size() + ")");
        chart.setXAxisTitle("time (s)");
        chart.setYAxisTitle("events/s");
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setMarkerSize(4);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern("#,##0.##");
        chart.getStyler().setLegendVisible(series.size() > 1);
        series.entrySet().stream().limit(MAX_SERIES).forEach(e -> {
            double[] x = e.getValue().stream().mapToDouble(p -> p[0]).toArray();
            double[] y = e.getValue().stream().mapToDouble(p -> p[1]).toArray();
            chart.addSeries(e.getKey(), x, y).setMarker(SeriesMarkers.CIRCLE);
        });
        return chart;
    }

    /**
     * Horizontal bars of a top-N table ({@code TopN} or {@code Aggregate}): the key columns name the
     * bars, the last numeric column is their length; the first row is the top bar.
     */
    public static XYChart topN(Table top) {
        return topN(top, top.name());
    }

    public static XYChart topN(Table top, String title) {
        return HorizontalBars.of(top, title);
    }

    /**
     * Latency heatmap from a {@code Hist.log2Over} table: time across, log2 buckets up, colour by
     * count.
     */
    public static HeatMapChart heatmap(Table histOverTime) {
        return heatmap(histOverTime, Unit.NONE, histOverTime.name());
    }

    public static HeatMapChart heatmap(Table histOverTime, Unit unit, String title) {
        return Heatmap.of(histOverTime, unit, title);
    }

    /**
     * Gives a chart made with XChart's own builders the look of these charts (fonts, colours, white
     * background), then returns it: {@code Charts.styled(new CategoryChartBuilder()...build())}.
     * Style it further after this call; this one sets every property it touches.
     */
    public static <C extends Chart<? extends AxesChartStyler, ?>> C styled(C chart) {
        ChartStyle.apply(chart.getStyler());
        return chart;
    }

    public static byte[] png(Chart<?, ?> chart) {
        return Png.of(chart);
    }

    /**
     * The chart as SVG. XChart draws text as outlines, so the title, axis titles and series names
     * are also given as the SVG's {@code <title>} and {@code <desc>}.
     */
    public static Svg svg(Chart<?, ?> chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the chart as SVG: " + e.getMessage(), e);
        }
        String described = SvgDescription.add(out.toString(StandardCharsets.UTF_8), chart);
        // XChart's XML declaration and DOCTYPE are optional in a file and out of place inline in HTML
        String markup = described.substring(described.indexOf("<svg"));
        String title = chart.getTitle() == null || chart.getTitle().isBlank() ? "" : " \"" + chart.getTitle() + "\"";
        return new Svg(markup, chart.getWidth(), chart.getHeight(), chart.getClass().getSimpleName() + title);
    }

    /** Writes the chart as PNG or SVG, chosen by the file name's extension ({@code .png}, {@code .svg}). */
    public static Path save(Chart<?, ?> chart, Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase();
        if (name.endsWith(".png")) return Files.write(file, png(chart));
        if (name.endsWith(".svg")) return Files.writeString(file, svg(chart).markup());
        throw new BpfException("cannot tell the format of " + file + "; name it .png or .svg");
    }
}
