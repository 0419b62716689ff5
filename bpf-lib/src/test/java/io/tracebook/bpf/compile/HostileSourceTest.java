package io.tracebook.bpf.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.HostileSources;
import io.tracebook.bpf.error.CompileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources a careless or hostile user may write (issue 16): each compile returns, with a message that names what is
 * wrong with the source. Real clang; the time guards only tell a hang (which on the code before never ended) from a
 * slow machine: each of these compiles takes well under two seconds here.
 */
class HostileSourceTest extends CompileCacheFixture {
    /** Far longer than any of these compiles takes (at most ~2 s on a loaded machine), far shorter than a hang. */
    private static final Duration HANG = Duration.ofSeconds(60);
    private static final String PROGRAM = """
            SEC("tracepoint/syscalls/sys_enter_getppid")
            int harden_prog(void *ctx) { return 0; }
            """;

    @Test
    void includingADeviceIsRefusedAndNeverReadsForever() {
        for (String device : List.of("/dev/zero", "/dev/urandom", "/dev/stdin", "/proc/self/fd/0")) {
            CompileException e = assertTimeoutPreemptively(HANG, () -> assertThrows(CompileException.class,
                    () -> new BpfCompiler(cache).compile("#include \"" + device + "\"\n" + PROGRAM)), device);
            assertTrue(e.getMessage().contains("includes " + device + ", which is not a file"), e.getMessage());
        }
    }

    @Test
    void aMegabyteOfBlankLinesCompilesAtOnce() {
        String source = "\n".repeat(1 << 20) + PROGRAM;
        CompiledObject o = assertTimeoutPreemptively(HANG, () -> new BpfCompiler(cache).compile(source));
        assertTrue(Files.isRegularFile(o.objectFile()));
    }

    @Test
    void unclosedCommentsBracesAndTypedefsAreScannedInLinearTime() {
        for (String filler : List.of("/*", "{", "typedef struct {", "struct s ", "\"")) {
            String source = PROGRAM + filler.repeat((1 << 20) / filler.length());
            assertTimeoutPreemptively(HANG, () -> assertThrows(CompileException.class, () -> new BpfCompiler(cache).compile(source)),
                    filler);
        }
    }

    @Test
    void anIncludeThatNeverEndsIsStoppedAtTheTimeLimit(@TempDir Path dir) throws Exception {
        Path fifo = HostileSources.fifo(dir);
        BpfCompiler compiler = new BpfCompiler(cache, Duration.ofSeconds(2));
        CompileException e = assertTimeoutPreemptively(HANG, () -> assertThrows(CompileException.class,
                () -> compiler.compile("#include \"" + fifo + "\"\n" + PROGRAM)));
        assertTrue(e.getMessage().startsWith("clang did not finish within 2 s and was stopped"), e.getMessage());
        assertEquals(List.of(), clangsOf(fifo), "clang is gone");
    }

    @Test
    void anInterruptStopsClangAtOnce(@TempDir Path dir) throws Exception {
        Path fifo = HostileSources.fifo(dir);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread compiling = Thread.ofPlatform().start(() -> {
            try {
                new BpfCompiler(cache).compile("#include \"" + fifo + "\"\n" + PROGRAM);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        while (clangsOf(fifo).isEmpty()) {
            assertTrue(compiling.isAlive(), () -> "the compile ended before clang blocked: " + thrown.get());
            Thread.sleep(10);
        }
        long interrupted = System.nanoTime();
        compiling.interrupt();
        // Ends in about 10 ms here; 10 s only tells a stop that works from one that does not.
        compiling.join(Duration.ofSeconds(10));
        System.out.printf("the interrupted compile ended %.1f ms after the interrupt%n", (System.nanoTime() - interrupted) / 1e6);
        assertFalse(compiling.isAlive(), "the compile ignored the interrupt");
        assertTrue(thrown.get() instanceof CompileException, String.valueOf(thrown.get()));
        assertTrue(thrown.get().getMessage().contains("interrupted"), thrown.get().getMessage());
        assertEquals(List.of(), clangsOf(fifo), "clang is gone");
    }

    @Test
    void endlessDiagnosticsAreCutAtAMegabyte() {
        // 2^16 unused variables, each warned about with a chain of macro notes: ~40 MB of clang output.
        String source = HostileSources.doubling("{ int unused_variable_here; }", 16,
                "SEC(\"tracepoint/syscalls/sys_enter_getppid\")\nint harden_prog(void *ctx) { X16 return 0; }");
        CompileException e = assertTimeoutPreemptively(HANG, () -> assertThrows(CompileException.class,
                () -> new BpfCompiler(cache).compile(source)));
        assertTrue(e.getMessage().startsWith("clang printed more than 1 MiB of diagnostics and was stopped; the first:\nline 19:"),
                e.getMessage());
        assertTrue(e.getMessage().contains("unused variable 'unused_variable_here'"), e.getMessage());
        assertTrue(e.details().length() < (1 << 20) + 10_000, "details() keeps at most the first MiB: " + e.details().length());
    }

    @Test
    void aClangCrashIsNamed() {
        // An expression of 2^20 terms: clang overflows its stack and dies of SIGSEGV without printing anything.
        String source = HostileSources.doubling("1+", 20, "SEC(\"tracepoint/syscalls/sys_enter_getppid\")\nint harden_prog(void *ctx) { return X20 1; }");
        CompileException e = assertTimeoutPreemptively(HANG, () -> assertThrows(CompileException.class,
                () -> new BpfCompiler(cache).compile(source)));
        assertTrue(e.getMessage().startsWith("clang crashed (SIGSEGV)"), e.getMessage());
        assertTrue(e.getMessage().contains("simplify"), e.getMessage());
    }

    @Test
    void brokenCharactersAreBlamedOnTheSourceWithTheirPlace(@TempDir Path dir) throws IOException {
        CompileException surrogate = assertThrows(CompileException.class,
                () -> new BpfCompiler(cache).compile(PROGRAM + "// caf\uD800\n"));
        assertEquals("the source has a broken character at line 3, column 7: half of a UTF-16 surrogate pair (\\uD800),"
                + " which no encoding can write; delete or retype it", surrogate.getMessage());

        CompileException nul = assertThrows(CompileException.class, () -> new BpfCompiler(cache).compile("\n\nint x;\0\n" + PROGRAM));
        assertEquals("the source has a NUL character at line 3, column 7 (pasted binary data?); remove it", nul.getMessage());

        Path latin1 = Files.write(dir.resolve("latin1.bpf.c"), (PROGRAM + "// caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1));
        CompileException file = assertThrows(CompileException.class, () -> new BpfCompiler(cache).compileFile(latin1));
        assertEquals(latin1 + " is not UTF-8 text: line 3 has the byte 0xE9, which UTF-8 does not allow there (Latin-1?);"
                + " save the file as UTF-8", file.getMessage());
    }

    @Test
    void aSourceOfManyMegabytesIsRefusedBeforeClang() {
        BpfCompiler compiler = new BpfCompiler(cache);
        CompileException e = assertThrows(CompileException.class, () -> compiler.compile(PROGRAM + " ".repeat(5 << 20)));
        assertTrue(e.getMessage().startsWith("the source is 5120 KiB; Tracebook compiles sources of up to 4 MiB"), e.getMessage());
        assertEquals(0, compiler.clangRuns());
    }

    @Test
    void anErrorInAnIncludedHeaderNamesTheHeaderAndTheInclude(@TempDir Path dir) throws IOException {
        Path header = Files.writeString(dir.resolve("harden_bad.h"), "int harden_x = ;\n");
        CompileException e = assertThrows(CompileException.class,
                () -> new BpfCompiler(cache).compile("// the header\n#include \"" + header + "\"\n" + PROGRAM));
        assertEquals("BPF C does not compile: " + header + ":1:16: error: expected expression (included from line 2)",
                e.getMessage());
    }

    @Test
    void anErrorInAPreludeHeaderNamesItWithoutTheCache() {
        CompileException e = assertThrows(CompileException.class, () -> new BpfCompiler(cache).compile("""
                #define task_struct 1
                #include "vmlinux.h"
                """ + PROGRAM));
        assertTrue(e.getMessage().contains("\nvmlinux.h:"), e.getMessage());
        assertFalse(e.getMessage().contains(cache.toString()), e.getMessage());
        assertFalse(e.getMessage().contains(ObjectCache.LAYOUT), e.getMessage());
    }

    /** clang processes of this JVM compiling a source that includes {@code fifo}. */
    private static List<ProcessHandle> clangsOf(Path fifo) {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().orElse("").contains("clang"))
                .filter(p -> {
                    Path source = Path.of("/proc/" + p.pid() + "/cwd/snippet.bpf.c");
                    try {
                        // a spare clang's source is a pipe until it is handed a source (SpareClang): never read that
                        return Files.isRegularFile(source) && Files.readString(source).contains(fifo.toString());
                    } catch (IOException gone) {
                        return false;
                    }
                })
                .toList();
    }
}
