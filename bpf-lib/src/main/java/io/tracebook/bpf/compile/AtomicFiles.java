package io.tracebook.bpf.compile;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Cache writes that other processes never see half done: everything is written to a temporary
 * sibling first and renamed into place, so concurrent Tracebook processes can share one cache.
 */
final class AtomicFiles {
    private static final long PID = ProcessHandle.current().pid();
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final FileAttribute<?> PRIVATE_DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private AtomicFiles() {
    }

    /** A fresh, empty temporary file next to {@code target}, for a tool to write into. */
    static Path tempSibling(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        return create(target.getParent(), "." + target.getFileName() + "-", ".tmp",
                path -> Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))));
    }

    /** A fresh temporary directory (mode 0700) in {@code parent}, whose name starts with {@code prefix}. */
    static Path tempDirectory(Path parent, String prefix) throws IOException {
        return create(parent, prefix, "", path -> Files.createDirectory(path, PRIVATE_DIRECTORY));
    }

    /**
     * Names a temporary by this process's id and a counter instead of {@link Files#createTempFile}'s random number:
     * seeding its SecureRandom takes 50-80 ms in a fresh JVM, on the first compile's critical path (or, for the
     * spare clang's directory, beside it). The name need not be unpredictable, only unique: the file or directory
     * is created exclusively (an existing name, or a symbolic link under it, fails the creation and the next number
     * is tried), so a name a dead process with the same id left behind, or that another user of /tmp took, is
     * skipped.
     */
    private static Path create(Path parent, String prefix, String suffix, Creation creation) throws IOException {
        while (true) {
            try {
                return creation.create(parent.resolve(prefix + PID + "-" + COUNTER.incrementAndGet() + suffix));
            } catch (FileAlreadyExistsException leftBehind) {
                // try the next number
            }
        }
    }

    private interface Creation {
        Path create(Path path) throws IOException;
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
