package io.tracebook.bpf.decode;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.btf.Btf;
import io.tracebook.bpf.btf.Fixtures;
import io.tracebook.bpf.btf.OpenedObject;
import io.tracebook.bpf.error.BpfException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** Records shorter than their struct (variable-length events), several strings in one char[], arrays written from Java. */
class VariableRecordsTest {
    private static final String SOURCE = """
            typedef unsigned short u16;
            typedef unsigned int u32;
            struct exec_event { int pid; u32 args_size; char comm[8]; u32 args_count; char args[32]; };
            struct exec_event example;
            const volatile u16 ports[6] = {};
            struct pair { u32 a; char name[4]; };
            struct pair pairs[3];
            """;

    @TempDir
    static Path dir;
    static Btf btf;
    static StructCodec exec;

    @BeforeAll
    static void compile() throws Exception {
        Path source = Files.writeString(dir.resolve("records.c"), SOURCE);
        Path object = dir.resolve("records.o");
        Fixtures.run(null, "clang", "-O2", "-g", "-target", "bpf", "-c", source.toString(), "-o", object.toString());
        try (OpenedObject o = OpenedObject.open(object)) {
            btf = o.btf();
        }
        exec = StructCodec.of(btf, btf.findStruct("exec_event").orElseThrow(), "value");
    }

    /** An exec_event as execsnoop sends it: the struct up to the end of the argv bytes it copied. */
    private static MemorySegment record(Arena arena, int pid, String comm, String... argv) {
        byte[] args = (String.join("\0", argv) + "\0").getBytes(StandardCharsets.UTF_8);
        MemorySegment r = arena.allocate(20 + args.length);
        r.set(JAVA_INT, 0, pid);
        r.set(JAVA_INT, 4, args.length);
        MemorySegment.copy(comm.getBytes(StandardCharsets.UTF_8), 0, r, java.lang.foreign.ValueLayout.JAVA_BYTE, 8, comm.length());
        r.set(JAVA_INT, 16, argv.length);
        MemorySegment.copy(args, 0, r, java.lang.foreign.ValueLayout.JAVA_BYTE, 20, args.length);
        return r;
    }

    @Test
    void aShortRecordDecodesItsFieldsAndLeavesTheRestMissing() {
        try (Arena arena = Arena.ofConfined()) {
            Table t = exec.newTable("events");
            StructCodec.Sink sink = exec.sinkFor(t);
            MemorySegment r = record(arena, 7, "ls", "ls", "-la");
            assertEquals(Optional.empty(), exec.cutShort(r.byteSize()));
            sink.appendShort(r, 0, r.byteSize());
            MemorySegment head = record(arena, 8, "sh", "sh");
            sink.appendShort(head, 0, 16);
            assertEquals(List.of(7, 8), t.intColumn("pid").asList());
            assertEquals("ls", t.stringColumn("args").get(0), "plain text: the first string");
            assertTrue(t.longColumn("args_count").isMissing(1) && t.stringColumn("args").isMissing(1),
                    "the second record ended after comm: its later fields are missing");
        }
    }

    @Test
    void aRecordEndingInsideANumberIsNotDecodable() {
        assertEquals(Optional.of("its 6 bytes end inside field args_size (u32), bytes 4 to 8"), exec.cutShort(6));
        assertEquals(Optional.of("it is empty"), exec.cutShort(0));
        assertEquals(Optional.empty(), exec.cutShort(8), "ends where a field ends");
        assertEquals(Optional.empty(), exec.cutShort(11), "ends inside text");
    }

    @Test
    void severalStringsInOneCharArrayJoinWithSpaces() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment r = record(arena, 7, "ls", "ls", "-la", "", "/tmp");
            MemorySegment whole = arena.allocate(exec.size());
            MemorySegment.copy(r, 0, whole, 0, r.byteSize());
            StructCodec counted = exec.withJoinedStrings("args", "args_size");
            StructCodec uncounted = exec.withJoinedStrings("args", null);
            Table t = counted.newTable("events");
            counted.sinkFor(t).appendShort(r, 0, r.byteSize());
            assertEquals("ls -la  /tmp", t.stringColumn("args").get(0), "an empty argument keeps its place");
            assertEquals("ls -la  /tmp", ((Map<?, ?>) uncounted.read(whole, 0)).get("args"), "the zeros after the last string are no strings");
            whole.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 51, (byte) 'x'); // the last byte of args
            assertEquals("ls -la  /tmp", ((Map<?, ?>) uncounted.read(whole, 0)).get("args"), "bytes after the last NUL are no string");
            BpfException e = assertThrows(BpfException.class, () -> exec.withJoinedStrings("pid", null));
            assertTrue(e.getMessage().contains("has no char[] field pid"), e.getMessage());
        }
    }

    @Test
    void arraysAreWrittenFromListsAndJavaArraysAsCInitializesThem() {
        var ports = btf.global("ports").orElseThrow();
        StructCodec codec = StructCodec.of(btf, ports.type(), "ports");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(codec.size());
            data.fill((byte) 0xff);
            codec.write(data, 0, List.of(80, 443));
            assertEquals(List.of(80, 443, 0, 0, 0, 0), List.copyOf(((Map<?, ?>) codec.read(data, 0)).values()));
            codec.write(data, 0, new int[] {1, 2, 3});
            assertEquals(List.of(1, 2, 3, 0, 0, 0), List.copyOf(((Map<?, ?>) codec.read(data, 0)).values()));
            BpfException tooMany = assertThrows(BpfException.class, () -> codec.write(data, 0, new short[7]));
            assertEquals("const volatile u16[6] holds 6 elements, so 7 do not fit ports", tooMany.getMessage());
            BpfException notAList = assertThrows(BpfException.class, () -> codec.write(data, 0, 80));
            assertEquals("const volatile u16[6] is an array: pass a List or a Java array, for ports[0], ports[1], ports[2], ports[3], ports[4], "
                    + "ports[5]", notAList.getMessage());
        }
        var pairs = btf.global("pairs").orElseThrow();
        StructCodec structs = StructCodec.of(btf, pairs.type(), "pairs");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(structs.size());
            structs.write(data, 0, List.of(Map.of("a", 1, "name", "one"), Map.of("a", 2, "name", "two")));
            Map<?, ?> read = (Map<?, ?>) structs.read(data, 0);
            assertEquals(List.of(1L, "one", 2L, "two", 0L, ""), List.copyOf(read.values()));
        }
    }

    @Test
    void aLongFieldListIsShortInAMessage() {
        var ports = btf.global("ports").orElseThrow();
        StructCodec codec = StructCodec.of(btf, ports.type(), "ports");
        try (Arena arena = Arena.ofConfined()) {
            BpfException e = assertThrows(BpfException.class, () -> codec.write(arena.allocate(codec.size()), 0, Map.of("port", 1)));
            assertEquals("const volatile u16[6] has no field port; its fields are ports[0], ports[1], ports[2], ports[3], ports[4], ports[5]", e.getMessage());
            BpfException struct = assertThrows(BpfException.class, () -> exec.write(arena.allocate(exec.size()), 0, 5));
            assertEquals("struct exec_event has several fields: pass a Map from field name to value, for pid, args_size, comm, "
                    + "args_count, args", struct.getMessage());
        }
    }
}
