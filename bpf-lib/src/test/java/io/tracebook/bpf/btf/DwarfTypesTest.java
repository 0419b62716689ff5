package io.tracebook.bpf.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A struct only the DWARF has (a stack local) reads into the same BTF types as clang writes for a global of it. */
class DwarfTypesTest {
    private static final String SOURCE = """
            typedef unsigned char u8;
            typedef unsigned int u32;
            typedef unsigned long long u64;
            enum color { RED = -1, GREEN = 7 };
            struct inner { u32 a; char tag[4]; };
            struct local_only {
                u64 ts;
                u8 flags : 3, mode : 5;
                signed char delta;
                _Bool ok;
                enum color color;
                char comm[16];
                u32 grid[2][3];
                struct inner in;
                union { u32 word; u8 bytes[4]; } raw;
                unsigned __int128 addr;
                const char *name;
                float ratio;
            };
            #ifdef AS_GLOBAL
            struct local_only global_copy;
            #endif
            void *sink;
            __attribute__((section("tp/x"), used)) int prog(void *ctx) {
                struct local_only e = {};
                e.ts = 1;
                __builtin_memcpy(sink, &e, sizeof(e));
                return 0;
            }
            char LICENSE[] __attribute__((section("license"), used)) = "GPL";
            """;

    @Test
    void theDwarfOfALocalGivesTheTypesBtfWouldHave(@TempDir Path dir) throws Exception {
        Path local = compile(dir, "local.o");
        Path global = compile(dir, "global.o", "-DAS_GLOBAL");
        try (OpenedObject localObject = OpenedObject.open(local); OpenedObject globalObject = OpenedObject.open(global)) {
            Btf withoutDwarf = localObject.btf();
            assertTrue(withoutDwarf.findStruct("local_only").isEmpty(), "clang leaves a stack local's struct out of BTF");
            Btf fromDwarf = DwarfTypes.withStruct(withoutDwarf, local, "local_only").orElseThrow();
            Btf fromBtf = globalObject.btf();
            assertEquals(describe(fromBtf, fromBtf.findStruct("local_only").getAsInt()),
                    describe(fromDwarf, fromDwarf.findStruct("local_only").getAsInt()));
            assertTrue(DwarfTypes.structNames(local).containsAll(java.util.List.of("local_only", "inner")));
            assertEquals(Optional.empty(), DwarfTypes.withStruct(withoutDwarf, local, "no_such_struct"));
        }
    }

    @Test
    void anObjectWithoutDwarfHasNone(@TempDir Path dir) throws Exception {
        Path object = dir.resolve("plain.o");
        Files.writeString(dir.resolve("plain.c"), SOURCE);
        Fixtures.run(null, "clang", "-O2", "-target", "bpf", "-c", dir.resolve("plain.c").toString(), "-o", object.toString());
        assertTrue(DwarfTypes.structNames(object).isEmpty());
    }

    private static Path compile(Path dir, String name, String... flags) throws Exception {
        Path source = dir.resolve("types.c");
        Files.writeString(source, SOURCE);
        Path object = dir.resolve(name);
        var command = new java.util.ArrayList<>(java.util.List.of("clang", "-O2", "-g", "-target", "bpf"));
        command.addAll(java.util.List.of(flags));
        command.addAll(java.util.List.of("-c", source.toString(), "-o", object.toString()));
        Fixtures.run(null, command.toArray(String[]::new));
        return object;
    }

    /** The type as a tree of kinds, names, sizes and member offsets: equal trees decode alike. */
    private static String describe(Btf btf, int id) {
        BtfType t = btf.type(id);
        return switch (t) {
            case BtfType.Composite c -> (c instanceof BtfType.Union ? "union " : "struct ") + c.name() + "(" + c.size() + "){"
                    + c.members().stream().map(m -> m.name() + "@" + m.bitOffset() + ":" + m.bitfieldSize() + "=" + describe(btf, m.type()))
                    .collect(Collectors.joining(", ")) + "}";
            case BtfType.Array a -> describe(btf, a.elementType()) + "[" + a.length() + "]";
            case BtfType.Int i -> "int " + i.name() + "/" + i.size() + "/" + i.encoding();
            case BtfType.Ptr p -> "*" + (btf.type(p.type()) instanceof BtfType.Composite ? "struct" : describe(btf, p.type()));
            case BtfType.Typedef d -> d.name() + "=" + describe(btf, d.type());
            case BtfType.Const c -> "const " + describe(btf, c.type());
            case BtfType.Enumeration e -> "enum " + e.name() + "/" + e.size() + e.values();
            case BtfType.Float f -> "float " + f.name() + "/" + f.size();
            default -> t.getClass().getSimpleName();
        };
    }
}
