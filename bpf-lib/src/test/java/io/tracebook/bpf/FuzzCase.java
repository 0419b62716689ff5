package io.tracebook.bpf;

import java.time.Duration;

/**
 * One input of {@link HostileInputFuzzTest}: a name that says where it came from, the BPF C, and, for a source that
 * would block until the time limit, how soon to press the stop button (interrupt the thread) instead.
 */
record FuzzCase(String name, String source, Duration interruptAfter) {
    static FuzzCase of(String name, String source) {
        return new FuzzCase(name, source, null);
    }

    /** A case that blocks: it is interrupted after {@code after}, as the stop button would. */
    static FuzzCase stopped(String name, String source, Duration after) {
        return new FuzzCase(name, source, after);
    }
}
