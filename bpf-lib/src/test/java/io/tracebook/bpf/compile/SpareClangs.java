package io.tracebook.bpf.compile;

/** For tests outside this package that count this JVM's open files: the spare clang holds a few (SpareClang). */
public final class SpareClangs {
    private SpareClangs() {
    }

    /** Stops the spare clang waiting and any being started; the next compile starts one again. */
    public static void discard() {
        SpareClang.discardAll();
    }
}
