package io.tracebook.bpf;

import io.tracebook.bpf.error.BpfException;

/**
 * Whether a loaded object is still open. Its programs, maps and globals share this instead of a pointer
 * back to the object: what they need is to refuse work once the kernel objects are gone. It is also the
 * lock that orders reads of a global's mapped memory before the object unmaps it.
 */
final class Lifetime {
    private final String objectName;
    private volatile boolean ended;

    Lifetime(String objectName) {
        this.objectName = objectName;
    }

    boolean isEnded() {
        return ended;
    }

    /** Throws when the object is closed: {@code what} ("map 'counts'") belongs to it. */
    void checkOpen(String what) {
        if (ended) throw new BpfException(what + " belongs to a closed object" + (objectName == null ? "" : " ('" + objectName + "')"));
    }

    /** Marks the object closed; call holding this lock while unmapping what readers use. */
    void end() {
        ended = true;
    }
}
