package io.tracebook.kernel.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.Bpf;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.Table;

class BpfExtensionTest {

    /**
     * A kernel as JJava builds one (JJava's own is not on Maven Central): jjava-jupyter's
     * {@code BaseKernel} evaluating with a local JShell, and none of the Tracebook kernel's hooks.
     */
    private static final class StockKernel extends BaseKernel {
        final JShell shell = JShell.builder().executionEngine("local").build();

        StockKernel() {
            super("stock", "1", new LanguageInfo.Builder("Java").build(), List.of(), null, new JupyterIO(StandardCharsets.UTF_8),
                    new CommManager(), new Renderer(), new MagicParser("^\\s*%", "%%", new MagicTranspiler()),
                    new MagicsRegistry(), true, new StringStyler.Builder().build());
            shell.addToClasspath(Stream.of(Bpf.class, Table.class, XYChart.class)
                    .map(BpfExtensionTest::codeSource).collect(Collectors.joining(File.pathSeparator)));
        }

        @Override
        public Object evalRaw(String code) {
            for (SnippetEvent event : shell.eval(code)) {
                if (event.status() == Snippet.Status.REJECTED || event.exception() != null) {
                    throw new IllegalStateException(code + " failed: " + shell.diagnostics(event.snippet()).toList() + event.exception());
                }
            }
            return null;
        }

        @Override
        public DisplayData inspect(String code, int at, boolean extraDetail) {
            return null;
        }

        @Override
        public ReplacementOptions complete(String code, int at) {
            return null;
        }

        @Override
        public String isComplete(String code) {
            return IS_COMPLETE_MAYBE;
        }
    }

    private static String codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void installsIntoAKernelWithoutHooksWithBpfJshsImportsRenderersAndTheBpfMagic() throws Exception {
        StockKernel kernel = new StockKernel(); // no KernelHooks: javac rejects "instanceof KernelHooks" on it
        new BpfExtension().install(kernel);

        List<String> imports = kernel.shell.imports().map(snippet -> snippet.source().strip()).sorted().toList();
        assertEquals(SessionImportsTest.bpfJshImports(), imports);
        DisplayData table = kernel.getRenderer().render(Table.create("opens"));
        assertTrue(table.hasDataForType(MIMEType.TEXT_HTML), "a Table renders as HTML");
        assertTrue(kernel.getMagicsRegistry().getCellMagicNames().contains("bpf"));
        assertTrue(kernel.getMagicsRegistry().getLineMagicNames().contains("trace"));
        kernel.shell.close();
    }
}
