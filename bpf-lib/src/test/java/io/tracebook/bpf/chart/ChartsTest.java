package io.tracebook.bpf.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.analysis.Hist;
import io.tracebook.bpf.analysis.Rates;
import io.tracebook.bpf.analysis.TopN;
import io.tracebook.bpf.error.BpfException;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class ChartsTest {
    private static final Path OUT = Path.of("target", "charts");
    private static final long S = 1_000_000_000L;

    /** 20 s of syscalls from four processes, latencies log-normal around 20 us with a slow tail from second 12. */
    private static Table events() {
        Random random = new Random(7);
        String[] comms = {"java", "bash", "sshd", "systemd-journald"};
        StringColumn comm = StringColumn.create("comm");
        IntColumn pid = IntColumn.create("pid");
        LongColumn ts = LongColumn.create("ts");
        LongColumn lat = LongColumn.create("lat_ns");
        for (int i = 0; i < 20_000; i++) {
            int c = (int) Math.floor(Math.pow(random.nextDouble(), 2.5) * comms.length);
            long t = 1_000 * S + (long) (random.nextDouble() * 20 * S);
            comm.append(comms[c]);
            pid.append(1000 + c);
            ts.append(t);
            double slow = t > 1_012 * S && random.nextDouble() < 0.3 ? 40 : 1;
            lat.append((long) (20_000 * slow * Math.exp(random.nextGaussian() * 0.8)));
        }
        return Table.create("syscalls", comm, pid, ts, lat);
    }

    @Test
    void log2HistogramInMicrosecondsRendersAsPngAndSvg() throws IOException {
        Table hist = Hist.log2(events(), "lat_ns");
        var chart = Charts.histogram(hist, Unit.NANOSECONDS, "read() latency", "latency");
        BufferedImage png = checkPng(chart, "log2-histogram.png");
        assertEquals(900, png.getWidth());
        assertEquals(520, png.getHeight());
        String svg = checkSvg(chart, "log2-histogram.svg");
        assertTrue(svg.contains("read() latency"), "title in the SVG");
        assertTrue(svg.contains("latency") && svg.contains("count"), "axis titles in the SVG");
        assertTrue(svg.contains("[16.4us, 32.8us)"), "bucket labels in microseconds");
    }

    @Test
    void bucketLabelsTurnWhenTheyWouldOverlap() {
        Table eight = Hist.log2(Table.create("t", LongColumn.create("us", new long[] {40, 70, 130, 300, 600, 1100, 3000, 5000})), "us");
        assertEquals(45, Charts.histogram(eight, Unit.MICROSECONDS).getStyler().getXAxisLabelRotation(), "[512us, 1.02ms) and seven more");
        Table three = Hist.log2(Table.create("t", LongColumn.create("us", new long[] {40, 70, 130})), "us");
        assertEquals(0, Charts.histogram(three, Unit.MICROSECONDS).getStyler().getXAxisLabelRotation());
    }

    @Test
    void linearHistogramRenders() throws IOException {
        Table hist = Hist.linear(events(), "lat_ns", 0, 100_000, 10_000);
        var chart = Charts.histogram(hist, Unit.NANOSECONDS, "latency, 10 us buckets", "latency");
        checkPng(chart, "linear-histogram.png");
        assertTrue(checkSvg(chart, "linear-histogram.svg").contains("[10us, 20us)"));
    }

    @Test
    void anEmptyHistogramRendersAndSaysSo() throws IOException {
        Table none = Hist.log2(events().first(0), "lat_ns");
        var chart = Charts.histogram(none, Unit.NANOSECONDS, "no calls yet", "latency");
        checkPng(chart, "empty-histogram.png");
        assertTrue(checkSvg(chart, "empty-histogram.svg").contains(Charts.NO_VALUES), "the empty axis is labelled");
    }

    @Test
    void ratesByKeyRenderAsTimeSeries() throws IOException {
        Table rates = Rates.perSecond(events(), "ts", "comm");
        var chart = Charts.timeSeries(rates, "syscalls per second");
        assertEquals(4, chart.getSeriesMap().size());
        checkPng(chart, "rates.png");
        String svg = checkSvg(chart, "rates.svg");
        assertTrue(svg.contains("syscalls per second") && svg.contains("events/s") && svg.contains("time (s)"));
        assertTrue(svg.contains("systemd-journald"), "legend names the series");
    }

    @Test
    void topNRendersAsHorizontalBars() throws IOException {
        Table top = TopN.count(events(), 4, "comm", "pid");
        var chart = Charts.topN(top, "busiest processes");
        checkPng(chart, "top-n.png");
        String svg = checkSvg(chart, "top-n.svg");
        assertTrue(svg.contains("busiest processes") && svg.contains("count"));
        assertTrue(svg.contains("java 1000") && svg.contains("systemd-journald 1003"), "bars named by their keys");
    }

    @Test
    void manyBarsAreEachNamed() throws IOException {
        StringColumn file = StringColumn.create("file");
        LongColumn bytes = LongColumn.create("bytes");
        for (int i = 0; i < 15; i++) {
            file.append("/var/log/file-" + i + ".log");
            bytes.append(1_000_000L * (15 - i) * (15 - i));
        }
        var chart = Charts.topN(Table.create("bytes written", file, bytes));
        checkPng(chart, "top-15.png");
        String svg = checkSvg(chart, "top-15.svg");
        for (int i = 0; i < 15; i++) assertTrue(svg.contains("/var/log/file-" + i + ".log"), "bar " + i);
    }

    @Test
    void smallCountsGetWholeNumberTicks() throws IOException {
        Table commands = Table.create("commands", StringColumn.create("comm", "jspawnhelper", "uname", "date", "hostname"),
                LongColumn.create("count", 6, 3, 2, 1));
        checkPng(Charts.topN(commands), "top-small-counts.png");
        LongColumn counts = LongColumn.create("count", 6, 3, 2, 1);
        // an 810-pixel axis for 6: a tick per 135 pixels or more, which XChart rounds to a step of 1, never 0.5
        assertEquals(135, TickSpacing.of(counts, 810, TickSpacing.ACROSS));
        assertEquals(TickSpacing.ACROSS, TickSpacing.of(LongColumn.create("count", 30_000, 3), 810, TickSpacing.ACROSS));
        assertEquals(TickSpacing.UP, TickSpacing.of(DoubleColumn.create("share", 0.5, 2.0), 520, TickSpacing.UP));
        Table hist = Hist.linear(Table.create("t", LongColumn.create("v", 1, 1, 1, 2, 3)), "v", 0, 5, 1);
        checkPng(Charts.histogram(hist), "histogram-small-counts.png");
    }

    @Test
    void aChartMadeWithXChartsBuilderTakesOurLook() throws IOException {
        CategoryChart chart = Charts.styled(new CategoryChartBuilder().width(720).height(360).title("opens per process").build());
        chart.addSeries("opens", List.of("bash", "java"), List.of(12, 7));
        assertEquals(Color.WHITE, chart.getStyler().getChartBackgroundColor());
        assertEquals(ChartStyle.SERIES[0], chart.getStyler().getSeriesColors()[0]);
        checkPng(chart, "styled-category.png");
    }

    @Test
    void aPngLeavesNoTemporaryFile() {
        ImageIO.setUseCache(true);
        Charts.png(Charts.topN(TopN.count(events(), 3, "comm")));
        assertFalse(ImageIO.getUseCache(), "ImageIO's file cache would show up as openat() calls in traces of the notebook");
    }

    @Test
    void latencyHeatmapRenders() throws IOException {
        Table heat = Hist.log2Over(events(), "ts", "lat_ns", Duration.ofSeconds(1));
        var chart = Charts.heatmap(heat, Unit.NANOSECONDS, "latency over time");
        checkPng(chart, "heatmap.png");
        String svg = checkSvg(chart, "heatmap.svg");
        assertTrue(svg.contains("latency over time") && svg.contains("time (s)"));
    }

    @Test
    void unitsFormatWithThreeSignificantDigits() {
        assertEquals("16.4us", Unit.NANOSECONDS.format(16_384));
        assertEquals("512ns", Unit.NANOSECONDS.format(512));
        assertEquals("16us", Unit.MICROSECONDS.format(16));
        assertEquals("1.02ms", Unit.MICROSECONDS.format(1024));
        assertEquals("2.15s", Unit.NANOSECONDS.format(2_147_483_648L));
        assertEquals("16KiB", Unit.BYTES.format(16_384));
        assertEquals("0ns", Unit.NANOSECONDS.format(0));
        assertThrows(BpfException.class, () -> Charts.histogram(Table.create("x", LongColumn.create("v"))));
    }

    private static BufferedImage checkPng(Chart<?, ?> chart, String name) throws IOException {
        byte[] bytes = Charts.png(chart);
        Files.createDirectories(OUT);
        Files.write(OUT.resolve(name), bytes);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) colours.add(image.getRGB(x, y));
        }
        assertTrue(colours.size() >= 8, name + " has only " + colours.size() + " colours: blank?");
        return image;
    }

    private static String checkSvg(Chart<?, ?> chart, String name) throws IOException {
        Svg image = Charts.svg(chart);
        String svg = image.markup();
        image.save(OUT.resolve(name));
        assertTrue(svg.startsWith("<svg ") && svg.contains("viewBox=\"0 0 " + chart.getWidth() + " " + chart.getHeight() + "\""),
                name + " is not SVG of the chart's size: " + svg.substring(0, Math.min(200, svg.length())));
        assertEquals(chart.getWidth(), image.width());
        assertEquals(chart.getHeight(), image.height());
        return svg;
    }
}
