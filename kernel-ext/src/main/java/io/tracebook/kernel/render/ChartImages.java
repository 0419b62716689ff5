package io.tracebook.kernel.render;

import io.tracebook.bpf.chart.Charts;
import java.util.Base64;
import org.knowm.xchart.internal.chartpart.Chart;

/** XChart charts as Jupyter data: PNG (base64, as the protocol carries it) and a one-line text. */
final class ChartImages {

    private ChartImages() {
    }

    static String png(Chart<?, ?> chart) {
        return Base64.getEncoder().encodeToString(Charts.png(chart));
    }

    static String text(Chart<?, ?> chart) {
        String title = chart.getTitle() == null || chart.getTitle().isBlank() ? "" : " '" + chart.getTitle() + "'";
        return chart.getClass().getSimpleName() + title + " (" + chart.getWidth() + "x" + chart.getHeight() + ")";
    }
}
