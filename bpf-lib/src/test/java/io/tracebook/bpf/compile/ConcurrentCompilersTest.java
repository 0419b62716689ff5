package io.tracebook.bpf.compile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Independent compilers (as separate processes would be) racing on one empty cache: each may
 * generate vmlinux.h, precompile the prelude and build the object, and all must end up with a
 * good, identical object and no leftover temporary files.
 */
class ConcurrentCompilersTest {
    @BeforeEach
    void needsKernelBtf() {
        KernelBtfGuard.requireKernelBtf();
    }

    @Test
    void compilersRacingOnAnEmptyCacheAllSucceed(@TempDir Path cache) throws Exception {
        int racers = 4;
        String source = PrecompiledPreludeTest.snippet("raced");
        CountDownLatch start = new CountDownLatch(1);
        List<Future<CompiledObject>> results = new ArrayList<>();
        List<BpfCompiler> compilers = new ArrayList<>();
        int objectsBuilt = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(racers)) {
            for (int i = 0; i < racers; i++) {
                BpfCompiler compiler = new BpfCompiler(cache);
                compilers.add(compiler);
                results.add(pool.submit(() -> {
                    start.await();
                    return compiler.compile(source);
                }));
            }
            start.countDown();
            byte[] expected = null;
            for (Future<CompiledObject> result : results) {
                objectsBuilt += result.get().cached() ? 0 : 1;
                byte[] object = Files.readAllBytes(result.get().objectFile());
                if (expected == null) {
                    expected = object;
                }
                assertArrayEquals(expected, object);
            }
        }
        assertTrue(compilers.getFirst().awaitPrecompiledPrelude(Duration.ofMinutes(2)));
        assertEquals(1, compilers.stream().mapToLong(BpfCompiler::clangRuns).sum() - objectsBuilt,
                "one build of the precompiled prelude, however many compiles raced");
        assertEquals(List.of(), PrecompiledPreludeTest.temporaryFiles(cache));
        BpfCompiler later = new BpfCompiler(cache);
        later.compile(PrecompiledPreludeTest.snippet("after_the_race"));
        assertEquals(1, later.precompiledPreludeCompiles(), "the header the race left behind is whole");
    }
}
