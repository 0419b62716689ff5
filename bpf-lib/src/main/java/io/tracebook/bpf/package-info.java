/**
 * The object lifecycle, libbpf's phases one type each: {@code Bpf.c}/{@code Bpf.file} compile and open an
 * {@code OpenObject} (globals and map sizes still settable), {@code load()} verifies it into a {@code BpfObject},
 * whose {@code attach()} links its {@code BpfProgram}s; its {@code BpfMap}s, {@code Global}s and event streams
 * are read from there. Every object is AutoCloseable and named objects replace each other ({@code Session}). The
 * facade over all lower stages. User-facing.
 */
package io.tracebook.bpf;
