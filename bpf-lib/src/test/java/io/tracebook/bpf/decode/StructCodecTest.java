package io.tracebook.bpf.decode;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.btf.Btf;
import io.tracebook.bpf.btf.BtfType;
import io.tracebook.bpf.btf.Fixtures;
import io.tracebook.bpf.btf.OpenedObject;
import io.tracebook.bpf.error.BpfException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;

/**
 * Decoding struct event of layout.bpf.c, with the host compiler as the reference: it reports the
 * offsets, fills a struct with known values, and prints a struct the decoder wrote.
 */
class StructCodecTest {
    /** What the host program's "fill" mode stores, as the columns must show it (Integer vs Long matters). */
    static final Map<String, Object> FILLED = new LinkedHashMap<>();

    static {
        FILLED.put("u8v", 250);
        FILLED.put("s8v", -100);
        FILLED.put("u16v", 65000);
        FILLED.put("s16v", -30000);
        FILLED.put("u32v", 4_000_000_000L);
        FILLED.put("s32v", -2_000_000_000);
        FILLED.put("u64v", 0x8000000000000001L); // 2^63 + 1 wraps to a negative long
        FILLED.put("s64v", -9_000_000_000_000_000_000L);
        FILLED.put("flag", true);
        FILLED.put("flag2", false);
        FILLED.put("comm", "tracebook");
        FILLED.put("color", "BLUE");
        FILLED.put("in.a", 65535);
        FILLED.put("in.b", -1);
        FILLED.put("in.c", 1L << 40);
        FILLED.put("arr[0]", 1L);
        FILLED.put("arr[1]", 2L);
        FILLED.put("arr[2]", 4_000_000_000L);
        FILLED.put("pair[0].a", 1);
        FILLED.put("pair[0].b", -2);
        FILLED.put("pair[0].c", 3L);
        FILLED.put("pair[1].a", 4);
        FILLED.put("pair[1].b", -5);
        FILLED.put("pair[1].c", 6L);
        FILLED.put("bf_a", 5L);
        FILLED.put("bf_b", 31L);
        FILLED.put("bf_c", -3);
        FILLED.put("bf_d", (1L << 40) - 2);
        FILLED.put("bf_e", true);
        FILLED.put("bf_f", "NEGATIVE");
        FILLED.put("bf_g", 0xabcdefL);
        FILLED.put("num.i", 0x3f800000L);
        FILLED.put("num.f", 1.0);
        FILLED.put("num.bytes[0]", 0);
        FILLED.put("num.bytes[1]", 0);
        FILLED.put("num.bytes[2]", 0x80);
        FILLED.put("num.bytes[3]", 0x3f);
        FILLED.put("x", 11L);
        FILLED.put("y", 12L);
        FILLED.put("fl", 1.5);
        FILLED.put("db", -2.25);
        FILLED.put("ptr", 0xdeadbeefL);
        FILLED.put("tid", 123456L);
        FILLED.put("ch", 65);
        FILLED.put("raw[0]", 1);
        FILLED.put("raw[1]", 2);
        FILLED.put("raw[2]", 3);
        FILLED.put("raw[3]", 255);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                FILLED.put("matrix[" + i + "][" + j + "]", 100 * i + j);
            }
        }
    }

    static final List<String> BIT_FIELDS = List.of("bf_a", "bf_b", "bf_c", "bf_d", "bf_e", "bf_f", "bf_g");

    @TempDir
    static Path dir;
    static OpenedObject object;
    static Btf btf;
    static Path host;
    static int event;
    static StructCodec decoder;
    static long hostSize;

    Arena arena = Arena.ofConfined();

    @BeforeAll
    static void compile() throws Exception {
        object = OpenedObject.open(Fixtures.compileBpf(dir));
        btf = object.btf();
        host = Fixtures.compileHost(dir);
        event = btf.findStruct("event").orElseThrow();
        decoder = StructCodec.of(btf, event, "value");
        hostSize = Long.parseLong(Fixtures.keyValues(Fixtures.runText(null, host.toString(), "sizes")).get("event"));
    }

    @AfterAll
    static void close() {
        if (object != null) {
            object.close();
        }
    }

    @AfterEach
    void freeMemory() {
        arena.close();
    }

    @Test
    void everyLeafFieldIsAColumnInDeclarationOrder() {
        assertEquals(new ArrayList<>(FILLED.keySet()), decoder.columnNames(),
                "flexible array 'tail' has no column; anonymous struct members x, y keep their names");
        assertEquals(hostSize, decoder.size());
        Table t = decoder.newTable("events");
        assertEquals("events", t.name());
        assertEquals(0, t.rowCount());
        assertEquals(ColumnType.INTEGER, t.column("u8v").type());
        assertEquals(ColumnType.INTEGER, t.column("s32v").type());
        assertEquals(ColumnType.LONG, t.column("u32v").type());
        assertEquals(ColumnType.LONG, t.column("u64v").type());
        assertEquals(ColumnType.LONG, t.column("ptr").type());
        assertEquals(ColumnType.BOOLEAN, t.column("flag").type());
        assertEquals(ColumnType.STRING, t.column("comm").type());
        assertEquals(ColumnType.STRING, t.column("color").type());
        assertEquals(ColumnType.DOUBLE, t.column("fl").type());
    }

    @Test
    void offsetsAreTheHostCompilersOffsets() throws Exception {
        Map<String, String> hostOffsets = Fixtures.keyValues(Fixtures.runText(null, host.toString(), "offsets"));
        Map<String, Long> ours = new LinkedHashMap<>();
        for (Leaf leaf : Flattener.flatten(btf, event, "value")) {
            if (!BIT_FIELDS.contains(leaf.name())) {
                ours.put(leaf.name(), leaf.offset());
            }
        }
        assertEquals(hostOffsets.keySet(), ours.keySet());
        hostOffsets.forEach((name, offset) -> assertEquals(Long.parseLong(offset), ours.get(name), name));
    }

    @Test
    void decodesEveryFieldTheHostCompilerFilled() throws Exception {
        byte[] bytes = Fixtures.run(null, host.toString(), "fill");
        assertEquals(decoder.size(), bytes.length);
        MemorySegment data = arena.allocate(8 + 2L * bytes.length);
        MemorySegment.copy(bytes, 0, data, JAVA_BYTE, 8, bytes.length);
        MemorySegment.copy(bytes, 0, data, JAVA_BYTE, 8 + bytes.length, bytes.length);

        Table t = decoder.newTable("events");
        decoder.appendTo(t, data, 8);
        decoder.appendTo(t, data, 8 + bytes.length);

        assertEquals(2, t.rowCount());
        for (int row = 0; row < 2; row++) {
            for (Map.Entry<String, Object> e : FILLED.entrySet()) {
                assertEquals(e.getValue(), t.column(e.getKey()).get(row), e.getKey() + " in row " + row);
            }
        }
        assertEquals(FILLED, decoder.read(data, 8));
    }

    @Test
    void aBatchDecodesToTheRowsOneAppendPerRecordGives() throws Exception {
        byte[] bytes = Fixtures.run(null, host.toString(), "fill");
        int records = 5;
        long stride = bytes.length + 8;
        MemorySegment data = arena.allocate(stride * records);
        for (int i = 0; i < records; i++) {
            MemorySegment.copy(bytes, 0, data, JAVA_BYTE, i * stride + 8, bytes.length);
            data.set(JAVA_BYTE, i * stride + 8, (byte) i); // the records differ in their first byte
        }
        long[] offsets = {8, 8 + 3 * stride, 8 + stride, 8 + stride, 8 + 4 * stride};

        Table oneByOne = decoder.newTable("events");
        StructCodec.Sink single = decoder.sinkFor(oneByOne);
        for (int batch = 0; batch < 2; batch++) {
            for (long offset : offsets) single.append(data, offset);
        }
        Table batched = decoder.newTable("events");
        StructCodec.Sink sink = decoder.sinkFor(batched);
        sink.appendBatch(data, offsets, offsets.length);
        sink.appendBatch(data, offsets, offsets.length); // the second batch lands after the first's rows

        assertEquals(oneByOne.rowCount(), batched.rowCount());
        for (String column : oneByOne.columnNames()) {
            assertEquals(oneByOne.column(column).asList(), batched.column(column).asList(), column);
        }
    }

    @Test
    void recordsAtAStrideDecodeToTheRowsOneAppendPerRecordGives() throws Exception {
        byte[] bytes = Fixtures.run(null, host.toString(), "fill");
        int records = 40;
        long stride = (bytes.length + 8 + 7) & ~7L; // a ring's framing: the 8-byte header, padded to 8
        MemorySegment data = arena.allocate(24 + stride * records);
        for (int i = 0; i < records; i++) {
            long at = 24 + i * stride;
            MemorySegment.copy(bytes, 0, data, JAVA_BYTE, at, bytes.length);
            data.set(JAVA_BYTE, at, (byte) i); // the records differ in their first byte, and their text changes in runs
            decoder.write(data, at, Map.of("comm", i % 7 < 3 ? "alpha" : i % 7 < 5 ? "beta" : "alpha"));
        }

        Table oneByOne = decoder.newTable("events");
        StructCodec.Sink single = decoder.sinkFor(oneByOne);
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < records; i++) single.append(data, 24 + i * stride);
        }
        Table strided = decoder.newTable("events");
        StructCodec.Sink sink = decoder.sinkFor(strided);
        sink.appendStrided(data, 24, stride, records);
        sink.appendStrided(data, 24, stride, records); // the second run lands after the first's rows

        assertEquals(2 * records, strided.rowCount());
        for (String column : oneByOne.columnNames()) {
            assertEquals(oneByOne.column(column).asList(), strided.column(column).asList(), column);
        }
        assertThrows(BpfException.class, () -> sink.appendStrided(data, 24 + stride, stride, records), "the last record would end past the data");
    }

    @Test
    void writesWhatTheHostCompilerReadsBack() throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("u8v", 7);
        values.put("s8v", -8);
        values.put("u16v", 1000);
        values.put("s16v", -1000);
        values.put("u32v", 3_000_000_000L);
        values.put("s32v", -5);
        values.put("u64v", -1L);
        values.put("s64v", Long.MIN_VALUE);
        values.put("flag", false);
        values.put("flag2", true);
        values.put("comm", "0123456789abcdef");
        values.put("color", "GREEN");
        values.put("in.a", 1);
        values.put("in.b", 2);
        values.put("in.c", 3L);
        values.put("arr[0]", 10L);
        values.put("arr[1]", 20L);
        values.put("arr[2]", 30L);
        values.put("pair[1].c", 99L);
        values.put("bf_a", 7L);
        values.put("bf_b", 0L);
        values.put("bf_c", -8);
        values.put("bf_d", (1L << 40) - 1);
        values.put("bf_e", true);
        values.put("bf_f", 1);
        values.put("bf_g", 16_777_215L);
        values.put("num.i", 42L);
        values.put("y", 5L);
        values.put("fl", 0.25);
        values.put("db", 3.5);
        values.put("ptr", 1L << 47);
        values.put("tid", 4_294_967_295L);
        values.put("ch", -1);
        values.put("raw[3]", 255);
        values.put("matrix[1][2]", 65535);
        MemorySegment data = arena.allocate(decoder.size());
        decoder.write(data, 0, values);

        Map<String, String> printed = Fixtures.keyValues(
                Fixtures.runText(data.toArray(JAVA_BYTE), host.toString(), "print"));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.putAll(Map.of("u8v", "7", "s8v", "-8", "u16v", "1000", "s16v", "-1000", "u32v", "3000000000",
                "s32v", "-5", "u64v", "18446744073709551615", "s64v", "-9223372036854775808", "flag", "0", "flag2", "1"));
        expected.putAll(Map.of("comm", "0123456789abcdef", "color", "1", "in.a", "1", "in.b", "2", "in.c", "3",
                "arr[0]", "10", "arr[1]", "20", "arr[2]", "30", "pair[1].c", "99", "pair[0].a", "0"));
        expected.putAll(Map.of("bf_a", "7", "bf_b", "0", "bf_c", "-8", "bf_d", "1099511627775", "bf_e", "1",
                "bf_f", "1", "num.i", "42", "x", "0", "y", "5", "fl", "0.25"));
        expected.put("bf_g", "16777215");
        expected.putAll(Map.of("db", "3.5", "ptr", Long.toString(1L << 47), "tid", "4294967295", "ch", "-1",
                "raw[3]", "255", "raw[0]", "0", "matrix[1][2]", "65535", "matrix[0][0]", "0"));
        expected.forEach((name, value) -> assertEquals(value, printed.get(name), name));

        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) decoder.read(data, 0);
        assertEquals("GREEN", back.get("bf_f"), "a number written to an enum reads back as its name");
        values.put("bf_f", "GREEN");
        values.forEach((name, value) -> assertEquals(value, back.get(name), name));
    }

    @Test
    void bitFieldWritesLeaveTheirNeighboursAlone() {
        MemorySegment data = arena.allocate(decoder.size());
        data.fill((byte) 0xFF);
        decoder.write(data, 0, Map.of("bf_b", 0L, "bf_d", 0L));
        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) decoder.read(data, 0);
        assertEquals(7L, back.get("bf_a"));
        assertEquals(0L, back.get("bf_b"));
        assertEquals(-1, back.get("bf_c"));
        assertEquals(0L, back.get("bf_d"));
        assertEquals(true, back.get("bf_e"));
        assertEquals("15", back.get("bf_f"), "0b1111 names no enumerator, so it reads as its number");
    }

    @Test
    void writeRefusesValuesThatDoNotFit() {
        MemorySegment data = arena.allocate(decoder.size());
        assertMessage(() -> decoder.write(data, 0, Map.of("u8v", 256)), "field u8v (u8)", "0..255");
        assertMessage(() -> decoder.write(data, 0, Map.of("bf_a", 8)), "field bf_a", "0..7");
        assertMessage(() -> decoder.write(data, 0, Map.of("bf_c", 8)), "-8..7");
        assertMessage(() -> decoder.write(data, 0, Map.of("u32v", -1)), "0..4294967295");
        assertMessage(() -> decoder.write(data, 0, Map.of("comm", "0123456789abcdefg")), "17 bytes", "holds 16");
        assertMessage(() -> decoder.write(data, 0, Map.of("color", "PURPLE")), "RED, GREEN, BLUE, NEGATIVE");
        assertMessage(() -> decoder.write(data, 0, Map.of("flag", "yes")), "true or false");
        assertMessage(() -> decoder.write(data, 0, Map.of("s32v", 1.5)), "Integer or Long");
        assertMessage(() -> decoder.write(data, 0, Map.of("nope", 1)), "struct event has no field nope");
        assertMessage(() -> decoder.write(data, 0, 5), "pass a Map");
    }

    private static void assertMessage(Runnable action, String... parts) {
        BpfException e = assertThrows(BpfException.class, action::run);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
    }

    @Test
    void scalarsAreOneColumn() {
        StructCodec u32 = StructCodec.of(btf, btf.global("min_pid").orElseThrow().type(), "min_pid");
        assertEquals(List.of("min_pid"), u32.columnNames());
        MemorySegment rodata = object.initialValue(".rodata");
        assertEquals(42L, u32.read(rodata, btf.global("min_pid").orElseThrow().offset()));

        var greeting = btf.global("greeting").orElseThrow();
        StructCodec text = StructCodec.of(btf, greeting.type(), "greeting");
        assertEquals(8, text.size());
        assertEquals("hi", text.read(object.initialValue(".data"), greeting.offset()));

        MemorySegment one = arena.allocate(4);
        u32.write(one, 0, 4_000_000_000L);
        Table t = u32.newTable("pids");
        u32.appendTo(t, one, 0);
        assertEquals(4_000_000_000L, t.longColumn("min_pid").get(0));
    }

    @Test
    void aTopLevelArrayIsNumberedUnderTheScalarName() {
        StructCodec arr = StructCodec.of(btf, memberType("arr"), "value");
        assertEquals(List.of("value[0]", "value[1]", "value[2]"), arr.columnNames());
        MemorySegment data = arena.allocate(12);
        arr.write(data, 0, Map.of("value[1]", 9L));
        assertEquals(Map.of("value[0]", 0L, "value[1]", 9L, "value[2]", 0L), arr.read(data, 0));
    }

    private static int memberType(String name) {
        return ((BtfType.Composite) btf.type(event)).members().stream()
                .filter(m -> m.name().equals(name)).findFirst().orElseThrow().type();
    }

    @Test
    void shortDataIsRefusedBeforeAnyColumnGrows() {
        Table t = decoder.newTable("events");
        MemorySegment data = arena.allocate(decoder.size() - 1);
        BpfException e = assertThrows(BpfException.class, () -> decoder.appendTo(t, data, 0));
        assertTrue(e.getMessage().contains("struct event (" + hostSize + " bytes)"), e.getMessage());
        for (String name : t.columnNames()) {
            assertEquals(0, t.column(name).size(), name);
        }
    }

    @Test
    void appendToFollowsTheTableItIsGiven() {
        Table first = decoder.newTable("first");
        Table second = decoder.newTable("second");
        MemorySegment data = arena.allocate(decoder.size());
        for (int i = 0; i < 3; i++) {
            decoder.write(data, 0, Map.of("u32v", (long) i));
            decoder.appendTo(first, data, 0);
            decoder.write(data, 0, Map.of("u32v", 100L + i));
            decoder.appendTo(second, data, 0);
        }
        assertEquals(List.of(0L, 1L, 2L), first.longColumn("u32v").asList());
        assertEquals(List.of(100L, 101L, 102L), second.longColumn("u32v").asList());
        assertEquals(3, first.rowCount());
    }

    @Test
    void aSinkOnlyBindsToMatchingColumns() {
        Table missing = Table.create("t");
        assertMessage(() -> decoder.sinkFor(missing), "has no column u8v", "newTable()");
        Table wrong = decoder.newTable("t").replaceColumn("u32v", tech.tablesaw.api.IntColumn.create("u32v"));
        assertMessage(() -> decoder.sinkFor(wrong), "column u32v", "is INTEGER", "needs LONG");
    }

    @Test
    void onlyDeclaredStructsCannotBeDecoded() {
        int pointer = btf.global("opaque").orElseThrow().type();
        int declared = ((BtfType.Ptr) btf.type(pointer)).type();
        BpfException e = assertThrows(BpfException.class, () -> StructCodec.of(btf, declared, "value"));
        assertTrue(e.getMessage().contains("struct only_declared") && e.getMessage().contains("only declared"),
                e.getMessage());
    }
}
