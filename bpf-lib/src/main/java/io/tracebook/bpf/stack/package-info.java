/**
 * Stacks and profiles: symbolizing kernel and user addresses ({@code KernelSymbols}, {@code UserSymbols}), stack
 * ids from stack maps ({@code StackTraces}), and a ready-made CPU profiler ({@code Profile}) whose samples become
 * tables, folded stacks and flame graphs. Built on the lifecycle, so it sits above it. User-facing.
 */
package io.tracebook.bpf.stack;
