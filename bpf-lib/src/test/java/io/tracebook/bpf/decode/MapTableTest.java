package io.tracebook.bpf.decode;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.btf.Btf;
import io.tracebook.bpf.btf.Fixtures;
import io.tracebook.bpf.btf.OpenedObject;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.ffi.Libbpf;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Map entries of layout.bpf.c's maps, typed by the key and value type ids libbpf reports for them. */
class MapTableTest {
    @TempDir
    static Path dir;
    static OpenedObject object;
    static Btf btf;

    @BeforeAll
    static void compile() throws Exception {
        object = OpenedObject.open(Fixtures.compileBpf(dir));
        btf = object.btf();
    }

    @AfterAll
    static void close() {
        if (object != null) {
            object.close();
        }
    }

    private static MapTable forMap(String name) {
        MemorySegment map = object.map(name);
        return MapTable.of(btf, Libbpf.bpf_map__btf_key_type_id(map), Libbpf.bpf_map__btf_value_type_id(map));
    }

    @Test
    void scalarKeyAndValueAreKeyAndValue() {
        MapTable counts = forMap("counts");
        assertEquals(List.of("key", "value"), counts.columnNames());
        Table t = counts.newTable("counts");
        MapTable.Sink sink = counts.sinkFor(t);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment keys = arena.allocate(8);
            MemorySegment values = arena.allocate(16);
            keys.setAtIndex(JAVA_INT, 0, 7);
            keys.setAtIndex(JAVA_INT, 1, -1);
            values.setAtIndex(JAVA_LONG, 0, 70);
            values.setAtIndex(JAVA_LONG, 1, 1L << 50);
            sink.append(keys, 4, values, 8, 2);
        }
        assertEquals(List.of(7L, 4294967295L), t.longColumn("key").asList());
        assertEquals(List.of(70L, 1L << 50), t.longColumn("value").asList());
    }

    @Test
    void clashingStructFieldsArePrefixed() {
        MapTable stats = forMap("stats");
        assertEquals(List.of("key.pid", "key.tid", "value.pid", "value.count", "value.level"), stats.columnNames());
        Table t = stats.newTable("stats");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment key = arena.allocate(stats.key().size());
            MemorySegment value = arena.allocate(stats.value().size());
            stats.key().write(key, 0, Map.of("key.pid", 10L, "key.tid", 11L));
            stats.value().write(value, 0, Map.of("value.pid", 12L, "value.count", 13L, "value.level", "HIGH"));
            stats.sinkFor(t).append(key, key.byteSize(), value, value.byteSize(), 1);
        }
        assertEquals(1, t.rowCount());
        assertEquals(List.of(10L, 11L, 12L, 13L, "HIGH"), List.of(t.column(0).get(0), t.column(1).get(0),
                t.column(2).get(0), t.column(3).get(0), t.column(4).get(0)));
    }

    @Test
    void distinctFieldsKeepTheirNames() {
        int pidKey = btf.findStruct("pid_key").orElseThrow();
        int u64 = btf.global("counter").orElseThrow().type();
        assertEquals(List.of("pid", "tid", "value"), MapTable.of(btf, pidKey, u64).columnNames());
        int u32 = btf.global("min_pid").orElseThrow().type();
        int stats = btf.findStruct("pid_stats").orElseThrow();
        assertEquals(List.of("key", "pid", "count", "level"), MapTable.of(btf, u32, stats).columnNames());
    }

    @Test
    void aPerCpuEntryGivesARowPerCpuFromValuesPaddedTo8Bytes() {
        int u32 = btf.global("min_pid").orElseThrow().type();
        MapTable perCpu = MapTable.perCpu(btf, u32, u32, 3);
        assertEquals(List.of("key", "value", MapTable.CPU_COLUMN), perCpu.columnNames());
        Table t = perCpu.newTable("per_cpu");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment key = arena.allocate(4);
            MemorySegment values = arena.allocate(24);
            key.set(JAVA_INT, 0, 5);
            for (int cpu = 0; cpu < 3; cpu++) values.set(JAVA_INT, cpu * 8L, 100 + cpu);
            perCpu.sinkFor(t).append(key, 4, values, 24, 1);
        }
        assertEquals(List.of(5L, 5L, 5L), t.longColumn("key").asList());
        assertEquals(List.of(100L, 101L, 102L), t.longColumn("value").asList());
        assertEquals(List.of(0, 1, 2), t.intColumn("cpu").asList());
    }

    @Test
    void aPerCpuValueMissingItsLastCpuAddsNoRow() {
        int u32 = btf.global("min_pid").orElseThrow().type();
        MapTable perCpu = MapTable.perCpu(btf, u32, u32, 3);
        Table t = perCpu.newTable("per_cpu");
        try (Arena arena = Arena.ofConfined()) {
            assertThrows(BpfException.class, () -> perCpu.sinkFor(t).append(arena.allocate(4), 4, arena.allocate(19), 24, 1));
        }
        assertEquals(0, t.rowCount());
    }

    @Test
    void aPerCpuMapWithoutCpuFieldsKeepsTheFieldNames() {
        int u32 = btf.global("min_pid").orElseThrow().type();
        int stats = btf.findStruct("pid_stats").orElseThrow();
        assertEquals(List.of("key", "pid", "count", "level", "cpu"), MapTable.perCpu(btf, u32, stats, 2).columnNames());
    }

    @Test
    void manyEntriesAtOnceGiveTheRowsOfEachDecodedAlone() {
        int u32 = btf.global("min_pid").orElseThrow().type();
        int s32 = btf.global("level").orElseThrow().type();
        int u64 = btf.global("counter").orElseThrow().type();
        int pidKey = btf.findStruct("pid_key").orElseThrow();
        int event = btf.findStruct("event").orElseThrow();
        // Packed integers (copied in bulk), then structs of every kind of field (a loop per field).
        assertSameAsEachAlone(MapTable.of(btf, u32, u64), 1);
        assertSameAsEachAlone(MapTable.of(btf, s32, u32), 1);
        assertSameAsEachAlone(MapTable.perCpu(btf, u32, u64, 3), 3);
        assertSameAsEachAlone(MapTable.of(btf, pidKey, event), 1);
        assertSameAsEachAlone(MapTable.perCpu(btf, pidKey, event, 3), 3);
    }

    /** Appends 200 entries of arbitrary bytes at once; the rows must be those of each key and value decoded alone. */
    private static void assertSameAsEachAlone(MapTable layout, int cpus) {
        int entries = 200;
        long keySize = layout.key().size();
        long valueSize = cpus > 1 ? (layout.value().size() + 7) & ~7L : layout.value().size();
        long valueStride = valueSize * cpus;
        Table t = layout.newTable("map");
        Table expectedKeys = layout.key().newTable("keys");
        Table expectedValues = layout.value().newTable("values");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment keys = arena.allocate(entries * keySize);
            MemorySegment values = arena.allocate(entries * valueStride);
            Random random = new Random(15);
            for (long i = 0; i < keys.byteSize(); i++) keys.set(JAVA_BYTE, i, (byte) random.nextInt());
            // Every kind of field with arbitrary bytes; texts repeat from row to row now and then, as comm does.
            for (long i = 0; i < values.byteSize(); i++) values.set(JAVA_BYTE, i, (byte) (i % 7 == 0 ? 'a' : random.nextInt(4)));
            layout.sinkFor(t).append(keys, keySize, values, valueStride, entries);
            for (int i = 0; i < entries; i++) {
                for (int cpu = 0; cpu < cpus; cpu++) {
                    layout.key().appendTo(expectedKeys, keys, i * keySize);
                    layout.value().appendTo(expectedValues, values, i * valueStride + cpu * valueSize);
                }
            }
        }
        assertEquals(entries * cpus, t.rowCount());
        for (Table expected : List.of(expectedKeys, expectedValues)) {
            for (Column<?> column : expected.columns()) assertEquals(column.asList(), t.column(column.name()).asList(), column.name());
        }
        if (!layout.isPerCpu()) return;
        for (int row = 0; row < t.rowCount(); row++) assertEquals(row % cpus, t.intColumn(MapTable.CPU_COLUMN).getInt(row));
    }

    @Test
    void aShortValueAddsNoHalfRow() {
        MapTable counts = forMap("counts");
        Table t = counts.newTable("counts");
        try (Arena arena = Arena.ofConfined()) {
            BpfException e = assertThrows(BpfException.class,
                    () -> counts.sinkFor(t).append(arena.allocate(4), 4, arena.allocate(4), 8, 1));
            assertTrue(e.getMessage().contains("u64 (8 bytes)"), e.getMessage());
        }
        assertEquals(0, t.column("key").size());
    }
}
