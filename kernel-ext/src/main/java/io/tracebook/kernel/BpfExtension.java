package io.tracebook.kernel;

import io.tracebook.bpf.chart.Charts;
import io.tracebook.bpf.chart.Svg;
import io.tracebook.bpf.display.LiveSurface;
import io.tracebook.bpf.error.BpfException;
import java.util.List;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * Tracebook's BPF support for a Java Jupyter kernel, found on the class path through
 * {@code META-INF/services} (so it also loads into a stock JJava kernel): the imports of
 * {@code bpf.jsh}, renderers for tables, XChart charts, SVGs (flame graphs) and BPF errors, and the {@code %%bpf NAME}
 * cell magic. In the Tracebook kernel also: live views redraw in the notebook, and the stop
 * button detaches what the stopped cell attached.
 */
public final class BpfExtension implements Extension {

    /** The packages {@code bpf.jsh} imports (keep the two in step), plus those of the library still to come. */
    static final List<String> IMPORTS = List.of(
            "io.tracebook.bpf", "io.tracebook.bpf.error", "io.tracebook.bpf.stream", "io.tracebook.bpf.display",
            "io.tracebook.bpf.analysis", "io.tracebook.bpf.chart", "io.tracebook.bpf.stack", "tech.tablesaw.api", "org.knowm.xchart",
            "java.time", "java.util", "java.util.function", "java.nio.file");

    @Override
    public void install(BaseKernel kernel) {
        for (String name : IMPORTS) {
            importIfPresent(kernel, name);
        }
        kernel.getRenderer().createRegistration(Table.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN)
                .register((table, context) -> {
                    context.renderIfRequested(MIMEType.TEXT_HTML, () -> TableHtml.of(table));
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> table.print());
                });
        kernel.getRenderer().createRegistration(BpfException.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN)
                .register((error, context) -> {
                    context.renderIfRequested(MIMEType.TEXT_HTML, () -> BpfErrorHtml.html(error));
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> BpfErrorHtml.text(error));
                });
        // Jupyter and nbconvert pick the HTML (inline SVG: hovering a flame graph's box names it); nbconvert's HTML
        // export would empty the image/svg+xml form, which stays for front ends that show no HTML.
        kernel.getRenderer().createRegistration(Svg.class)
                .preferring(MIMEType.TEXT_HTML, MIMEType.IMAGE_SVG)
                .supporting(MIMEType.TEXT_HTML, MIMEType.IMAGE_SVG, MIMEType.TEXT_PLAIN)
                .register((svg, context) -> {
                    context.renderIfRequested(MIMEType.TEXT_HTML, svg::markup);
                    context.renderIfRequested(MIMEType.IMAGE_SVG, svg::markup);
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, svg::toString);
                });
        registerChartRenderer(kernel);
        kernel.getMagicsRegistry().registerCellMagic("bpf", new BpfCellMagic());
        if (kernel instanceof TracebookKernel tracebook) {
            LiveSurface.install(NotebookSurface::new);
            StoppedCellProbes probes = new StoppedCellProbes();
            tracebook.onCellStart(probes::cellStarted);
            tracebook.onInterrupt(probes::interrupted);
            tracebook.onCellEnd(probes::cellEnded);
        }
    }

    /** PNG unless asked otherwise: {@code display(chart, "image/svg+xml")} for SVG ({@code Charts.svg(chart)} shows it inline). */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void registerChartRenderer(BaseKernel kernel) {
        kernel.getRenderer().createRegistration((Class<Chart>) (Class) Chart.class)
                .preferring(MIMEType.IMAGE_PNG)
                .supporting(MIMEType.IMAGE_PNG, MIMEType.IMAGE_SVG, MIMEType.TEXT_PLAIN)
                .register((chart, context) -> {
                    Chart<?, ?> typed = chart;
                    context.renderIfRequested(MIMEType.IMAGE_PNG, () -> ChartImages.png(typed));
                    context.renderIfRequested(MIMEType.IMAGE_SVG, () -> Charts.svg(typed).markup());
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> ChartImages.text(typed));
                });
    }

    /** A package of the library that is not built yet must not break the session: its import is skipped. */
    private static void importIfPresent(BaseKernel kernel, String packageName) {
        try {
            kernel.evalRaw("import " + packageName + ".*;");
        } catch (RuntimeException e) {
            // javac rejects an import of a package that does not exist; nothing to import then.
        }
    }
}
