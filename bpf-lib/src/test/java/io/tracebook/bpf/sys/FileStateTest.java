package io.tracebook.bpf.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file's state tells its content apart the ways the object cache and the kept BTF need: rewritten in place, or
 * replaced by a rename with the same size and modification time (only the inode differs).
 */
class FileStateTest {
    @TempDir
    Path dir;

    @Test
    void anUntouchedFileStaysCurrent() throws IOException {
        Path file = Files.writeString(dir.resolve("a.o"), "12345678");
        FileState state = FileState.of(file);
        assertNotNull(state);
        assertTrue(state.current());
        assertEquals(state, FileState.of(file));
    }

    @Test
    void aFileRewrittenInPlaceIsNoLongerCurrent() throws IOException {
        Path file = Files.writeString(dir.resolve("a.o"), "12345678");
        FileState state = FileState.of(file);
        Files.writeString(file, "123456789");
        assertFalse(state.current(), "another size");
        FileState longer = FileState.of(file);
        Files.writeString(file, "987654321");
        Files.setLastModifiedTime(file, FileTime.fromMillis(longer.modified().toMillis() + 1000));
        assertFalse(longer.current(), "the same size, another modification time");
    }

    @Test
    void aFileReplacedByOneOfTheSameSizeAndTimeIsNoLongerCurrent() throws IOException {
        Path file = Files.writeString(dir.resolve("a.o"), "12345678");
        FileState state = FileState.of(file);
        Path beside = Files.writeString(dir.resolve("a.o.new"), "87654321");
        Files.setLastModifiedTime(beside, state.modified());
        Files.move(beside, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        FileState now = FileState.of(file);
        assertEquals(state.size(), now.size());
        assertEquals(state.modified(), now.modified());
        assertFalse(state.current(), "the same size and time, another inode");
    }

    @Test
    void nothingIsToldOfADirectoryOrAMissingFile() throws IOException {
        assertNull(FileState.of(dir));
        assertNull(FileState.of(dir.resolve("missing.o")));
        Path link = Files.createSymbolicLink(dir.resolve("link.o"), Files.writeString(dir.resolve("b.o"), "x"));
        assertNull(FileState.of(link), "links are not followed");
    }
}
