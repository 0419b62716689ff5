package io.tracebook.bpf.compile;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class PrecompiledPreludeTest {
    @BeforeEach
    void needsKernelBtf() {
        KernelBtfGuard.requireKernelBtf();
    }

    static String snippet(String name) {
        return """
                HASH(counts, u32, u64, 1024);
                SEC("tracepoint/syscalls/sys_enter_openat")
                int %s(void *ctx)
                {
                	u32 pid = bpf_get_current_pid_tgid() >> 32;
                	u64 one = 1;
                	bpf_map_update_elem(&counts, &pid, &one, BPF_ANY);
                	return 0;
                }
                """.formatted(name);
    }

    @Test
    void isBuiltOnceAndReusedByLaterCompilesAndInstances(@TempDir Path cache) throws IOException {
        BpfCompiler compiler = new BpfCompiler(cache);
        compiler.compile(snippet("first"));
        assertEquals(2, compiler.clangRuns(), "the prelude, then the object");
        Path pch = onlyPrecompiledHeader(compiler.includeDir());
        FileTime built = Files.getLastModifiedTime(pch);

        compiler.compile(snippet("second"));
        assertEquals(3, compiler.clangRuns());

        BpfCompiler another = new BpfCompiler(cache);
        assertFalse(another.compile(snippet("third")).cached());
        assertEquals(1, another.clangRuns(), "another instance reuses the precompiled prelude on disk");

        assertEquals(pch, onlyPrecompiledHeader(compiler.includeDir()));
        assertEquals(built, Files.getLastModifiedTime(pch));
    }

    @Test
    void aDamagedPrecompiledHeaderIsRebuiltAndTheCompileSucceeds(@TempDir Path cache) throws IOException {
        BpfCompiler compiler = new BpfCompiler(cache);
        compiler.compile(snippet("before"));
        Path pch = onlyPrecompiledHeader(compiler.includeDir());
        Files.writeString(pch, "not a precompiled header");

        BpfCompiler afterDamage = new BpfCompiler(cache);
        assertFalse(afterDamage.compile(snippet("after")).cached());
        assertEquals(3, afterDamage.clangRuns(), "refused by clang, rebuilt, compiled again");
    }

    private static Path onlyPrecompiledHeader(Path includeDir) throws IOException {
        try (Stream<Path> files = Files.list(includeDir)) {
            List<Path> pchs = files.filter(p -> p.getFileName().toString().endsWith(".pch")).toList();
            assertEquals(1, pchs.size(), pchs::toString);
            return pchs.getFirst();
        }
    }
}
