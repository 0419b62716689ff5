package io.tracebook.bpf;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import io.tracebook.bpf.btf.Btf;
import io.tracebook.bpf.ffi.ObjectBtfData;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An opened object's BTF, raw (as libbpf serializes it after open, data sections sized) and parsed, kept per object
 * file. Re-running an unchanged cell opens the same file again, and libbpf turns the same file into the same bytes:
 * serializing, copying and parsing them again took 0.19 ms of the 0.89 ms {@code Bpf.c(..)} spent on a cache hit with
 * the JIT warm (libbpf's own open of the file: 0.20 ms), and 0.15-0.26 ms of its 1.1-1.2 ms in a JVM's first 27
 * re-runs, where the parser still runs interpreted (medians of 27, each after a load, attach and close).
 */
record OpenedBtf(byte[] raw, Btf btf) {
    /** Snippets and files a notebook re-runs; each entry is a few KiB of types. */
    private static final int CAPACITY = 64;

    private static final Map<FileState, OpenedBtf> KNOWN = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<FileState, OpenedBtf> eldest) {
            return size() > CAPACITY;
        }
    };

    /**
     * What identifies a file's content without reading it: a replaced file (the object cache writes a new file and
     * renames it; a user's build writes a new one) has another inode or modification time.
     */
    record FileState(Path path, Object inode, long size, FileTime modified) {
        /** The state of {@code file} now; null when it cannot be told (then nothing is kept for it). */
        static FileState of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                return a.isRegularFile() ? new FileState(file, a.fileKey(), a.size(), a.lastModifiedTime()) : null;
            } catch (IOException unreadable) {
                return null;
            }
        }
    }

    /**
     * The BTF of {@code handle}, which libbpf opened from {@code objectFile}, in state {@code before} (taken before
     * the open): the kept one when the file did not change while libbpf read it and was seen in that state before;
     * else read from libbpf, and kept when the file did not change. The raw bytes are shared: read them, never write.
     */
    static OpenedBtf of(MemorySegment handle, Path objectFile, FileState before) {
        boolean unchanged = before != null && before.equals(FileState.of(objectFile));
        if (unchanged) {
            synchronized (KNOWN) {
                OpenedBtf known = KNOWN.get(before);
                if (known != null) return known;
            }
        }
        byte[] raw = ObjectBtfData.of(handle).toArray(JAVA_BYTE);
        OpenedBtf read = new OpenedBtf(raw, Btf.parse(raw));
        if (unchanged) {
            synchronized (KNOWN) {
                KNOWN.put(before, read);
            }
        }
        return read;
    }
}
