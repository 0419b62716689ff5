package io.tracebook.bpf.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * What tells a regular file's content apart without reading it: a file replaced (written beside and renamed over, as
 * the object cache and builds do) has another inode or modification time, one rewritten in place another size or
 * modification time. Kept beside what was read from the file, and compared with {@link #of} later, it says whether
 * that is still what the file holds.
 */
public record FileState(Path path, Object inode, long size, FileTime modified) {
    /** The state of {@code file} now (links not followed); null when it is not a regular file or cannot be read. */
    public static FileState of(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() ? new FileState(file, a.fileKey(), a.size(), a.lastModifiedTime()) : null;
        } catch (IOException unreadable) {
            return null;
        }
    }

    /** True while the file at {@link #path} is in this state. */
    public boolean current() {
        return equals(of(path));
    }
}
