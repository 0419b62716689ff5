package io.tracebook.bpf.decode;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A cached text is the text decoding the same bytes gives, whatever the field's length and the bytes after the NUL. */
class TextCacheTest {

    @Test
    void givesWhatDecodingGivesForEveryLengthAndManyBytePatterns() {
        Random random = new Random(42);
        try (Arena arena = Arena.ofConfined()) {
            for (int length = 1; length <= 40; length++) {
                TextCache cache = new TextCache(length);
                long[] scratch = new long[cache.wordCount()];
                MemorySegment field = arena.allocate(length + 1); // one byte more than the field: must not be read
                for (int round = 0; round < 3000; round++) {
                    fill(field, length, random);
                    field.set(JAVA_BYTE, length, (byte) random.nextInt());
                    assertEquals(CharArrayCodec.decode(field, 0, length), cache.text(field, 0, scratch),
                            "char[" + length + "] holding " + hex(field, length));
                }
            }
        }
    }

    @Test
    void bytesAfterTheNulDoNotMatterAndARepeatedTextIsTheSameString() {
        TextCache cache = new TextCache(16);
        long[] scratch = new long[cache.wordCount()];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment first = text(arena, "bash\0garbage!!!!");
            MemorySegment second = text(arena, "bash\0\0\0\0\0\0\0\0\0\0\0\0");
            String s = cache.text(first, 0, scratch);
            assertEquals("bash", s);
            assertSame(s, cache.text(second, 0, scratch));
            assertEquals("bashful", cache.text(text(arena, "bashful\0\0\0\0\0\0\0\0\0"), 0, scratch));
            assertEquals("sixteen-bytes-ok", cache.text(text(arena, "sixteen-bytes-ok"), 0, scratch));
        }
    }

    /** Short texts from a small alphabet, so that texts repeat and the cache is hit, with random bytes after a NUL. */
    private static void fill(MemorySegment field, int length, Random random) {
        int textLength = random.nextInt(length + 1);
        for (int i = 0; i < length; i++) {
            byte b;
            if (i < textLength) b = (byte) (random.nextInt(8) == 0 ? 0x80 + random.nextInt(0x80) : 'a' + random.nextInt(3));
            else if (i == textLength) b = 0;
            else b = (byte) random.nextInt();
            field.set(JAVA_BYTE, i, b);
        }
    }

    private static MemorySegment text(Arena arena, String bytes) {
        byte[] b = bytes.getBytes(StandardCharsets.ISO_8859_1);
        MemorySegment s = arena.allocate(b.length);
        MemorySegment.copy(b, 0, s, JAVA_BYTE, 0, b.length);
        return s;
    }

    private static String hex(MemorySegment field, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) sb.append(String.format("%02x ", field.get(JAVA_BYTE, i)));
        return sb.toString();
    }
}
