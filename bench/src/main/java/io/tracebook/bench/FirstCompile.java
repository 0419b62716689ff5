package io.tracebook.bench;

import io.tracebook.bpf.Bpf;
import io.tracebook.bpf.BpfObject;


/**
 * Run in a fresh JVM whose TRACEBOOK_CACHE is empty: the first snippet a user ever runs on a kernel.
 * Prints "seconds S" from the {@code Bpf.c(..)} call to attached.
 */
public final class FirstCompile {
    private FirstCompile() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        BpfObject object = Bpf.c(Snippets.RING).load().attach();
        double seconds = (System.nanoTime() - start) / 1e9;
        object.close();
        System.out.println("seconds " + seconds);
    }
}
