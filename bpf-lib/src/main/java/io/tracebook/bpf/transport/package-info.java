/**
 * Kernel to user event channels, read straight from their mapped memory: the ring buffer and the per-CPU perf
 * buffers, behind one {@code EventSource} interface and one paced poll loop ({@code PacedSource}). Sources hand
 * raw records to an {@code EventSink}; they know nothing of types or tables. A new channel goes here. Internal.
 */
package io.tracebook.bpf.transport;
