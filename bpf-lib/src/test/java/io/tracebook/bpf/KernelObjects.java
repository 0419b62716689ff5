package io.tracebook.bpf;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.tracebook.bpf.ffi.LibBpf;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Counts BPF programs and links in the whole kernel, by walking their ids (as bpftool does). */
public final class KernelObjects {
    private KernelObjects() {
    }

    public record Counts(int programs, int links) {
    }

    /**
     * Waits (up to 5 s) until the kernel's counts equal {@code expected}: programs are freed when the
     * last reference goes, which for perf-event based links happens a little after close returns.
     */
    public static Counts await(Counts expected) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        Counts now = now();
        while (!now.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            now = now();
        }
        return now;
    }

    public static Counts now() {
        return new Counts(count(true), count(false));
    }

    private static int count(boolean programs) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment next = arena.allocate(JAVA_INT);
            int id = 0;
            int n = 0;
            while ((programs ? LibBpf.bpf_prog_get_next_id(id, next) : LibBpf.bpf_link_get_next_id(id, next)) == 0) {
                id = next.get(JAVA_INT, 0);
                n++;
            }
            return n;
        }
    }
}
