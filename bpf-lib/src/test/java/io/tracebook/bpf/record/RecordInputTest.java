package io.tracebook.bpf.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A batch's blobs are skipped into runs of one size, from an array or a native segment, and a cut one is corrupt. */
class RecordInputTest {
    private static byte[] blobs(int... sizes) {
        RecordBuffer out = new RecordBuffer(16);
        for (int size : sizes) out.putBlob(new byte[size]);
        out.putByte(9);   // what follows the blobs
        return Arrays.copyOf(out.array(), out.size());
    }

    @Test
    void blobsOfOneSizeInARowAreOneRun() {
        byte[] bytes = blobs(32, 32, 32, 8, 0, 0, 32);
        RecordInput in = new RecordInput(bytes, 0, bytes.length);
        assertArrayEquals(new int[] {32, 3, 8, 1, 0, 2, 32, 1}, in.skipBlobs(7));
        assertEquals(9, in.getByte(), "read on after the blobs");
        assertArrayEquals(new int[0], new RecordInput(bytes, 0, bytes.length).skipBlobs(0));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mapped = arena.allocate(bytes.length);
            mapped.copyFrom(MemorySegment.ofArray(bytes));
            RecordInput fromNative = new RecordInput(mapped, 0, bytes.length);
            assertArrayEquals(new int[] {32, 3, 8, 1, 0, 2, 32, 1}, fromNative.skipBlobs(7));
        }
    }

    @Test
    void aBlobOrASizeThatTheEndCutsIsCorrupt() {
        byte[] bytes = blobs(32, 32);
        // More blobs than there are: the third's size starts at the end (the byte after the blobs is outside the record).
        int end = bytes.length - 1;
        RecordInput.Corrupt sizeCut = assertThrows(RecordInput.Corrupt.class, () -> new RecordInput(bytes, 0, end).skipBlobs(3));
        assertTrue(sizeCut.getMessage().contains("reaches past the end"), sizeCut.getMessage());
        // A size cut in two by the end, and a blob whose bytes the end cuts.
        assertThrows(RecordInput.Corrupt.class, () -> new RecordInput(bytes, 0, 4 + 32 + 2).skipBlobs(2));
        assertThrows(RecordInput.Corrupt.class, () -> new RecordInput(bytes, 0, 4 + 32 + 4 + 31).skipBlobs(2));
    }
}
