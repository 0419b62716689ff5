package io.tracebook.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.compile.BpfCompiler;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.ffi.LibbpfRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bpf.file: a .bpf.c next to its own headers, and a prebuilt .bpf.o. */
class FilesTest {
    @TempDir
    Path dir;

    private static final String PROGRAM = """
            #include "vmlinux.h"
            #include <bpf/bpf_helpers.h>
            #include "tracebook.h"
            #include "limits.h"

            HASH(calls, u32, u64, LIMIT);
            SEC("tracepoint/syscalls/sys_enter_getppid")
            int on_call(void *ctx) {
                u32 pid = bpf_get_current_pid_tgid() >> 32;
                u64 one = 1, *n = bpf_map_lookup_elem(&calls, &pid);
                if (n) __sync_fetch_and_add(n, 1); else bpf_map_update_elem(&calls, &pid, &one, BPF_NOEXIST);
                return 0;
            }
            char LICENSE[] SEC("license") = "GPL";
            """;

    @Test
    void aBpfCFileWithItsOwnIncludesLoadsAndCounts() throws Exception {
        KernelAccess.require();
        Files.writeString(dir.resolve("limits.h"), "#define LIMIT 128\n");
        Path source = Files.writeString(dir.resolve("count.bpf.c"), PROGRAM);
        try (var o = Bpf.file(source).load().attach()) {
            assertEquals(128, o.map("calls").maxEntries());
            long pid = Workload.run("getppid", "77");
            assertEquals(77L, o.map("calls").get((int) pid));
        }
    }

    @Test
    void aPrebuiltObjectLoadsAsItIs() throws Exception {
        KernelAccess.require();
        Files.writeString(dir.resolve("limits.h"), "#define LIMIT 64\n");
        Path source = Files.writeString(dir.resolve("count.bpf.c"), PROGRAM);
        Path object = dir.resolve("count.bpf.o");
        Files.copy(BpfCompiler.shared().compileFile(source).objectFile(), object);
        try (var o = Bpf.file(object).load().attach()) {
            assertEquals(64, o.map("calls").maxEntries());
            assertEquals(null, o.source(), "a prebuilt object has no source");
            long pid = Workload.run("getppid", "5");
            assertEquals(5L, o.map("calls").get((int) pid));
        }
    }

    @Test
    void aMissingFileSaysWhichPath() {
        BpfException e = assertThrows(BpfException.class, () -> Bpf.file(dir.resolve("nope.bpf.c")));
        assertTrue(e.getMessage().contains("nope.bpf.c"), e.getMessage());
    }

    @Test
    void libbpfVersionIsCheckedAndSupported() {
        assertTrue(LibbpfRuntime.ensureInitialized().startsWith("1."), "libbpf 1.x is installed and accepted");
    }
}
