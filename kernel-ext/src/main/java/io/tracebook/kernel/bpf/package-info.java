/**
 * The BPF extension, found through {@code META-INF/services} by this kernel or a stock JJava kernel: the
 * imports of {@code bpf.jsh} ({@code SessionImports}, from bpf-lib's {@code module-info}), the renderers, the
 * {@code %%bpf NAME} cell magic, the {@code %trace} one-liner magic, the notebook {@code LiveSurface} that live views draw on, and, through
 * {@code KernelHooks}, the stop button detaching what the stopped cell attached. The top of kernel-ext.
 */
package io.tracebook.kernel.bpf;
