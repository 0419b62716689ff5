package io.tracebook.bpf.compile;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compile cache shared by a test class's compilers: vmlinux.h is generated once for the class, and the
 * precompiled prelude a compile starts in the background finishes before the directory is deleted.
 */
abstract class CompileCacheFixture {
    @TempDir
    static Path cache;

    @BeforeAll
    static void prepareHeadersOnce() {
        KernelBtfGuard.requireKernelBtf();
        new BpfCompiler(cache).includeDir();
    }

    @AfterAll
    static void letThePreludeBuildFinishBeforeTheCacheIsDeleted() throws InterruptedException {
        PrecompiledPrelude.awaitAllBuilds(Duration.ofMinutes(2));
    }
}
