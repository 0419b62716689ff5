package io.tracebook.bpf.compile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.error.CompileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A clang started ahead of the next compile gives what a fresh clang gives: the same object, the same errors. */
class SpareClangTest extends CompileCacheFixture {
    private static final Duration SPARE_START_LIMIT = Duration.ofSeconds(60);

    private static String snippet(String name) {
        return """
                struct event { u32 pid; char comm[16]; };
                RINGBUF(events);

                SEC("tracepoint/syscalls/sys_enter_openat")
                int %s(void *ctx)
                {
                	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
                	if (!e)
                		return 0;
                	e->pid = bpf_get_current_pid_tgid() >> 32;
                	bpf_ringbuf_submit(e, 0);
                	return 0;
                }
                """.formatted(name);
    }

    private static int tests;
    private BpfCompiler compiler;

    /** Each test's compiler starts with a compile the cache does not hold: a spare is started after it. */
    @BeforeEach
    void aCompilerWithThePrecompiledPrelude() throws InterruptedException {
        tests++;
        compiler = new BpfCompiler(cache);
        compiler.compile(snippet("warm_up_" + tests));
        assertTrue(compiler.awaitPrecompiledPrelude(Duration.ofMinutes(2)));
        compiler.compile(snippet("with_the_prelude_ready_" + tests));
    }

    @AfterEach
    void noSpareLeftWaiting() {
        SpareClang.discardWaiting();
    }

    /**
     * The first compile on a cache without the precompiled prelude starts its build. The spare it leaves is for the
     * command line the next compile uses once that build is done, started when the build ends: started at once, it
     * would be for the full header (a compile nobody runs once the prelude is built) and its start would take CPU
     * from the first compile's open, load and attach.
     */
    @Test
    void afterTheFirstCompileTheSpareWaitsForThePreludeBuildAndUsesIt(@TempDir Path empty) throws Exception {
        BpfCompiler first = new BpfCompiler(empty);
        first.compile(snippet("first_ever"));
        assertEquals(0, first.precompiledPreludeCompiles(), "the first compile had the full header");
        assertTrue(first.awaitPrecompiledPrelude(Duration.ofMinutes(2)));
        awaitSpare(empty, null);
        long before = first.spareClangCompiles();
        first.compile(snippet("the_next_one"));
        assertEquals(before + 1, first.spareClangCompiles(), "the next compile was the spare's");
        assertEquals(1, first.precompiledPreludeCompiles(), "with the precompiled prelude");
        SpareClang.discardAll();
    }

    @Test
    void theNextSnippetIsCompiledByTheSpareIntoTheObjectAFreshClangMakes() throws Exception {
        awaitSpare();
        long before = compiler.spareClangCompiles();
        CompiledObject bySpare = compiler.compile(snippet("on_open_spare"));
        assertEquals(before + 1, compiler.spareClangCompiles());
        assertFalse(bySpare.cached());
        assertEquals(snippet("on_open_spare"), Files.readString(bySpare.sourceFile()).substring(0, snippet("on_open_spare").length()),
                "the entry keeps the source as a regular file, not the pipe");
        byte[] spareObject = Files.readAllBytes(bySpare.objectFile());

        awaitSpare(); // the one started after this compile, in the background
        SpareClang.discardWaiting();
        AtomicFiles.deleteTree(bySpare.objectFile().getParent());
        BpfCompiler fresh = new BpfCompiler(cache);
        CompiledObject afresh = fresh.compile(snippet("on_open_spare"));
        assertEquals(0, fresh.spareClangCompiles());
        assertFalse(afresh.cached());
        assertArrayEquals(Files.readAllBytes(afresh.objectFile()), spareObject, "byte for byte, line info included");
    }

    @Test
    void anErrorThroughTheSpareIsReportedAtTheUsersOwnLine() {
        awaitSpare();
        String source = """
                SEC("tracepoint/syscalls/sys_enter_openat")
                int on_open(void *ctx)
                {	u32 pid = bpf_get_current_pid_tgidd() >> 32;
                	return pid == 0;
                }
                """;
        long before = compiler.spareClangCompiles();
        CompileException e = assertThrows(CompileException.class, () -> compiler.compile(source));
        assertEquals(before + 1, compiler.spareClangCompiles());
        assertTrue(e.getMessage().startsWith("BPF C does not compile: line 3:13: error: "), e.getMessage());
        awaitSpare();
        compiler.compile(source.replace("tgidd", "tgid"));
        assertEquals(before + 2, compiler.spareClangCompiles(), "a failed compile leaves a spare for the corrected cell");
    }

    @Test
    void aCompileWithOtherOptionsOrALargeSourceRunsClangAfresh() {
        awaitSpare();
        ClangOptions options = ClangOptions.NONE.define("SPARE_TEST", "1");
        long before = compiler.spareClangCompiles();
        compiler.compile(snippet("with_a_define"), options);
        assertEquals(before, compiler.spareClangCompiles(), "the spare's command line has no -D");
        awaitSpare("-DSPARE_TEST=1");
        compiler.compile(snippet("with_the_define_again"), options);
        assertEquals(before + 1, compiler.spareClangCompiles(), "the next spare is for the options used last");

        String large = snippet("large") + "// " + "x".repeat(SpareClang.MAX_SOURCE_BYTES) + "\n";
        compiler.compile(large, options);
        assertEquals(before + 1, compiler.spareClangCompiles(), "more than a pipe surely holds goes to a fresh clang");
        assertTrue(isFor(SpareClang.waitingFor(), "-DSPARE_TEST=1"), "and the spare keeps waiting");
    }

    /**
     * Waits for the spare of this class's cache: with the precompiled prelude, or with the {@code -D} flag given (the
     * user's options make the prelude parsed afresh).
     */
    private static void awaitSpare(String define) {
        awaitSpare(cache, define);
    }

    /** Waits for the spare of the compiler on {@code cacheDir}, as {@link #awaitSpare(String)}. */
    private static void awaitSpare(Path cacheDir, String define) {
        long deadline = System.nanoTime() + SPARE_START_LIMIT.toNanos();
        while (!isFor(SpareClang.waitingFor(), cacheDir, define)) {
            if (System.nanoTime() > deadline) throw new AssertionError("no spare clang started in " + SPARE_START_LIMIT);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static void awaitSpare() {
        awaitSpare(null);
    }

    private static boolean isFor(List<String> commandLine, String define) {
        return isFor(commandLine, cache, define);
    }

    private static boolean isFor(List<String> commandLine, Path cacheDir, String define) {
        return commandLine.stream().anyMatch(a -> a.startsWith(cacheDir.toString()))
                && (define == null ? commandLine.contains("-include-pch") : commandLine.contains(define));
    }
}
