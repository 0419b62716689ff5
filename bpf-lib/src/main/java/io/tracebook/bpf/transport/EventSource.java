package io.tracebook.bpf.transport;

/** A kernel→user event channel (ring buffer or perf buffer). Used by one thread at a time. */
public interface EventSource extends AutoCloseable {
    /**
     * Sleeps up to {@code timeoutMillis} (less when the source paces its consumes; 0 does not sleep), then
     * hands at most {@code maxEvents} of the events ready to the sink. Returns how many it handed, possibly 0 before the timeout: callers loop.
     */
    int poll(int timeoutMillis, int maxEvents, EventSink sink);

    /** Events the kernel reported lost (perf buffers); 0 for channels where the kernel keeps no count. */
    long kernelLost();

    /** "ring buffer" or "perf buffer", for messages. */
    String kind();

    /** What a user can change so that map {@code name} loses fewer events. */
    String lossAdvice(String name);

    @Override
    void close();
}
