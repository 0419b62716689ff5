package io.tracebook.kernel.bpf;

import io.tracebook.bpf.display.LiveSurface;
import io.tracebook.kernel.KernelHooks;
import io.tracebook.kernel.render.Displays;
import io.tracebook.kernel.render.Renderers;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * Tracebook's BPF support for a Java Jupyter kernel, found on the class path through
 * {@code META-INF/services} (so it also loads into a stock JJava kernel): the imports of
 * {@code bpf.jsh} ({@link SessionImports}), renderers for tables, XChart charts, SVGs (flame graphs)
 * and BPF errors, and the {@code %%bpf NAME} cell magic. Where the kernel keeps displays live, live
 * views redraw in the notebook; where it offers {@link KernelHooks}, the stop button detaches what
 * the stopped cell attached.
 */
public final class BpfExtension implements Extension {

    @Override
    public void install(BaseKernel kernel) {
        for (String statement : SessionImports.statements()) {
            kernel.evalRaw(statement);
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
}
