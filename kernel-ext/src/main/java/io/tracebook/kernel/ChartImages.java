package io.tracebook.kernel;

import io.tracebook.bpf.chart.Charts;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** XChart charts as Jupyter image data: PNG (base64, as the protocol carries it) and SVG text. */
final class ChartImages {

    private ChartImages() {
    }

    static String png(Chart<?, ?> chart) {
        return Base64.getEncoder().encodeToString(Charts.png(chart));
    }

    static String svg(Chart<?, ?> chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the chart as SVG", e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static String text(Chart<?, ?> chart) {
        String title = chart.getTitle() == null || chart.getTitle().isBlank() ? "" : " '" + chart.getTitle() + "'";
        return chart.getClass().getSimpleName() + title + " (" + chart.getWidth() + "x" + chart.getHeight() + ")";
    }
}
