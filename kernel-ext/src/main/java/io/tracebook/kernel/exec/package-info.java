/**
 * JShell's execution engine replaced so that cells run in the kernel's own JVM, each snippet on a
 * thread of its own: stop checks woven into the cell's classes ({@code StopCheckWeaver}) let the stop
 * button end busy loops without touching background threads, and {@code ClassRedefiner} redefines
 * recompiled snippets in place so that their variables survive. The bottom of kernel-ext: uses no
 * other package of it.
 */
package io.tracebook.kernel.exec;
