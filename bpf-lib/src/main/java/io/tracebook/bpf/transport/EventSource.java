package io.tracebook.bpf.transport;

/**
 * A kernel→user event channel (ring buffer or perf buffer), or a recording of one. Used by one thread at a time.
 * A stream marks each of its reads (a collect, a take, a forEach, a follow) with {@link #readStarted()} and
 * {@link #readEnding()}: a recording groups what each read received, and a replay hands the same read the same
 * events, however fast it runs.
 */
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

    /** A read of the stream begins: a recording starts a new group, a replay moves on to the next recorded read. */
    default void readStarted() {
    }

    /**
     * True when the read in progress can get nothing more: a replay has handed over everything the recorded read
     * received (and, replaying at the recorded pace, its recorded time is up). The kernel's channels never say so.
     */
    default boolean readComplete() {
        return false;
    }

    /**
     * The read ends. A read that drains once more after this (collect, follow) gets in that drain what a replay has
     * left of the recorded read; a recording notes the end and the kernel's loss count.
     */
    default void readEnding() {
    }

    @Override
    void close();
}
