package io.tracebook.bpf.btf;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.btf.BtfType.Linkage;
import io.tracebook.bpf.error.BpfException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lookups on the BTF of layout.bpf.c, checked against the host compiler's layout and libbpf's data sections. */
class BtfLookupTest {
    @TempDir
    static Path dir;
    static OpenedObject object;
    static Btf btf;
    static Map<String, String> hostSizes;

    @BeforeAll
    static void compile() throws Exception {
        object = OpenedObject.open(Fixtures.compileBpf(dir));
        btf = object.btf();
        hostSizes = Fixtures.keyValues(Fixtures.runText(null, Fixtures.compileHost(dir).toString(), "sizes"));
    }

    @AfterAll
    static void close() {
        if (object != null) {
            object.close();
        }
    }

    private static int struct(String name) {
        return btf.findStruct(name).orElseThrow();
    }

    private static BtfType.Member member(String struct, String name) {
        return ((BtfType.Composite) btf.type(struct(struct))).members().stream()
                .filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void sizesMatchTheHostCompiler() {
        for (String name : List.of("event", "inner", "number", "pid_key", "pid_stats")) {
            assertEquals(Long.parseLong(hostSizes.get(name)), btf.sizeOf(struct(name)), "sizeof " + name);
        }
        assertEquals(16 * 1, btf.sizeOf(member("event", "comm").type()));
        assertEquals(2 * 3 * 2, btf.sizeOf(member("event", "matrix").type()));
        assertEquals(8, btf.sizeOf(member("event", "ptr").type()));
    }

    @Test
    void structNamesListCompleteNamedStructsAndUnions() {
        List<String> names = btf.structNames();
        assertTrue(names.containsAll(List.of("event", "inner", "number", "pid_key", "pid_stats")), names.toString());
        assertFalse(names.contains("only_declared"), "a forward declaration has no layout");
        assertFalse(names.contains(""), "anonymous structs have no name to look up");
        assertInstanceOf(BtfType.Union.class, btf.type(struct("number")));
        assertTrue(btf.findStruct("only_declared").isEmpty());
        assertTrue(btf.findStruct("no_such_struct").isEmpty());
    }

    @Test
    void resolveStripsTypedefsAndQualifiers() {
        int tid = member("event", "tid").type();
        assertEquals("tid_t", btf.typeName(tid));
        BtfType resolved = btf.type(btf.resolve(tid));
        assertEquals(new BtfType.Int("unsigned int", 4, 0, 0, 32), resolved);
        int u32 = member("pid_key", "pid").type();
        assertEquals("u32", btf.typeName(u32));
        assertEquals(btf.resolve(u32), btf.resolve(tid), "both end in the same unsigned int");
        int structId = struct("event");
        assertEquals(structId, btf.resolve(structId), "a struct resolves to itself");
    }

    @Test
    void typeNamesReadLikeC() {
        assertEquals("struct event", btf.typeName(struct("event")));
        assertEquals("union number", btf.typeName(struct("number")));
        assertEquals("char[16]", btf.typeName(member("event", "comm").type()));
        assertEquals("u16[2][3]", btf.typeName(member("event", "matrix").type()));
        assertEquals("struct inner[2]", btf.typeName(member("event", "pair").type()));
        assertEquals("enum color", btf.typeName(member("event", "color").type()));
        assertEquals("void *", btf.typeName(member("event", "ptr").type()));
        assertEquals("const volatile u32", btf.typeName(global("min_pid").type()));
        assertEquals("int __tag(user) *", btf.typeName(global("user_ptr").type()));
        assertEquals("int * restrict", btf.typeName(global("restricted_ptr").type()));
        assertEquals("struct only_declared *", btf.typeName(global("opaque").type()));
        assertEquals("struct (anon)", btf.typeName(member("event", "").type()));
        BtfType.Composite countsMap = (BtfType.Composite) btf.type(global("counts").type());
        assertEquals("int (*)[16]", btf.typeName(countsMap.members().get(1).type()), "max_entries in a map definition");
        BtfType.Func onOpenat = (BtfType.Func) btf.type(function("on_openat"));
        assertEquals("int (void *)", btf.typeName(onOpenat.type()));
    }

    private static GlobalVar global(String name) {
        return btf.global(name).orElseThrow(() -> new AssertionError("no global " + name + " in " + btf.globals()));
    }

    @Test
    void globalsKnowTheirSection() {
        assertEquals(".rodata", global("min_pid").section());
        assertEquals(".rodata", global("config").section());
        assertEquals(".bss", global("counter").section());
        assertEquals(".bss", global("last_event").section());
        assertEquals(".data", global("level").section());
        assertEquals(".data", global("greeting").section());
        assertEquals(".maps", global("stats").section());
        assertEquals("license", global("LICENSE").section());
        assertEquals(Linkage.GLOBAL, global("level").linkage());
        assertEquals(struct("event"), global("last_event").type());
        assertEquals(Long.parseLong(hostSizes.get("event")), global("last_event").size());
        assertTrue(btf.global("on_openat").isEmpty(), "functions are not variables");
    }

    @Test
    void globalOffsetsPointAtTheInitialValuesLibbpfLaidOut() {
        MemorySegment rodata = object.initialValue(".rodata");
        assertEquals(42, rodata.get(JAVA_INT, global("min_pid").offset()));
        long config = global("config").offset();
        assertEquals(7, rodata.get(JAVA_SHORT, config));
        assertEquals(-3, rodata.get(JAVA_BYTE, config + 2));
        assertEquals(1234567890123L, rodata.get(JAVA_LONG, config + 8));

        MemorySegment data = object.initialValue(".data");
        assertEquals(-7, data.get(JAVA_INT, global("level").offset()));
        assertEquals("hi", data.getString(global("greeting").offset()));
        assertEquals(1, data.get(JAVA_INT, global("tagged").offset()));
    }

    @Test
    void dataSectionSizesAreFilledInByLibbpf() {
        BtfType.DataSec bss = (BtfType.DataSec) btf.type(findSection(".bss"));
        long end = 0;
        for (BtfType.VarInfo v : bss.vars()) {
            end = Math.max(end, v.offset() + v.size());
        }
        assertTrue(end > global("last_event").size() && bss.size() >= end, "the .bss section holds all its variables: " + bss);
        assertEquals(object.initialValue(".bss").byteSize(), bss.size());
    }

    private static int findSection(String name) {
        for (int id = 1; id < btf.typeCount(); id++) {
            if (btf.type(id) instanceof BtfType.DataSec d && d.name().equals(name)) {
                return id;
            }
        }
        throw new AssertionError("no section " + name);
    }

    private static int function(String name) {
        for (int id = 1; id < btf.typeCount(); id++) {
            if (btf.type(id) instanceof BtfType.Func f && f.name().equals(name)) {
                return id;
            }
        }
        throw new AssertionError("no function " + name);
    }

    @Test
    void functionsHaveNoSize() {
        int id = function("on_openat");
        BpfException e = assertThrows(BpfException.class, () -> btf.sizeOf(id));
        assertTrue(e.getMessage().contains("function on_openat"), e.getMessage());
    }

    @Test
    void unknownIdIsAnError() {
        BpfException e = assertThrows(BpfException.class, () -> btf.type(btf.typeCount()));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}
