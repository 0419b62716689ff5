package io.tracebook.bpf.compile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.error.CompileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The object cache trusts nothing it finds: entries are checked against their key, and only the user's directory is used. */
class ObjectCacheTest extends CompileCacheFixture {

    @Test
    void anotherObjectPlantedUnderASnippetsKeyIsNeverUsed() throws IOException {
        CompiledObject mine = new BpfCompiler(cache).compile(PrecompiledPreludeTest.snippet("harden_mine"));
        CompiledObject other = new BpfCompiler(cache).compile(PrecompiledPreludeTest.snippet("harden_other"));
        byte[] original = Files.readAllBytes(mine.objectFile());

        Files.copy(other.objectFile(), mine.objectFile(), StandardCopyOption.REPLACE_EXISTING);
        assertRebuiltAs(original, PrecompiledPreludeTest.snippet("harden_mine"));

        Path mineDir = mine.objectFile().getParent();
        AtomicFiles.deleteTree(mineDir);
        copyTree(other.objectFile().getParent(), mineDir);
        assertRebuiltAs(original, PrecompiledPreludeTest.snippet("harden_mine"));
    }

    @Test
    void aTruncatedOrFlippedObjectIsRebuilt() throws IOException {
        String source = PrecompiledPreludeTest.snippet("harden_damaged");
        CompiledObject first = new BpfCompiler(cache).compile(source);
        byte[] original = Files.readAllBytes(first.objectFile());

        Files.write(first.objectFile(), java.util.Arrays.copyOf(original, original.length / 2));
        assertRebuiltAs(original, source);

        byte[] flipped = original.clone();
        flipped[flipped.length / 3] ^= 0x10;
        Files.write(first.objectFile(), flipped);
        assertRebuiltAs(original, source);

        Files.writeString(first.objectFile().resolveSibling(ObjectCache.MANIFEST), "garbage\n");
        assertRebuiltAs(original, source);
    }

    /** The compiler that checked an entry in full re-checks it by the object file's size and time: each change below is seen. */
    @Test
    void anEntryCheckedBeforeIsRebuiltWhenItsObjectChanges() throws IOException {
        BpfCompiler compiler = new BpfCompiler(cache);
        String source = PrecompiledPreludeTest.snippet("harden_remembered");
        CompiledObject first = compiler.compile(source);
        byte[] original = Files.readAllBytes(first.objectFile());
        assertTrue(compiler.compile(source).cached(), "checked in full, then remembered");

        Files.write(first.objectFile(), java.util.Arrays.copyOf(original, original.length / 2));
        assertRebuiltBy(compiler, original, source);

        byte[] flipped = original.clone();
        flipped[flipped.length / 3] ^= 0x10;
        Files.write(first.objectFile(), flipped);
        // The same size: only the time tells. Set it apart explicitly, as two writes within a clock tick would not.
        Files.setLastModifiedTime(first.objectFile(), FileTime.from(Instant.now().plusSeconds(5)));
        assertRebuiltBy(compiler, original, source);

        Files.delete(first.objectFile());
        assertRebuiltBy(compiler, original, source);
    }

    private static void assertRebuiltBy(BpfCompiler compiler, byte[] original, String source) throws IOException {
        CompiledObject again = compiler.compile(source);
        assertFalse(again.cached(), "a changed entry is not used");
        assertArrayEquals(original, Files.readAllBytes(again.objectFile()));
        assertTrue(compiler.compile(source).cached(), "and the rebuilt entry is used from then on");
    }

    @Test
    void aFailedCompileKeepsNothing() throws IOException {
        BpfCompiler compiler = new BpfCompiler(cache);
        compiler.compile(PrecompiledPreludeTest.snippet("harden_before_the_failure"));
        List<Path> before = filesUnder(cache.resolve(ObjectCache.LAYOUT));

        assertThrows(CompileException.class, () -> compiler.compile("int harden_broken( {\n"));
        assertThrows(CompileException.class, () -> compiler.compile("#include \"/dev/zero\"\nint harden_x;\n"));

        assertEquals(before, filesUnder(cache.resolve(ObjectCache.LAYOUT)));
    }

    @Test
    void entriesLiveInTheirOwnLayoutBesideOlderOnes() throws IOException {
        CompiledObject o = new BpfCompiler(cache).compile(PrecompiledPreludeTest.snippet("harden_layout"));
        assertEquals(cache.resolve(ObjectCache.LAYOUT).toRealPath(), o.objectFile().getParent().getParent());
        assertFalse(Files.exists(cache.resolve("objects")), "the layout older code reads is not touched");
    }

    @Test
    void theCacheIsBoundedByAgeAndSize(@TempDir Path own) throws IOException {
        BpfCompiler compiler = new BpfCompiler(own);
        Path old = compiler.compile(PrecompiledPreludeTest.snippet("harden_old")).objectFile().getParent();
        Path used = compiler.compile(PrecompiledPreludeTest.snippet("harden_used")).objectFile().getParent();
        Path recent = compiler.compile(PrecompiledPreludeTest.snippet("harden_recent")).objectFile().getParent();
        Instant now = Instant.now();
        Files.setLastModifiedTime(old.resolve(ObjectCache.MANIFEST), FileTime.from(now.minus(Duration.ofDays(31))));
        Files.setLastModifiedTime(used.resolve(ObjectCache.MANIFEST), FileTime.from(now.minus(Duration.ofDays(2))));
        Files.setLastModifiedTime(recent.resolve(ObjectCache.MANIFEST), FileTime.from(now.minus(Duration.ofDays(1))));
        ObjectCache objects = new ObjectCache(own.resolve(ObjectCache.LAYOUT));

        objects.sweep(Long.MAX_VALUE, ObjectCache.MAX_AGE);
        assertFalse(Files.exists(old), "unused for longer than " + ObjectCache.MAX_AGE);
        assertTrue(Files.exists(used) && Files.exists(recent));

        long bothBytes = sizeOf(used) + sizeOf(recent);
        objects.sweep(bothBytes - 1, ObjectCache.MAX_AGE);
        assertFalse(Files.exists(used), "the least recently used goes first");
        assertTrue(Files.exists(recent));
        assertTrue(compiler.compile(PrecompiledPreludeTest.snippet("harden_recent")).cached());
        assertFalse(compiler.compile(PrecompiledPreludeTest.snippet("harden_used")).cached());
    }

    @Test
    void aCacheDirectoryOthersCanWriteIsRefused(@TempDir Path parent) throws IOException, InterruptedException {
        Path shared = Files.createDirectory(parent.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        CompileException e = assertThrows(CompileException.class, () -> new BpfCompiler(shared).compile("int harden_x;\n"));
        assertEquals("Tracebook will not use the compile cache " + shared.toRealPath() + ": it is writable by other users (mode 777),"
                + " who could plant programs this process would load; chmod go-w " + shared.toRealPath()
                + " or set TRACEBOOK_CACHE to a directory of your own", e.getMessage());

        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path inside = Files.createDirectories(shared.resolve("below").resolve("cache"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        CompileException above = assertThrows(CompileException.class, () -> new BpfCompiler(inside).compile("int harden_x;\n"));
        assertTrue(above.getMessage().contains("the directory above it, " + shared.toRealPath() + " is writable by other users"),
                above.getMessage());

        assertEquals(0, new ProcessBuilder("chmod", "1777", shared.toString()).inheritIO().start().waitFor()); // as /tmp
        assertTrue(Files.isRegularFile(new BpfCompiler(inside).compile(PrecompiledPreludeTest.snippet("harden_sticky")).objectFile()),
                "a sticky directory above, like /tmp, is fine");
    }

    @Test
    void aCacheDirectoryOfAnotherUserIsRefused(@TempDir Path parent) throws IOException {
        Path theirs = Files.createDirectory(parent.resolve("theirs"));
        UserPrincipal nobody = theirs.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(theirs, nobody);
        CompileException e = assertThrows(CompileException.class, () -> new BpfCompiler(theirs).compile("int harden_x;\n"));
        assertTrue(e.getMessage().startsWith("Tracebook will not use the compile cache " + theirs.toRealPath() + ": it belongs to nobody"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("would load whatever nobody puts there; set TRACEBOOK_CACHE to a directory of your own"),
                e.getMessage());
    }

    @Test
    void aNewCacheDirectoryIsTheUsersAlone(@TempDir Path parent) throws IOException {
        Path fresh = parent.resolve("fresh");
        new BpfCompiler(fresh).compile(PrecompiledPreludeTest.snippet("harden_fresh"));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh.resolve(ObjectCache.LAYOUT))));
    }

    private static void assertRebuiltAs(byte[] original, String source) throws IOException {
        BpfCompiler compiler = new BpfCompiler(cache);
        CompiledObject again = compiler.compile(source);
        assertFalse(again.cached(), "a damaged or foreign entry is not used");
        assertArrayEquals(original, Files.readAllBytes(again.objectFile()));
        assertTrue(new BpfCompiler(cache).compile(source).cached(), "and the rebuilt entry is used from then on");
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.sorted().toList();
        }
    }

    private static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long bytes = 0;
            for (Path f : files.toList()) bytes += Files.size(f);
            return bytes;
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectory(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) Files.copy(f, to.resolve(f.getFileName()));
        }
    }
}
