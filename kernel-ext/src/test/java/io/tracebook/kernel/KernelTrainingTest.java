package io.tracebook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.Bpf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The training run's first snippet compiles, loads and attaches (when it stops early the training still makes its
 * cache, only without the first {@code %%bpf} cell's classes and profiles: nothing else would tell), and leaves
 * nothing loaded.
 */
class KernelTrainingTest {
    @Test
    void theFirstSnippetAttachesAndLeavesNothingLoaded() throws IOException {
        boolean root = Files.readAllLines(Path.of("/proc/self/status")).stream().anyMatch(l -> l.matches("Uid:\\s+0\\s.*"));
        if (!root && !"1".equals(System.getenv("TRACEBOOK_REQUIRE_KERNEL"))) Assumptions.abort("loading a program needs root");
        int loadedBefore = Bpf.loaded().size();
        String said = KernelTraining.firstSnippet();
        assertTrue(said.startsWith("first snippet attached: "), said);
        assertEquals(loadedBefore, Bpf.loaded().size(), "the training closes its object");
    }
}
