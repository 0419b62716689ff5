package io.tracebook.bpf.transport;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.tracebook.bpf.ffi.CStructs;
import io.tracebook.bpf.ffi.LibC;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.LockSupport;

/**
 * The poll loop both event channels share. The kernel does not wake the reader per event, so a poll
 * sleeps for the {@link ConsumePacer}'s interval and then drains what is ready: it parks while events are
 * known to be waiting, and sleeps in poll(2) on the channel's descriptor only while it is empty, so that
 * a wakeup the producer does ask for (a half-full ring or buffer) ends the sleep early. One reader at a
 * time; {@link #close()} waits for a poll in progress, and a poll after it returns 0.
 */
abstract class PacedSource implements EventSource {
    private static final short POLLIN = 1;

    private final Arena arena = Arena.ofShared();
    private final ConsumePacer pacer = new ConsumePacer();
    private MemorySegment pollFd;
    private boolean closed;

    /** Memory that lives as long as this source (freed after {@link #release()}). */
    protected final Arena arena() {
        return arena;
    }

    /** Where an empty channel is slept on: a descriptor that polls readable when the producer wakes us. */
    protected final void pollOn(int fd) {
        pollFd = arena.allocate(CStructs.POLLFD);
        pollFd.set(JAVA_INT, CStructs.POLLFD.byteOffset(groupElement("fd")), fd);
        pollFd.set(JAVA_SHORT, CStructs.POLLFD.byteOffset(groupElement("events")), POLLIN);
    }

    @Override
    public final synchronized int poll(int timeoutMillis, int maxEvents, EventSink sink) {
        if (closed) return 0;
        if (timeoutMillis > 0) waitForEvents(timeoutMillis);
        int delivered = drain(maxEvents, sink);
        pacer.consumed(delivered);
        return delivered;
    }

    private void waitForEvents(int timeoutMillis) {
        if (pending() > 0) LockSupport.parkNanos(pacer.flowingSleepMillis(timeoutMillis) * 1_000_000L);
        else LibC.poll(pollFd, 1, pacer.nextSleepMillis(timeoutMillis));
    }

    /** Bytes the producer has written and we have not consumed yet. */
    protected abstract long pending();

    /** Hands at most {@code maxEvents} of the events ready to {@code sink}, then gives their space back; returns how many. */
    protected abstract int drain(int maxEvents, EventSink sink);

    /** Unmaps and frees what the channel holds; called once, with no poll in progress. */
    protected abstract void release();

    protected final synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public final synchronized void close() {
        if (closed) return;
        closed = true;
        release();
        arena.close();
    }
}
