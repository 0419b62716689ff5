package io.tracebook.bpf.chart;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.knowm.xchart.internal.chartpart.Chart;

/** A chart painted into a PNG, as XChart's BitmapEncoder would, minus two of its flaws. */
final class Png {
    private Png() {
    }

    static byte[] of(Chart<?, ?> chart) {
        BufferedImage image = new BufferedImage(chart.getWidth(), chart.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        // whole-pixel glyph advances space the letters of DejaVu Sans unevenly: "l atency", "bas h"
        graphics.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        chart.paint(graphics, chart.getWidth(), chart.getHeight());
        graphics.dispose();
        // ImageIO buffers a PNG in a temporary file by default: openat() calls that a notebook's own tracing sees
        ImageIO.setUseCache(false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the chart as PNG: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}
