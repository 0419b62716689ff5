package io.tracebook.bpf;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The buffers the verifier writes its log into, reused from load to load. Allocating one per load zero-filled 4 MiB
 * and faulted in its pages every time: the top frame of an unchanged cell's re-run (37 of its 46 samples on the cell
 * thread, BENCHMARKS.md). The kernel writes the log as a C string from the start, so a buffer is made empty by its
 * first byte. There are as many as loads ever ran at once; they live as long as the JVM.
 */
final class VerifierLogBuffers {
    static final long SIZE = 4L << 20;
    private static final ConcurrentLinkedQueue<MemorySegment> FREE = new ConcurrentLinkedQueue<>();

    private VerifierLogBuffers() {
    }

    /** An empty buffer of {@link #SIZE} bytes, for this load only; give it back with {@link #release}. */
    static MemorySegment take() {
        MemorySegment buffer = FREE.poll();
        if (buffer == null) buffer = Arena.global().allocate(SIZE);
        buffer.set(JAVA_BYTE, 0, (byte) 0);
        return buffer;
    }

    /** Returns {@code buffer} once the load that used it has read its log. */
    static void release(MemorySegment buffer) {
        FREE.offer(buffer);
    }
}
