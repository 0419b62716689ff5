package io.tracebook.bpf.compile;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
        try (ExecutorService pool = Executors.newFixedThreadPool(racers)) {
            for (int i = 0; i < racers; i++) {
                BpfCompiler compiler = new BpfCompiler(cache);
                results.add(pool.submit(() -> {
                    start.await();
                    return compiler.compile(source);
                }));
            }
            start.countDown();
            byte[] expected = null;
            for (Future<CompiledObject> result : results) {
                byte[] object = Files.readAllBytes(result.get().objectFile());
                if (expected == null) {
                    expected = object;
                }
                assertArrayEquals(expected, object);
            }
        }
        assertEquals(List.of(), leftovers(cache));
    }

    private static List<Path> leftovers(Path cache) throws IOException {
        try (Stream<Path> files = Files.walk(cache)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".")).toList();
        }
    }
}
