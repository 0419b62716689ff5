package io.tracebook.kernel.bpf;

import io.tracebook.bpf.display.LiveSurface;
import io.tracebook.kernel.KernelHooks;
import io.tracebook.kernel.render.Displays;
import io.tracebook.kernel.render.Renderers;
import java.util.List;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * Tracebook's BPF support for a Java Jupyter kernel, found on the class path through
 * {@code META-INF/services} (so it also loads into a stock JJava kernel): the imports of
 * {@code bpf.jsh}, renderers for tables, XChart charts, SVGs (flame graphs)
 * and BPF errors, and the {@code %%bpf NAME} cell magic. Where the kernel keeps displays live, live
 * views redraw in the notebook; where it offers {@link KernelHooks}, the stop button detaches what
 * the stopped cell attached.
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
        Renderers.register(kernel.getRenderer());
        kernel.getMagicsRegistry().registerCellMagic("bpf", new BpfCellMagic());
        if (Displays.isAvailable()) {
            LiveSurface.install(NotebookSurface::new);
        }
        if (kernel instanceof KernelHooks hooks) {
            StoppedCellProbes probes = new StoppedCellProbes();
            hooks.onCellStart(probes::cellStarted);
            hooks.onInterrupt(probes::interrupted);
            hooks.onCellEnd(probes::cellEnded);
        }
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
