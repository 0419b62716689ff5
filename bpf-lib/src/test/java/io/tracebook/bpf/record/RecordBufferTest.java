package io.tracebook.bpf.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Events kept from a kernel buffer in one block come out as the same blobs as kept one by one. */
class RecordBufferTest {
    /** Records laid out as a ring buffer lays them: an 8-byte header, then the bytes, padded to 8; some discarded. */
    private record Ring(MemorySegment data, long[] offsets, long[] sizes, int n) {
        static Ring of(Arena arena, int[] sizes, boolean[] discarded) {
            MemorySegment data = arena.allocate(1 << 16);
            long[] offsets = new long[sizes.length];
            long[] kept = new long[sizes.length];
            int n = 0;
            long at = 0;
            for (int i = 0; i < sizes.length; i++) {
                for (int b = 0; b < sizes[i]; b++) data.set(ValueLayout.JAVA_BYTE, at + 8 + b, (byte) (i * 31 + b));
                if (!discarded[i]) {
                    offsets[n] = at + 8;
                    kept[n++] = sizes[i];
                }
                at += (sizes[i] + 8 + 7) & ~7L;
            }
            return new Ring(data, offsets, kept, n);
        }
    }

    private static byte[] oneByOne(Ring ring, int from, int to) {
        RecordBuffer out = new RecordBuffer(16);
        out.putByte(7);
        for (int i = from; i < to; i++) out.putBlob(ring.data(), ring.offsets()[i], ring.sizes()[i]);
        return Arrays.copyOf(out.array(), out.size());
    }

    private static byte[] inOneBlock(Ring ring, int from, int to) {
        RecordBuffer out = new RecordBuffer(16);   // small: the block grows it
        out.putByte(7);
        out.putBlobs(ring.data(), ring.offsets(), ring.sizes(), from, to);
        return Arrays.copyOf(out.array(), out.size());
    }

    @Test
    void aBlockOfRingRecordsKeepsTheSameBlobsAsOneByOne() {
        try (Arena arena = Arena.ofConfined()) {
            int[] sizes = {24, 1, 0, 13, 8, 300, 7, 4, 64, 5};
            boolean[] none = new boolean[sizes.length];
            Ring ring = Ring.of(arena, sizes, none);
            for (int from = 0; from < ring.n(); from++) {
                for (int to = from; to <= ring.n(); to++) {
                    assertArrayEquals(oneByOne(ring, from, to), inOneBlock(ring, from, to), "records " + from + " to " + to);
                }
            }
            boolean[] mostDiscarded = new boolean[sizes.length];
            Arrays.fill(mostDiscarded, 1, sizes.length - 1, true);   // a span far longer than what is kept: one by one
            Ring sparse = Ring.of(arena, sizes, mostDiscarded);
            assertArrayEquals(oneByOne(sparse, 0, sparse.n()), inOneBlock(sparse, 0, sparse.n()));
            long[] reversed = {ring.offsets()[3], ring.offsets()[1], ring.offsets()[0]};   // not in order: one by one
            Ring backwards = new Ring(ring.data(), reversed, new long[] {13, 1, 24}, 3);
            assertArrayEquals(oneByOne(backwards, 0, 3), inOneBlock(backwards, 0, 3));
        }
    }
}
