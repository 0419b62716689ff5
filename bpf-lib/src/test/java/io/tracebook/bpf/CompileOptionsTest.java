package io.tracebook.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.error.CompileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Include directories and -D defines for snippets and files; a program written for a newer libbpf says so. */
class CompileOptionsTest {
    private static final String SNIPPET = """
            #include "rwlimits.h"
            const volatile u32 limit = RW_LIMIT * FACTOR;
            RINGBUF(events);
            SEC("tracepoint/syscalls/sys_enter_getppid") int options_prog(void *ctx) {
                struct rw_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
                if (e) { e->limit = limit; bpf_ringbuf_submit(e, 0); }
                return 0;
            }
            """;

    @TempDir
    Path dir;

    @Test
    void includeDirectoriesAndDefinesReachClang() throws Exception {
        KernelAccess.require();
        Path include = Files.createDirectories(dir.resolve("include"));
        Files.writeString(include.resolve("rwlimits.h"), "#define RW_LIMIT 7\nstruct rw_event { u32 limit; u64 padding; };\n");
        CompileException missing = assertThrows(CompileException.class, () -> Bpf.c(SNIPPET));
        assertTrue(missing.getMessage().contains("'rwlimits.h' file not found"), missing.getMessage());
        try (BpfObject o = Bpf.options().include(include).define("FACTOR", 3).c(SNIPPET).load()) {
            assertEquals(21, o.global("limit").getLong());
            assertEquals(List.of("limit", "padding"), o.events("events").emptyTable().columnNames(),
                    "the struct of a header found through an include directory is the event's");
        }
        Path file = Files.writeString(dir.resolve("prog.bpf.c"), "#include \"vmlinux.h\"\n#include <bpf/bpf_helpers.h>\n"
                + "#include \"rwlimits.h\"\nconst volatile u32 limit = RW_LIMIT + FACTOR;\nchar LICENSE[] SEC(\"license\") = \"GPL\";\n");
        try (BpfObject o = Bpf.options().include(include).define("FACTOR").file(file).load()) {
            assertEquals(8, o.global("limit").getLong(), "-DFACTOR defines it as 1");
        }
    }

    @Test
    void optionsAreRefusedWhereTheyCannotApply(@TempDir Path empty) {
        BpfException prebuilt = assertThrows(BpfException.class, () -> Bpf.options().define("X").file(Files.createFile(empty.resolve("x.o"))));
        assertTrue(prebuilt.getMessage().contains("is already compiled"), prebuilt.getMessage());
        assertThrows(CompileException.class, () -> Bpf.options().include(empty.resolve("nowhere")));
        assertThrows(CompileException.class, () -> Bpf.options().define("1X", 2));
    }

    @Test
    void aMacroOfANewerLibbpfIsNamedWithTheInstalledVersion() throws Exception {
        Assumptions.assumeFalse(Files.readString(Path.of("/usr/include/bpf/bpf_tracing.h")).contains("BPF_UPROBE"),
                "the installed libbpf headers have BPF_UPROBE (1.2 or later)");
        String src = """
                SEC("uprobe") int BPF_UPROBE(on_malloc, size_t size) {
                    return size > 100;
                }
                """;
        CompileException e = assertThrows(CompileException.class, () -> Bpf.c(src));
        assertTrue(e.getMessage().endsWith("BPF_UPROBE comes with libbpf 1.2 and later; the libbpf headers here (/usr/include/bpf) are "
                + "libbpf 1.1: install a newer libbpf-dev, or give clang a directory holding newer headers (its bpf/ inside) with "
                + "Bpf.options().include(dir)"), e.getMessage());
    }
}
