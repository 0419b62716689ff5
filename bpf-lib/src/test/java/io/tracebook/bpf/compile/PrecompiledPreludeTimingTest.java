package io.tracebook.bpf.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures what the precompiled prelude saves: the same snippets compiled through BpfCompiler
 * (with the PCH) and by clang with the prelude as a plain {@code -include}. Prints the numbers;
 * asserts only that both ways compile.
 */
class PrecompiledPreludeTimingTest {
    @BeforeEach
    void needsKernelBtf() {
        KernelBtfGuard.requireKernelBtf();
    }

    private static final int ROUNDS = 3;

    private static final String READS_TASK_STRUCT = """
            SEC("tracepoint/syscalls/sys_enter_openat")
            int %s(void *ctx)
            {
            	struct task_struct *task = (void *)bpf_get_current_task();
            	bpf_printk("ppid %%d", BPF_CORE_READ(task, real_parent, tgid));
            	return 0;
            }
            """;

    @Test
    void printsCompileTimesWithAndWithoutThePrecompiledPrelude(@TempDir Path cache) throws Exception {
        BpfCompiler compiler = new BpfCompiler(cache);
        compiler.compile(PrecompiledPreludeTest.snippet("warm_up"));
        assertTrue(compiler.awaitPrecompiledPrelude(Duration.ofMinutes(2)));

        report("small map snippet", cache, compiler, PrecompiledPreludeTest::snippet);
        report("snippet reading task_struct", cache, compiler, READS_TASK_STRUCT::formatted);
    }

    private interface Snippet {
        String named(String function);
    }

    private static void report(String what, Path cache, BpfCompiler compiler, Snippet snippet) throws IOException {
        long[] withPch = new long[ROUNDS];
        long[] withoutPch = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            String source = snippet.named(what.replaceAll("\\W", "_") + "_" + i);
            long t0 = System.nanoTime();
            assertFalse(compiler.compile(source).cached());
            withPch[i] = System.nanoTime() - t0;
            withoutPch[i] = timePlainInclude(cache, compiler.includeDir(), source);
        }
        long pch = median(withPch) / 1_000_000;
        long plain = median(withoutPch) / 1_000_000;
        System.out.printf("%s: median of %d compiles: %d ms with the precompiled prelude, %d ms without (%.1fx)%n",
                what, ROUNDS, pch, plain, (double) plain / Math.max(1, pch));
    }

    private static long timePlainInclude(Path cache, Path includeDir, String source) throws IOException {
        Path dir = Files.createDirectories(cache.resolve("plain"));
        Path file = Files.writeString(Files.createTempFile(dir, "snippet", ".bpf.c"), source);
        List<String> command = new ArrayList<>(List.of("clang"));
        command.addAll(ClangFlags.forHost());
        command.addAll(List.of("-I", includeDir.toString(),
                "-include", includeDir.resolve(PreludeHeaders.PRELUDE).toString(),
                "-include", includeDir.resolve(PreludeHeaders.LICENSE).toString(),
                "-c", file.toString(), "-o", file + ".o"));
        long t0 = System.nanoTime();
        ProcessRunner.Result result = ProcessRunner.run(command, null, BpfCompiler.TIME_LIMIT);
        long elapsed = System.nanoTime() - t0;
        assertEquals(0, result.exitCode(), result.output());
        return elapsed;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
