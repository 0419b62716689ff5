package io.tracebook.kernel;

import io.tracebook.bpf.BpfException;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import tech.tablesaw.api.Table;

import java.util.List;

/**
 * Tracebook's BPF support for a Java Jupyter kernel, found on the class path through
 * {@code META-INF/services} (so it also loads into a stock JJava kernel): the imports of
 * {@code bpf.jsh} and renderers for tables and BPF errors.
 */
public final class BpfExtension implements Extension {

    /** The packages {@code bpf.jsh} imports (keep the two in step), plus those of the library still to come. */
    static final List<String> IMPORTS = List.of(
            "io.tracebook.bpf", "io.tracebook.bpf.stream", "io.tracebook.bpf.table", "io.tracebook.bpf.chart",
            "io.tracebook.bpf.dsl", "tech.tablesaw.api",
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
