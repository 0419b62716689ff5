package io.tracebook.kernel.bpf;

import io.tracebook.bpf.Recording;
import io.tracebook.bpf.display.LiveSurface;
import io.tracebook.kernel.KernelHooks;
import io.tracebook.kernel.render.Displays;
import io.tracebook.kernel.render.Renderers;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import tech.tablesaw.api.Table;

/**
 * Tracebook's BPF support for a Java Jupyter kernel, found on the class path through
 * {@code META-INF/services} (so it also loads into a stock JJava kernel): the imports of
 * {@code bpf.jsh} ({@link SessionImports}), renderers for tables, XChart charts, SVGs (flame graphs)
 * and BPF errors, the {@code %%bpf NAME} cell magic and the {@code %trace} one-liner line magic. Where the kernel keeps displays live, live
 * views redraw in the notebook; where it offers {@link KernelHooks}, the stop button detaches what
 * the stopped cell attached and a failed cell closes what it loaded ({@link CellProbes}), and a
 * recording or replay knows which cell runs (a replay that no longer matches names it).
 */
public final class BpfExtension implements Extension {

    @Override
    public void install(BaseKernel kernel) {
        for (String statement : SessionImports.statements()) {
            kernel.evalRaw(statement);
        }
        // Tablesaw's Table scans the class path for readers on first use; a stop pressed during that scan (the first
        // live view of a %trace, say) leaves the class unusable for the rest of the session. So it is loaded now.
        Table.create("tracebook");
        Renderers.register(kernel.getRenderer());
        CellProbes probes = new CellProbes();
        kernel.getMagicsRegistry().registerCellMagic("bpf", new BpfCellMagic(probes));
        kernel.getMagicsRegistry().registerLineMagic("trace", new TraceMagic());
        if (Displays.isAvailable()) {
            LiveSurface.install(NotebookSurface::new);
        }
        if (kernel instanceof KernelHooks hooks) {
            hooks.onCellStart(probes::cellStarted);
            hooks.onCellStart(Recording::cellStarted);
            hooks.onInterrupt(probes::interrupted);
            hooks.onCellEnd(probes::cellEnded);
            hooks.onCellFailed(probes::cellFailed);
        }
    }
}
