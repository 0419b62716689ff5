package io.tracebook.bpf.compile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrecompiledPreludeTest {
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(2);

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
    void aColdCacheCompilesWithTheFullPreludeAndTheNextCompileUsesThePrecompiledOne(@TempDir Path cache)
            throws Exception {
        BpfCompiler compiler = new BpfCompiler(cache);
        CompiledObject first = compiler.compile(snippet("first"));
        assertTrue(Files.size(first.objectFile()) > 0);
        assertEquals(0, compiler.precompiledPreludeCompiles(), "nobody waits for the precompiled prelude");
        assertEquals(2, compiler.clangRuns(), "the object, and the prelude's build started after it");

        assertTrue(compiler.awaitPrecompiledPrelude(BUILD_TIMEOUT), "the background build puts the header in place");
        assertEquals(List.of(), temporaryFiles(compiler.includeDir()));
        compiler.compile(snippet("second"));
        assertEquals(1, compiler.precompiledPreludeCompiles());
        assertEquals(3, compiler.clangRuns(), "no second build");
    }

    @Test
    void isBuiltOnceAndReusedByLaterCompilesAndInstances(@TempDir Path cache) throws Exception {
        BpfCompiler compiler = new BpfCompiler(cache);
        compiler.compile(snippet("first"));
        assertTrue(compiler.awaitPrecompiledPrelude(BUILD_TIMEOUT));
        Path pch = onlyPrecompiledHeader(compiler.includeDir());
        FileTime built = Files.getLastModifiedTime(pch);

        BpfCompiler another = new BpfCompiler(cache);
        assertFalse(another.compile(snippet("third")).cached());
        assertEquals(1, another.clangRuns(), "another instance reuses the precompiled prelude on disk");
        assertEquals(1, another.precompiledPreludeCompiles());

        assertEquals(pch, onlyPrecompiledHeader(compiler.includeDir()));
        assertEquals(built, Files.getLastModifiedTime(pch));
    }

    @Test
    void objectsAreIdenticalWithAndWithoutThePrecompiledPrelude(@TempDir Path cache) throws Exception {
        BpfCompiler compiler = new BpfCompiler(cache);
        CompiledObject withFullPrelude = compiler.compile(snippet("same"));
        byte[] expected = Files.readAllBytes(withFullPrelude.objectFile());
        assertTrue(compiler.awaitPrecompiledPrelude(BUILD_TIMEOUT));

        Files.delete(withFullPrelude.objectFile());
        CompiledObject withPch = compiler.compile(snippet("same"));
        assertFalse(withPch.cached());
        assertEquals(1, compiler.precompiledPreludeCompiles());
        assertArrayEquals(expected, Files.readAllBytes(withPch.objectFile()));
    }

    @Test
    void aBuildInProgressIsNeverUsedAndOneLeftByAKilledBuildIsCleanedUp(@TempDir Path cache) throws Exception {
        BpfCompiler compiler = new BpfCompiler(cache);
        Path pch = compiler.precompiledPrelude();
        // What another process's build looks like halfway: its temporary file, partly written.
        Path halfBuilt = pch.resolveSibling("." + pch.getFileName() + "1234.tmp");
        Files.write(halfBuilt, new byte[4096]);

        compiler.compile(snippet("during_build"));
        assertEquals(0, compiler.precompiledPreludeCompiles());
        assertEquals(1, compiler.clangRuns(), "no second build while one is under way");
        assertFalse(Files.exists(pch));

        Files.setLastModifiedTime(halfBuilt, FileTime.from(Instant.now().minus(PrecompiledPrelude.STALE).minusSeconds(60)));
        compiler.compile(snippet("after_a_killed_build"));
        assertEquals(3, compiler.clangRuns(), "the stale build is given up and a new one started");
        assertFalse(Files.exists(halfBuilt));
        assertTrue(compiler.awaitPrecompiledPrelude(BUILD_TIMEOUT));
        compiler.compile(snippet("with_the_header"));
        assertEquals(1, compiler.precompiledPreludeCompiles());
    }

    @Test
    void aDamagedPrecompiledHeaderIsRebuiltAndTheCompileSucceeds(@TempDir Path cache) throws Exception {
        BpfCompiler compiler = new BpfCompiler(cache);
        compiler.compile(snippet("before"));
        assertTrue(compiler.awaitPrecompiledPrelude(BUILD_TIMEOUT));
        Path pch = onlyPrecompiledHeader(compiler.includeDir());
        Files.writeString(pch, "not a precompiled header");

        BpfCompiler afterDamage = new BpfCompiler(cache);
        assertFalse(afterDamage.compile(snippet("after")).cached());
        assertEquals(3, afterDamage.clangRuns(), "refused by clang, compiled with the full prelude, rebuild started");
        assertTrue(afterDamage.awaitPrecompiledPrelude(BUILD_TIMEOUT));
        afterDamage.compile(snippet("rebuilt"));
        assertEquals(1, afterDamage.precompiledPreludeCompiles());
        assertEquals(4, afterDamage.clangRuns(), "the rebuilt header is accepted");
    }

    @Test
    void aJvmThatExitsRightAfterItsFirstCompileStillLeavesAWholePrecompiledHeader(@TempDir Path cache) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CompileOnceAndExit.class.getName(), cache.toString())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes());
        assertEquals(0, child.waitFor(), output);

        BpfCompiler compiler = new BpfCompiler(cache);
        Path pch = compiler.precompiledPrelude();
        long deadline = System.nanoTime() + BUILD_TIMEOUT.toNanos();
        while (!temporaryFiles(pch.getParent()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(List.of(), temporaryFiles(cache), "the detached build cleaned up after itself");
        assertTrue(Files.exists(pch), "the detached build finished after its JVM exited");
        compiler.compile(snippet("after_the_other_jvm"));
        assertEquals(1, compiler.precompiledPreludeCompiles(), "and clang accepts the header");
        assertEquals(1, compiler.clangRuns());
    }

    /** A JVM that compiles one snippet on the cache given and exits at once, its prelude build still running. */
    public static final class CompileOnceAndExit {
        public static void main(String[] args) {
            new BpfCompiler(Path.of(args[0])).compile(snippet("then_exit"));
        }
    }

    private static Path onlyPrecompiledHeader(Path includeDir) throws IOException {
        try (Stream<Path> files = Files.list(includeDir)) {
            List<Path> pchs = files.filter(p -> p.getFileName().toString().endsWith(".pch")).toList();
            assertEquals(1, pchs.size(), pchs::toString);
            return pchs.getFirst();
        }
    }

    /** The temporary files under {@code dir}, walked again when one vanished while walked (a build finishing). */
    static List<Path> temporaryFiles(Path dir) throws IOException {
        while (true) {
            try (Stream<Path> files = Files.walk(dir)) {
                return files.filter(p -> p.getFileName().toString().startsWith(".")).toList();
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof NoSuchFileException)) throw e;
            }
        }
    }
}
