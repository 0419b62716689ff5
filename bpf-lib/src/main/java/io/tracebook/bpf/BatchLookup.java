package io.tracebook.bpf;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.tracebook.bpf.ffi.Errno;
import io.tracebook.bpf.ffi.Libbpf;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a whole map with BPF_MAP_LOOKUP_BATCH: thousands of entries per system call instead of two
 * calls (next key, lookup) per entry. Kernels before 5.6 answer EINVAL, map types without batch
 * operations ENOTSUPP; then {@link #read} returns null and the caller walks the keys instead.
 */
final class BatchLookup {
    private static final int EINVAL = 22;
    private static final int ENOSPC = 28;
    private static final int EOPNOTSUPP = 95;
    private static final int ENOTSUPP = 524;
    private static final long CHUNK_BYTES = 1 << 20;

    /** {@code count} entries: keys {@code keySize} bytes apart, values {@code valueStride} bytes apart. */
    record Chunk(MemorySegment keys, MemorySegment values, int count) {
    }

    private BatchLookup() {
    }

    /**
     * Every entry of map {@code fd}, in chunks allocated from {@code arena}; null when the kernel has no
     * batch lookup for this map. {@code valueStride} is the value size, for per-CPU maps the value size
     * rounded up to 8 times the number of possible CPUs. {@code check} turns other failures into exceptions.
     */
    static List<Chunk> read(int fd, int keySize, long valueStride, int maxEntries, Arena arena, Check check) {
        int perCall = (int) Math.max(1, Math.min(maxEntries, CHUNK_BYTES / (keySize + valueStride)));
        // The batch position is opaque: a bucket number for hash maps, a key for arrays.
        MemorySegment in = MemorySegment.NULL;
        MemorySegment out = arena.allocate(Math.max(keySize, 8), 8);
        MemorySegment count = arena.allocate(JAVA_INT);
        List<Chunk> chunks = new ArrayList<>();
        while (true) {
            MemorySegment keys = arena.allocate((long) perCall * keySize, 8);
            MemorySegment values = arena.allocate(perCall * valueStride, 8);
            count.set(JAVA_INT, 0, perCall);
            int rc = Libbpf.bpf_map_lookup_batch(fd, in, out, keys, values, count, MemorySegment.NULL);
            if (rc < 0 && rc != -Errno.ENOENT) {
                if (rc == -ENOSPC && count.get(JAVA_INT, 0) == 0) {
                    perCall *= 2; // one hash bucket holds more entries than a call asked for
                    continue;
                }
                if (chunks.isEmpty() && (rc == -EINVAL || rc == -EOPNOTSUPP || rc == -ENOTSUPP)) return null;
                check.failed(rc, "batch lookup in");
            }
            int n = count.get(JAVA_INT, 0);
            if (n > 0) chunks.add(new Chunk(keys, values, n));
            if (rc == -Errno.ENOENT) return chunks;
            if (in.equals(MemorySegment.NULL)) in = arena.allocate(out.byteSize(), 8);
            MemorySegment next = in;
            in = out;
            out = next;
        }
    }

    /** Throws the exception for a failed map operation. */
    @FunctionalInterface
    interface Check {
        void failed(int rc, String what);
    }
}
