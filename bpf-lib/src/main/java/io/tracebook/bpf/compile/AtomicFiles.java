package io.tracebook.bpf.compile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Cache writes that other processes never see half done: everything is written to a temporary
 * sibling first and renamed into place, so concurrent Tracebook processes can share one cache.
 */
final class AtomicFiles {
    private AtomicFiles() {
    }

    /** A fresh, empty temporary file next to {@code target}, for a tool to write into. */
    static Path tempSibling(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        return Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    }

    /** Renames a finished file over {@code target}; a rename within one directory is atomic. */
    static void moveIntoPlace(Path finished, Path target) throws IOException {
        Files.move(finished, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Renames a finished directory to {@code target} unless another process got there first,
     * in which case ours is deleted and theirs (identical by construction) is kept.
     */
    static void moveDirectoryIntoPlace(Path finished, Path target) throws IOException {
        try {
            Files.move(finished, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.isDirectory(target)) {
                throw e;
            }
            deleteTree(finished);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
