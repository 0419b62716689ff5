package io.tracebook.bpf.decode;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.StringColumn;

/** A column filled through TextField (repeated texts take the short path) equals one filled with StringColumn.append. */
class TextFieldTest {
    private static final int LENGTH = 16;

    @Test
    void runsOfTextsGiveTheSameColumnAndCountsAsAppend() {
        assertSameAsAppend(List.of("bash", "loadgen", "", "bash"), 200, new Random(1));
    }

    @Test
    void moreThanAByteDictionaryHoldsPromotesAsAppendDoes() {
        List<String> many = java.util.stream.IntStream.range(0, 300).mapToObj(i -> "p" + i).toList();
        assertSameAsAppend(many, 5_000, new Random(2));
    }

    @Test
    void rowsAppendedOrClearedByOthersInBetweenAreNoticed() {
        try (Arena arena = Arena.ofConfined()) {
            StringColumn viaField = StringColumn.create("comm");
            StringColumn viaAppend = StringColumn.create("comm");
            TextField field = new TextField(viaField, 0, new TextCache(LENGTH), LENGTH);
            MemorySegment bash = comm(arena, "bash\0garbage");
            MemorySegment bashClean = comm(arena, "bash");
            field.append(bash, 0);
            field.append(bashClean, 0);
            viaField.append("other");
            field.appendBatch(bashClean, new long[] {0, 0}, 2);
            viaAppend.append("bash").append("bash").append("other").append("bash").append("bash");
            assertColumnsEqual(viaAppend, viaField);

            viaField.clear();
            viaAppend.clear();
            field.append(bashClean, 0);
            field.append(bashClean, 0);
            viaAppend.append("bash").append("bash");
            assertColumnsEqual(viaAppend, viaField);
        }
    }

    /** {@code rows} rows from {@code texts} in runs of random length, random bytes after each NUL. */
    private static void assertSameAsAppend(List<String> texts, int rows, Random random) {
        try (Arena arena = Arena.ofConfined()) {
            StringColumn viaField = StringColumn.create("comm");
            StringColumn viaAppend = StringColumn.create("comm");
            TextField field = new TextField(viaField, 8, new TextCache(LENGTH), LENGTH);
            long eventSize = 8 + LENGTH;
            MemorySegment events = arena.allocate(eventSize * rows);
            for (int row = 0; row < rows; ) {
                String text = texts.get(random.nextInt(texts.size()));
                int run = 1 + random.nextInt(20);
                for (int i = 0; i < run && row < rows; i++, row++) {
                    byte[] b = text.getBytes(StandardCharsets.UTF_8);
                    for (int k = 0; k < LENGTH; k++) {
                        events.set(JAVA_BYTE, row * eventSize + 8 + k, k < b.length ? b[k] : k == b.length ? 0 : (byte) random.nextInt());
                    }
                    viaAppend.append(text);
                }
            }
            // A row at a time, batches of up to 100 rows and runs of up to 100 rows at their stride, in random turns.
            for (int row = 0; row < rows; ) {
                int way = random.nextInt(3);
                if (way == 0) {
                    field.append(events, row++ * eventSize);
                } else if (way == 1) {
                    int count = Math.min(rows - row, 1 + random.nextInt(100));
                    field.appendStrided(events, row * eventSize, eventSize, count);
                    row += count;
                } else {
                    int count = Math.min(rows - row, 1 + random.nextInt(100));
                    long[] bases = new long[count];
                    for (int i = 0; i < count; i++) bases[i] = (row + i) * eventSize;
                    field.appendBatch(events, bases, count);
                    row += count;
                }
            }
            assertColumnsEqual(viaAppend, viaField);
        }
    }

    private static void assertColumnsEqual(StringColumn expected, StringColumn actual) {
        assertEquals(expected.asList(), actual.asList());
        assertEquals(expected.getDictionary().getClass(), actual.getDictionary().getClass());
        assertEquals(expected.countUnique(), actual.countUnique());
        assertEquals(expected.countMissing(), actual.countMissing());
        assertEquals(expected.countByCategory().sortOn("Category").printAll(), actual.countByCategory().sortOn("Category").printAll());
        for (String s : expected.unique()) assertEquals(expected.countOccurrences(s), actual.countOccurrences(s), s);
    }

    private static MemorySegment comm(Arena arena, String bytes) {
        byte[] b = bytes.getBytes(StandardCharsets.ISO_8859_1);
        MemorySegment s = arena.allocate(LENGTH);
        MemorySegment.copy(b, 0, s, JAVA_BYTE, 0, b.length);
        return s;
    }
}
