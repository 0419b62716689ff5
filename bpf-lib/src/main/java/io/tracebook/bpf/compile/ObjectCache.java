package io.tracebook.bpf.compile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compiled objects by cache key. Each entry is {@code <key>.o} plus {@code <key>.log} (clang's
 * output, for its warnings) and {@code <key>.deps} (the user headers the source included, with
 * their content hashes, so that editing such a header invalidates the entry). The object is
 * renamed into place last: an entry whose object exists is complete.
 */
final class ObjectCache {
    /** A complete entry: the object and what clang printed while building it. */
    record Entry(Path object, String clangOutput) {
    }

    private final Path dir;

    ObjectCache(Path dir) {
        this.dir = dir;
    }

    Path sourceFile(String key) {
        return dir.resolve(key + ".bpf.c");
    }

    Path objectFile(String key) {
        return dir.resolve(key + ".o");
    }

    Optional<Entry> lookup(String key) throws IOException {
        Path object = objectFile(key);
        if (!Files.isRegularFile(object) || !dependenciesUnchanged(key)) {
            return Optional.empty();
        }
        Path log = dir.resolve(key + ".log");
        return Optional.of(new Entry(object, Files.exists(log) ? Files.readString(log) : ""));
    }

    /** Stores a freshly built object, taking ownership of {@code builtObject} (it is moved). */
    Entry store(String key, Path builtObject, String clangOutput, List<Path> dependencies) throws IOException {
        StringBuilder deps = new StringBuilder();
        for (Path dependency : dependencies) {
            deps.append(Sha256.ofFile(dependency)).append(' ').append(dependency).append('\n');
        }
        AtomicFiles.write(dir.resolve(key + ".deps"), deps.toString());
        AtomicFiles.write(dir.resolve(key + ".log"), clangOutput);
        AtomicFiles.moveIntoPlace(builtObject, objectFile(key));
        return new Entry(objectFile(key), clangOutput);
    }

    private boolean dependenciesUnchanged(String key) throws IOException {
        Path deps = dir.resolve(key + ".deps");
        if (!Files.exists(deps)) {
            return false;
        }
        for (String line : Files.readAllLines(deps)) {
            int space = line.indexOf(' ');
            Path dependency = Path.of(line.substring(space + 1));
            if (!Files.isRegularFile(dependency) || !Sha256.ofFile(dependency).equals(line.substring(0, space))) {
                return false;
            }
        }
        return true;
    }

    /** A fresh temporary file for clang to write {@code key}'s object or dependency list into. */
    Path tempFile(String key, String suffix) throws IOException {
        return AtomicFiles.tempSibling(dir.resolve(key + suffix));
    }

    /** The dependencies worth re-checking: the user's own files, not our prelude headers. */
    static List<Path> userDependencies(List<Path> all, PreludeHeaders headers) {
        List<Path> user = new ArrayList<>();
        for (Path path : all) {
            if (!headers.contains(path)) {
                user.add(path.toAbsolutePath().normalize());
            }
        }
        return user;
    }
}
