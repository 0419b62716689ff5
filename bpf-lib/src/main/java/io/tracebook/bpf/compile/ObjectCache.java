package io.tracebook.bpf.compile;

import io.tracebook.bpf.sys.FileState;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Compiled objects by cache key, in the directory {@value #LAYOUT} of the cache (older Tracebooks keep
 * theirs in {@code objects/}, in another layout: neither reads the other's). One directory per key holds the
 * file clang compiled, the object, what clang printed, and a {@value #MANIFEST} written last.
 *
 * <p><b>Verified on every use.</b> The manifest names its key and the size and CRC-32C of the object, the log
 * and each user header the source included; an entry whose manifest names another key, whose files differ
 * from it (truncated, bit-flipped, another object copied over it) or whose headers changed is removed, and
 * the source is compiled again. An entry without user headers that this instance verified is checked again by
 * its object file's state alone ({@code sys.FileState}: inode, size and modification time; one stat instead of
 * reading and summing three files: a tenth of an unchanged cell's re-run before the JIT compiles those checks); any
 * change there and the full check runs. CRC-32C rather than a cryptographic hash: a hash would not stop anyone who
 * can write the manifest, and nobody but the user can ({@link CacheDirectory}); CRC-32C catches every damage
 * that is not on purpose and costs microseconds where SHA-256 costs 100 ms over a 650 KB object in a fresh JVM.
 *
 * <p><b>Nothing half-done, nothing failed.</b> clang works in a temporary directory that becomes the entry by
 * one rename when it succeeded, and is deleted when it did not.
 *
 * <p><b>Bounded.</b> Entries unused for {@link #MAX_AGE} are removed, and when all of them together exceed
 * {@link #MAX_BYTES} the least recently used go until three quarters of it remain; checked at the first store
 * of each instance and then every {@value #STORES_BETWEEN_SWEEPS} stores.
 */
final class ObjectCache {
    static final String LAYOUT = "objects-4";
    /** An object with BTF and line info for the kernel types it uses is 20–700 KB here: several hundred entries. */
    static final long MAX_BYTES = 256L << 20;
    static final Duration MAX_AGE = Duration.ofDays(30);
    static final String OBJECT = "object.o";
    static final String LOG = "clang.log";
    static final String MANIFEST = "manifest";
    private static final String HEADER = "tracebook compiled object";
    private static final int STORES_BETWEEN_SWEEPS = 64;
    /** A temporary directory this old belongs to a process that died: no compile takes an hour. */
    private static final Duration ABANDONED = Duration.ofHours(1);
    /** Last uses are recorded to the hour: a cache hit writes nothing more often. */
    private static final Duration USE_RESOLUTION = Duration.ofHours(1);
    private static final int REMEMBERED_ENTRIES = 64;

    /** A complete entry: its directory, the object and what clang printed while building it. */
    record Entry(Path dir, Path object, String clangOutput) {
    }

    private final Path dir;
    private final AtomicInteger stores = new AtomicInteger();
    /** Entries without user headers verified in full, by key. */
    private final Map<String, Verified> verifiedEntries = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Verified> eldest) {
            return size() > REMEMBERED_ENTRIES;
        }
    });

    /** An entry verified in full, and its object file's state then: still good while the file is in that state. */
    private record Verified(Entry entry, FileState object) {
    }

    /** {@code dir} is the {@value #LAYOUT} directory, already checked by {@link CacheDirectory}. */
    ObjectCache(Path dir) {
        this.dir = dir;
    }

    /** The entry for {@code key} if there is one and it is whole; a damaged or outdated one is removed. */
    Optional<Entry> lookup(String key) throws IOException {
        Verified known = verifiedEntries.get(key);
        if (known != null && known.object().current()) return Optional.of(known.entry());
        verifiedEntries.remove(key);
        Path entry = dir.resolve(key);
        if (!Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        Path object = entry.resolve(OBJECT);
        // Taken before the object is read: a file replaced after this differs from it at the next lookup.
        FileState objectBefore = FileState.of(object);
        Optional<Manifest> manifest = verified(key, entry);
        if (manifest.isEmpty()) {
            discard(entry);
            return Optional.empty();
        }
        markUsed(entry.resolve(MANIFEST));
        Entry whole = new Entry(entry, object, manifest.get().clangOutput());
        if (!manifest.get().userHeaders() && objectBefore != null) {
            verifiedEntries.put(key, new Verified(whole, objectBefore));
        }
        return Optional.of(whole);
    }

    /** What a verified manifest says: what clang printed, and whether the source included headers of the user's. */
    private record Manifest(String clangOutput, boolean userHeaders) {
    }

    /** The manifest, when it and the entry's files agree; empty when anything is amiss. */
    private static Optional<Manifest> verified(String key, Path entry) throws IOException {
        if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        try {
            List<String> lines = Files.readAllLines(entry.resolve(MANIFEST), StandardCharsets.UTF_8);
            if (lines.size() < 4 || !lines.get(0).equals(HEADER) || !lines.get(1).equals("key " + key)) return Optional.empty();
            if (!FileCheck.parse(lines.get(2), OBJECT).matches(entry.resolve(OBJECT))) return Optional.empty();
            FileCheck log = FileCheck.parse(lines.get(3), LOG);
            byte[] logBytes = log.read(entry.resolve(LOG));
            if (logBytes == null) return Optional.empty();
            for (String line : lines.subList(4, lines.size())) {
                FileCheck header = FileCheck.parse(line, null);
                if (!header.matches(Path.of(header.name()))) return Optional.empty();
            }
            return Optional.of(new Manifest(new String(logBytes, StandardCharsets.UTF_8), lines.size() > 4));
        } catch (NoSuchFileException | CharacterCodingException | IllegalArgumentException damaged) {
            return Optional.empty();
        }
    }

    /** A fresh temporary directory for compiling {@code key}; it is deleted on close unless it became an entry. */
    Workspace workspace(String key) throws IOException {
        return new Workspace(AtomicFiles.tempDirectory(dir, ".build-" + key + "-"));
    }

    /**
     * Makes {@code workspace}, where clang wrote {@value #OBJECT}, the entry for {@code key}. When another process
     * stored the key meanwhile, theirs is kept (it is identical) and ours deleted.
     */
    Entry store(String key, Workspace workspace, String clangOutput, List<Path> userHeaders) throws IOException {
        Path ws = workspace.dir();
        byte[] log = clangOutput.getBytes(StandardCharsets.UTF_8);
        Files.write(ws.resolve(LOG), log);
        StringBuilder manifest = new StringBuilder(HEADER + "\nkey " + key + "\n");
        manifest.append(FileCheck.of(OBJECT, Files.readAllBytes(ws.resolve(OBJECT)))).append('\n');
        manifest.append(FileCheck.of(LOG, log)).append('\n');
        for (Path header : userHeaders) {
            manifest.append(FileCheck.of(header.toString(), Files.readAllBytes(header))).append('\n');
        }
        Files.writeString(ws.resolve(MANIFEST), manifest, StandardCharsets.UTF_8);
        Path entry = dir.resolve(key);
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                Files.move(ws, entry, StandardCopyOption.ATOMIC_MOVE);
                workspace.stored = true;
                sweepNowAndThen();
                return new Entry(entry, entry.resolve(OBJECT), clangOutput);
            } catch (IOException notMoved) {
                if (!Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) throw notMoved;
                Optional<Entry> theirs = lookup(key); // another process stored it; removed when damaged, then ours goes in
                if (theirs.isPresent()) return theirs.get();
            }
        }
        throw new IOException("could not store the compiled object in " + entry);
    }

    /** Removes an entry: renamed out of the way first, so that nobody finds it half deleted. */
    private void discard(Path entry) throws IOException {
        verifiedEntries.remove(entry.getFileName().toString());
        Path trash = dir.resolve(".trash-" + entry.getFileName() + "-" + System.nanoTime());
        try {
            Files.move(entry, trash, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException removedMeanwhile) {
            return;
        }
        AtomicFiles.deleteTree(trash);
    }

    private static void markUsed(Path manifest) throws IOException {
        Instant now = Instant.now();
        try {
            if (Files.getLastModifiedTime(manifest).toInstant().isBefore(now.minus(USE_RESOLUTION))) {
                Files.setLastModifiedTime(manifest, FileTime.from(now));
            }
        } catch (NoSuchFileException sweptMeanwhile) {
            // another process removed it just now: the object was read and checked already
        }
    }

    private void sweepNowAndThen() throws IOException {
        if (stores.getAndIncrement() % STORES_BETWEEN_SWEEPS == 0) sweep(MAX_BYTES, MAX_AGE);
    }

    /**
     * Removes entries unused for {@code maxAge}, then the least recently used ones while all together exceed
     * {@code maxBytes}, down to three quarters of it; and temporary directories that dead processes left.
     */
    void sweep(long maxBytes, Duration maxAge) throws IOException {
        Instant now = Instant.now();
        List<Stored> entries = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.toList()) {
                Instant used = lastUse(child);
                if (child.getFileName().toString().startsWith(".")) {
                    if (used.isBefore(now.minus(ABANDONED))) AtomicFiles.deleteTree(child);
                } else if (used.isBefore(now.minus(maxAge))) {
                    discard(child);
                } else {
                    entries.add(new Stored(child, used, sizeOf(child)));
                }
            }
        }
        long total = entries.stream().mapToLong(Stored::bytes).sum();
        if (total <= maxBytes) return;
        entries.sort(Comparator.comparing(Stored::lastUse));
        for (Stored stored : entries) {
            if (total <= maxBytes / 4 * 3) break;
            discard(stored.dir());
            total -= stored.bytes();
        }
    }

    private record Stored(Path dir, Instant lastUse, long bytes) {
    }

    /** When an entry was last used: its manifest's time, or the directory's (a temporary one has no manifest). */
    private static Instant lastUse(Path entry) {
        try {
            Path manifest = entry.resolve(MANIFEST);
            Path dated = Files.exists(manifest) ? manifest : entry;
            return Files.getLastModifiedTime(dated, LinkOption.NOFOLLOW_LINKS).toInstant();
        } catch (IOException goneMeanwhile) {
            return Instant.EPOCH;
        }
    }

    private static long sizeOf(Path entry) throws IOException {
        long bytes = 0;
        try (Stream<Path> files = Files.list(entry)) {
            for (Path file : files.toList()) bytes += Files.size(file);
        } catch (NoSuchFileException goneMeanwhile) {
            return 0;
        }
        return bytes;
    }

    /** A file as the manifest records it: "SIZE CRC32C NAME". */
    private record FileCheck(String name, long size, long crc) {
        static FileCheck of(String name, byte[] content) {
            return new FileCheck(name, content.length, crc(content));
        }

        /** Parses a manifest line; {@code expectedName} (when not null) must be the name it records. */
        static FileCheck parse(String line, String expectedName) {
            String[] parts = line.split(" ", 3);
            if (parts.length != 3 || (expectedName != null && !parts[2].equals(expectedName))) {
                throw new IllegalArgumentException("not a manifest line: " + line);
            }
            return new FileCheck(parts[2], Long.parseLong(parts[0]), Long.parseLong(parts[1], 16));
        }

        boolean matches(Path file) throws IOException {
            return read(file) != null;
        }

        /** The file's content when it is a regular file that matches, else null. */
        byte[] read(Path file) throws IOException {
            if (!Files.isRegularFile(file) || Files.size(file) != size) return null;
            byte[] content = Files.readAllBytes(file);
            return content.length == size && crc(content) == crc ? content : null;
        }

        private static long crc(byte[] content) {
            CRC32C crc = new CRC32C();
            crc.update(content);
            return crc.getValue();
        }

        @Override
        public String toString() {
            return size + " " + Long.toHexString(crc) + " " + name;
        }
    }

    /** A temporary directory clang compiles in; deleted on close unless {@link #store} made it an entry. */
    static final class Workspace implements AutoCloseable {
        private final Path dir;
        private boolean stored;

        private Workspace(Path dir) {
            this.dir = dir;
        }

        Path dir() {
            return dir;
        }

        @Override
        public void close() throws IOException {
            if (!stored) AtomicFiles.deleteTree(dir);
        }
    }
}
