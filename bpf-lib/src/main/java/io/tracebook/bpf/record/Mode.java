package io.tracebook.bpf.record;

/** Where objects, events, maps and globals come from in this session. */
public enum Mode {
    /** The running kernel. */
    LIVE,
    /** The running kernel, and a recording keeps what was read. */
    RECORD,
    /** A recording: no kernel, no privileges needed. */
    REPLAY
}
