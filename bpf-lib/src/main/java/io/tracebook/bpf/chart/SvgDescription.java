package io.tracebook.bpf.chart;

import io.tracebook.bpf.error.BpfException;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * XChart draws every piece of text as glyph outlines, so its SVG holds no text. This puts the
 * chart's words back as SVG's own {@code <title>} (shown as the tooltip, read by screen readers)
 * and {@code <desc>}: axis titles, series names and category labels, so the file can be searched and checked.
 */
final class SvgDescription {
    private SvgDescription() {
    }

    static String add(String svg, Chart<?, ?> chart) {
        int open = svg.indexOf("<svg");
        int end = open < 0 ? -1 : svg.indexOf('>', open);
        if (end < 0) throw new BpfException("XChart's SVG has no <svg> element");
        List<String> parts = new ArrayList<>();
        if (!blank(chart.getXAxisTitle())) parts.add("x axis: " + chart.getXAxisTitle());
        if (!blank(chart.getYAxisTitle())) parts.add("y axis: " + chart.getYAxisTitle());
        if (!chart.getSeriesMap().isEmpty()) parts.add("series: " + String.join(", ", chart.getSeriesMap().keySet()));
        if (chart instanceof CategoryChart bars && !bars.getSeriesMap().isEmpty()) {
            parts.add("categories: " + joined(bars.getSeriesMap().values().iterator().next().getXData()));
        }
        if (chart instanceof HeatMapChart heat && heat.getHeatMapSeries() != null) {
            parts.add("x: " + joined(heat.getHeatMapSeries().getXData()) + "; y: " + joined(heat.getHeatMapSeries().getYData()));
        }
        String text = "\n  <title>" + escape(chart.getTitle()) + "</title>\n  <desc>" + escape(String.join("; ", parts)) + "</desc>";
        return svg.substring(0, end + 1) + text + svg.substring(end + 1);
    }

    private static String joined(java.util.Collection<?> values) {
        return String.join(", ", values.stream().map(String::valueOf).toList());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static String escape(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
