package io.tracebook.bpf.record;

import java.util.List;

/** The kernel side of one program of a loaded object: its statistics and its attachments. */
public interface ProgramAccess {
    /** The kernel's id of the program and the runs it skipped (its {@code recursion_misses}), read now. */
    record Stats(int id, long missedRuns) {
    }

    Stats stats();

    /** Attaches as {@code request} asks: one attachment, or one per CPU for sampling. Fails with a {@code BpfException}. */
    List<Attachment> attach(AttachRequest request);

    /** Runs it once now (a SEC("raw_tp") program without a tracepoint: BEGIN, END); what it returned. */
    int run();

    /** The program's file descriptor; a replayed program has none and says so. */
    int fd();
}
