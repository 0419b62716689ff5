package io.tracebook.bpf.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing of clang's diagnostics and dependency files, on text clang 14 really printed. */
class ClangOutputParsingTest {
    @Test
    void diagnosticsKeepTheirNotesAndUnlocatedErrors() {
        String output = """
                /c/o/snip.bpf.c:1:8: error: redefinition of 'key'
                struct key { int a; };
                       ^
                /c/include/vmlinux.h:2989:8: note: previous definition is here
                struct key {
                       ^
                /c/o/snip.bpf.c:4:6: warning: unused variable 'unused' [-Wunused-variable]
                clang: error: no such file or directory: 'x.c'
                2 errors generated.
                """;
        List<ClangDiagnostic> all = ClangDiagnostic.parse(output);

        assertEquals(3, all.size());
        ClangDiagnostic clash = all.getFirst();
        assertEquals("/c/o/snip.bpf.c", clash.file());
        assertEquals(1, clash.line());
        assertEquals(8, clash.column());
        assertEquals("redefinition of 'key'", clash.message());
        assertEquals(1, clash.notes().size());
        assertEquals(2989, clash.notes().getFirst().line());
        assertEquals("warning", all.get(1).severity());
        assertEquals(0, all.get(2).line());
        assertEquals("no such file or directory: 'x.c'", all.get(2).message());
    }

    @Test
    void dependencyFileGivesEveryPrerequisite() {
        String rule = "/c/o/.x.o123.tmp: /src/prog.bpf.c /c/include/tracebook-license.h \\\n"
                + "  /src/my\\ headers/common.h /c/include/prelude.pch\n";
        assertEquals(List.of(Path.of("/src/prog.bpf.c"), Path.of("/c/include/tracebook-license.h"),
                        Path.of("/src/my headers/common.h"), Path.of("/c/include/prelude.pch")),
                DependencyFile.prerequisites(rule));
    }
}
