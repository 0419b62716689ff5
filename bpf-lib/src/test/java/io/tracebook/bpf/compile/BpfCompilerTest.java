package io.tracebook.bpf.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.error.CompileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real clang, real vmlinux.h from this kernel's BTF; needs only read access to /sys/kernel/btf/vmlinux. */
class BpfCompilerTest extends CompileCacheFixture {
    private static final String RINGBUF_SNIPPET = """
            struct event { u32 pid; char comm[16]; };
            RINGBUF(events);

            SEC("tracepoint/syscalls/sys_enter_openat")
            int on_open(void *ctx)
            {
            	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
            	if (!e)
            		return 0;
            	e->pid = bpf_get_current_pid_tgid() >> 32;
            	bpf_get_current_comm(e->comm, sizeof(e->comm));
            	bpf_ringbuf_submit(e, 0);
            	return 0;
            }
            """;

    @Test
    void compilesARingbufSnippetWithThePrelude() {
        BpfCompiler compiler = new BpfCompiler(cache);
        CompiledObject o = compiler.compile(RINGBUF_SNIPPET);

        assertFalse(o.cached());
        assertTrue(compiler.clangRuns() >= 1);
        assertTrue(Files.isRegularFile(o.objectFile()));
        assertEquals(RINGBUF_SNIPPET, o.source());
        assertTrue(readString(o.sourceFile()).startsWith(RINGBUF_SNIPPET), "the snippet's own lines are compiled unchanged");
        assertTrue(readString(o.sourceFile()).contains("struct event *__tracebook_type_event"), "its struct is anchored in BTF");
        assertSymbolIn(o.objectFile(), "events", ".maps");
        assertSymbolIn(o.objectFile(), "on_open", "tracepoint/syscalls/sys_enter_openat");
        assertSymbolIn(o.objectFile(), "LICENSE", "license");
        assertSymbolIn(o.objectFile(), "tracebook_ringbuf_drops", ".bss");
        assertTrue(ObjectDump.run(o.objectFile(), "-s", "--section=license").contains("GPL"));
    }

    @Test
    void anUnchangedSnippetDoesNotRunClangAgain() {
        String source = RINGBUF_SNIPPET.replace("on_open", "on_open_again");
        BpfCompiler compiler = new BpfCompiler(cache);
        CompiledObject first = compiler.compile(source);
        long runs = compiler.clangRuns();

        CompiledObject second = compiler.compile(source);
        assertTrue(second.cached());
        assertEquals(runs, compiler.clangRuns());
        assertEquals(first.objectFile(), second.objectFile());

        BpfCompiler another = new BpfCompiler(cache);
        CompiledObject third = another.compile(source);
        assertTrue(third.cached(), "the cache is shared by instances on one directory");
        assertEquals(0, another.clangRuns());
        assertEquals(first.objectFile(), third.objectFile());
    }

    @Test
    void aTypoIsReportedAtTheUsersOwnLineAndColumn() {
        String source = """
                SEC("tracepoint/syscalls/sys_enter_openat")
                int on_open(void *ctx)
                {	u32 pid = bpf_get_current_pid_tgidd() >> 32;
                	return pid == 0;
                }
                """;
        CompileException e = assertThrows(CompileException.class, () -> new BpfCompiler(cache).compile(source));

        CompileException.Diagnostic first = e.diagnostics().stream()
                .filter(d -> d.severity().endsWith("error")).findFirst().orElseThrow();
        assertEquals(3, first.line());
        assertEquals(13, first.column(), "clang counts the tab as one column");
        assertTrue(first.message().contains("bpf_get_current_pid_tgidd"), first.message());
        assertTrue(first.sourceLine().contains("bpf_get_current_pid_tgidd()"));
        assertTrue(e.getMessage().startsWith("BPF C does not compile: line 3:13: error: "), e.getMessage());
        assertTrue(e.getMessage().contains("u32 pid = bpf_get_current_pid_tgidd() >> 32;"), e.getMessage());
        assertTrue(e.details().contains("clang"), "the full clang output and command are in details()");
    }

    @Test
    void aClashWithAKernelTypeSaysWhatToDo() {
        String source = """
                struct key { u32 pid; };
                typedef long pid_t;
                SEC("tracepoint/syscalls/sys_enter_openat")
                int on_open(void *ctx) { return 0; }
                """;
        CompileException e = assertThrows(CompileException.class, () -> new BpfCompiler(cache).compile(source));

        assertTrue(e.getMessage().contains("line 1:8: error: redefinition of 'key': "
                + "vmlinux.h already defines struct key; rename yours"), e.getMessage());
        assertTrue(e.getMessage().contains("vmlinux.h already defines typedef pid_t; rename yours"), e.getMessage());
        assertEquals(2, e.diagnostics().size(), () -> e.diagnostics().toString());
    }

    @Test
    void aSnippetThatIncludesVmlinuxGetsNoPrelude() {
        String source = """
                #include "vmlinux.h"
                #include <bpf/bpf_helpers.h>

                SEC("tracepoint/syscalls/sys_enter_openat")
                int on_open(void *ctx) { return 0; }
                """;
        CompiledObject o = new BpfCompiler(cache).compile(source);

        assertNull(ObjectDump.symbol(o.objectFile(), "LICENSE"), "no license section was injected");
        assertNull(ObjectDump.symbol(o.objectFile(), "tracebook_ringbuf_drops"), "tracebook.h was not injected");

        String usesAMacro = source + "RINGBUF(events);\n";
        CompileException e = assertThrows(CompileException.class, () -> new BpfCompiler(cache).compile(usesAMacro));
        assertEquals(6, e.diagnostics().getFirst().line(), e.getMessage());
    }

    @Test
    void tracebookHeaderWorksWhenTheUserIncludesEverythingThemselves() {
        String source = """
                #include "vmlinux.h"
                #include <bpf/bpf_helpers.h>
                #include "tracebook.h"

                RINGBUF(events);
                char LICENSE[] SEC("license") = "GPL";

                SEC("tracepoint/syscalls/sys_enter_openat")
                int on_open(void *ctx)
                {
                	u64 *slot = bpf_ringbuf_reserve(&events, sizeof(u64), 0);
                	if (!slot)
                		return 0;
                	*slot = bpf_ktime_get_ns();
                	bpf_ringbuf_submit(slot, 0);
                	return 0;
                }
                """;
        CompiledObject o = new BpfCompiler(cache).compile(source);

        assertSymbolIn(o.objectFile(), "tracebook_ringbuf_drops", ".bss");
        assertCountsDrops(o.objectFile(), "tracepoint/syscalls/sys_enter_openat");
    }

    @Test
    void everyRingbufReserveAndOutputGoesThroughTheDropCounter() {
        String source = """
                RINGBUF(events);

                SEC("tracepoint/syscalls/sys_enter_read")
                int by_reserve(void *ctx)
                {
                	u32 *pid = bpf_ringbuf_reserve(&events, sizeof(*pid), 0);
                	if (!pid)
                		return 0;
                	*pid = bpf_get_current_pid_tgid() >> 32;
                	bpf_ringbuf_submit(pid, 0);
                	return 0;
                }

                SEC("tracepoint/syscalls/sys_enter_write")
                int by_output(void *ctx)
                {
                	u32 pid = bpf_get_current_pid_tgid() >> 32;
                	bpf_ringbuf_output(&events, &pid, sizeof(pid), 0);
                	return 0;
                }
                """;
        CompiledObject o = new BpfCompiler(cache).compile(source);

        assertTrue(ObjectDump.disassemble(o.objectFile(), "tracepoint/syscalls/sys_enter_read").contains("call 131"),
                "by_reserve calls bpf_ringbuf_reserve (helper 131)");
        assertTrue(ObjectDump.disassemble(o.objectFile(), "tracepoint/syscalls/sys_enter_write").contains("call 130"),
                "by_output calls bpf_ringbuf_output (helper 130)");
        assertCountsDrops(o.objectFile(), "tracepoint/syscalls/sys_enter_read");
        assertCountsDrops(o.objectFile(), "tracepoint/syscalls/sys_enter_write");
    }

    @Test
    void aSnippetWithItsOwnLicenseKeepsIt() {
        String source = """
                char _license[] SEC("license") = "Dual BSD/GPL";
                SEC("tracepoint/syscalls/sys_enter_openat")
                int on_open(void *ctx) { return 0; }
                """;
        CompiledObject o = new BpfCompiler(cache).compile(source);

        assertSymbolIn(o.objectFile(), "_license", "license");
        assertNull(ObjectDump.symbol(o.objectFile(), "LICENSE"));
    }

    @Test
    void theObjectsLineInfoUsesTheUsersLineNumbers() {
        String source = """
                HASH(counts, u32, u64, 1024);

                SEC("tracepoint/syscalls/sys_enter_openat")
                int on_open(void *ctx)
                {
                	u32 pid = bpf_get_current_pid_tgid() >> 32;
                	u64 one = 1;
                	bpf_map_update_elem(&counts, &pid, &one, BPF_NOEXIST);
                	return 0;
                }
                """;
        CompiledObject o = new BpfCompiler(cache).compile(source);

        String withLines = ObjectDump.run(o.objectFile(), "-d", "-l");
        String file = o.sourceFile().getFileName().toString();
        assertTrue(withLines.contains(file + ":6"), withLines);
        assertTrue(withLines.contains(file + ":8"), withLines);
        assertTrue(ObjectDump.run(o.objectFile(), "--section-headers").contains(".BTF.ext"));
    }

    @Test
    void warningsAreReportedButDoNotFailTheCompile() {
        String source = """
                SEC("tracepoint/syscalls/sys_enter_openat")
                int on_open(void *ctx)
                {
                	int unused;
                	return 0;
                }
                """;
        CompiledObject o = new BpfCompiler(cache).compile(source);

        assertEquals(1, o.warnings().size(), o.warnings()::toString);
        assertEquals(4, o.warnings().getFirst().line());
        assertTrue(o.warnings().getFirst().message().contains("unused variable 'unused'"));

        CompiledObject again = new BpfCompiler(cache).compile(source);
        assertTrue(again.cached());
        assertEquals(o.warnings(), again.warnings(), "a cache hit still reports the warnings");
    }

    @Test
    void aFileOnDiskResolvesIncludesFromItsDirectoryAndEditsToThemRecompile(@TempDir Path project) throws IOException {
        Files.writeString(project.resolve("common.h"), "#define LIMIT 16\n");
        Path program = Files.writeString(project.resolve("prog.bpf.c"), """
                #include "common.h"
                ARRAY(slots, u64, LIMIT);
                SEC("tracepoint/syscalls/sys_enter_openat")
                int on_open(void *ctx) { return 0; }
                """);
        BpfCompiler compiler = new BpfCompiler(cache);

        CompiledObject first = compiler.compileFile(program);
        assertFalse(first.cached());
        assertEquals(program.toAbsolutePath(), first.sourceFile());
        assertTrue(compiler.compileFile(program).cached());
        long runs = compiler.clangRuns();

        Files.writeString(project.resolve("common.h"), "#define LIMIT 32\n");
        assertFalse(compiler.compileFile(program).cached(), "a changed header invalidates the cached object");
        assertEquals(runs + 1, compiler.clangRuns());
    }

    @Test
    void aSnippetRerunAfterItsHeaderChangedAnchorsTheHeadersNewStructs(@TempDir Path include) throws IOException {
        Files.writeString(include.resolve("event.h"), "struct first_event { u32 pid; };\n");
        String source = """
                #include "event.h"
                RINGBUF(events);
                SEC("tracepoint/syscalls/sys_enter_openat")
                int on_open(void *ctx) { return 0; }
                """;
        ClangOptions options = ClangOptions.NONE.include(include);
        BpfCompiler compiler = new BpfCompiler(cache);
        assertTrue(readString(compiler.compile(source, options).sourceFile()).contains("__tracebook_type_first_event"));
        assertTrue(compiler.compile(source, options).cached());

        // The same snippet: a compiler that kept what it compiled by the snippet's text alone would miss the new struct.
        Files.writeString(include.resolve("event.h"), "struct second_event { u64 ts; };\n");
        CompiledObject again = compiler.compile(source, options);
        assertFalse(again.cached());
        assertTrue(readString(again.sourceFile()).contains("__tracebook_type_second_event"), readString(again.sourceFile()));
    }

    @Test
    void aMissingFileSaysWhere(@TempDir Path project) {
        Path missing = project.resolve("nope.bpf.c");
        CompileException e = assertThrows(CompileException.class, () -> new BpfCompiler(cache).compileFile(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void theIncludeDirHoldsVmlinuxAndTracebookHeaders() {
        Path dir = new BpfCompiler(cache).includeDir();
        assertTrue(Files.isRegularFile(dir.resolve("vmlinux.h")));
        assertTrue(Files.isRegularFile(dir.resolve("tracebook.h")));
        assertTrue(readString(dir.resolve("vmlinux.h")).contains("struct task_struct {"));
    }

    private static void assertCountsDrops(Path object, String section) {
        String code = ObjectDump.disassemble(object, section);
        assertTrue(code.contains("tracebook_ringbuf_drops"), "no reference to the drop counter in " + section + ":\n" + code);
        assertTrue(code.contains("lock *(u64 *)"), "no atomic increment in " + section + ":\n" + code);
    }

    private static void assertSymbolIn(Path object, String name, String section) {
        String line = ObjectDump.symbol(object, name);
        assertNotNull(line, () -> name + " missing from " + ObjectDump.symbols(object));
        assertTrue(line.contains(" " + section + "\t"), () -> name + " is not in " + section + ": " + line);
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
