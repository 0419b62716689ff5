package io.tracebook.kernel.render;

import io.tracebook.bpf.chart.Charts;
import io.tracebook.bpf.chart.Svg;
import io.tracebook.bpf.error.BpfException;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * How the types a tracing session shows are rendered: tables, XChart charts, SVGs (flame graphs) and BPF errors,
 * which are also declared user-facing ({@link ErrorDetails}) so that a cell throwing one shows it as its message.
 */
public final class Renderers {

    private Renderers() {
    }

    public static void register(Renderer renderer) {
        renderer.createRegistration(Table.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN)
                .register((table, context) -> {
                    context.renderIfRequested(MIMEType.TEXT_HTML, () -> TableHtml.of(table));
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> table.print());
                });
        renderer.createRegistration(BpfException.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN)
                .register((error, context) -> {
                    context.renderIfRequested(MIMEType.TEXT_HTML, () -> BpfErrorView.html(error));
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> BpfErrorView.text(error));
                });
        ErrorDetails.register(BpfException.class, BpfErrorView::message, BpfErrorView::fold);
        // Jupyter and nbconvert pick the HTML (inline SVG: hovering a flame graph's box names it); nbconvert's HTML
        // export would empty the image/svg+xml form, which stays for front ends that show no HTML.
        renderer.createRegistration(Svg.class)
                .preferring(MIMEType.TEXT_HTML, MIMEType.IMAGE_SVG)
                .supporting(MIMEType.TEXT_HTML, MIMEType.IMAGE_SVG, MIMEType.TEXT_PLAIN)
                .register((svg, context) -> {
                    context.renderIfRequested(MIMEType.TEXT_HTML, svg::markup);
                    context.renderIfRequested(MIMEType.IMAGE_SVG, svg::markup);
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, svg::toString);
                });
        registerCharts(renderer);
    }

    /** PNG unless asked otherwise: {@code display(chart, "image/svg+xml")} for SVG ({@code Charts.svg(chart)} shows it inline). */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void registerCharts(Renderer renderer) {
        renderer.createRegistration((Class<Chart>) (Class) Chart.class)
                .preferring(MIMEType.IMAGE_PNG)
                .supporting(MIMEType.IMAGE_PNG, MIMEType.IMAGE_SVG, MIMEType.TEXT_PLAIN)
                .register((chart, context) -> {
                    Chart<?, ?> typed = chart;
                    context.renderIfRequested(MIMEType.IMAGE_PNG, () -> ChartImages.png(typed));
                    context.renderIfRequested(MIMEType.IMAGE_SVG, () -> Charts.svg(typed).markup());
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> ChartImages.text(typed));
                });
    }
}
