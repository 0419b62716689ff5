/**
 * The Jupyter kernel on jjava-jupyter: start-up (JShell on {@code exec}, output routing, the magics of
 * {@code magic}, extensions from the class path), the protocol replies jjava-jupyter gets wrong
 * ({@code StatusReplies}), and {@code KernelHooks}, the cell start, interrupt and cell end that
 * extensions such as the BPF one hook into. Uses every other package of kernel-ext but {@code bpf}.
 */
package io.tracebook.kernel;
