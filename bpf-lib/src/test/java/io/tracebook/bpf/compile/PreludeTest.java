package io.tracebook.bpf.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tracebook.bpf.error.CompileException;
import org.junit.jupiter.api.Test;

class PreludeTest {
    @Test
    void choosesThePreludeFromTheSource() {
        assertEquals(Prelude.HEADERS_AND_LICENSE, Prelude.of("RINGBUF(events);"));
        assertEquals(Prelude.NONE, Prelude.of("#include \"vmlinux.h\"\nint x;"));
        assertEquals(Prelude.NONE, Prelude.of("  # include <vmlinux.h>"));
        assertEquals(Prelude.NONE, Prelude.of("#include \"../headers/vmlinux.h\""));
        assertEquals(Prelude.HEADERS_AND_LICENSE, Prelude.of("#include \"my_vmlinux.h\""));
        assertEquals(Prelude.HEADERS, Prelude.of("char _license[] SEC( \"license\" ) = \"GPL\";"));
        assertEquals(Prelude.HEADERS, Prelude.of("char l[] __attribute__((section(\"license\"))) = \"GPL\";"));
    }

    @Test
    void mapsJavaArchNamesToBpfTracingArchNames() {
        assertEquals("x86", ClangFlags.targetArch("amd64"));
        assertEquals("arm64", ClangFlags.targetArch("aarch64"));
        CompileException e = assertThrows(CompileException.class, () -> ClangFlags.targetArch("sparcv9"));
        assertEquals(true, e.getMessage().contains("sparcv9"));
    }
}
