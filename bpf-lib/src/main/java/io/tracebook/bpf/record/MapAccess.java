package io.tracebook.bpf.record;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The raw operations on one key/value map, in bytes: the kernel's map, a recording of it, or a replay. {@code BpfMap}
 * converts between these bytes and Java values; errors are {@code BpfException}s naming the map.
 */
public interface MapAccess {
    /**
     * {@code count} entries: keys {@code keySize} bytes apart in {@code keys}, values {@code valueStride} bytes apart in
     * {@code values} (for a per-CPU map, one value per possible CPU, each rounded up to 8 bytes).
     */
    record Entries(MemorySegment keys, MemorySegment values, int count, long valueStride) {
    }

    /** Copies the value stored under {@code key} into {@code value}; false when there is none. */
    boolean lookup(MemorySegment key, MemorySegment value);

    /** Creates or replaces the entry for {@code key} (a replay changes nothing). */
    void update(MemorySegment key, MemorySegment value);

    /** Removes the entry for {@code key}; false when there was none (a replay changes nothing and says true). */
    boolean delete(MemorySegment key);

    /** Every key, in the kernel's walk order, allocated in {@code arena}. */
    List<MemorySegment> keys(Arena arena);

    /** Every entry, in chunks allocated in {@code arena}. */
    List<Entries> entries(Arena arena);

    /** The map's file descriptor; a replayed map has none and says so. */
    int fd();

    /**
     * Every entry of {@code map} read a key at a time ({@link #keys}, then a {@link #lookup} each), as kernels without
     * batch lookups allow: one chunk, without entries deleted between the walk and their lookup.
     */
    static List<Entries> entriesKeyByKey(MapAccess map, int keySize, long valueStride, Arena arena) {
        List<MemorySegment> keys = map.keys(arena);
        MemorySegment keyBytes = arena.allocate(Math.max(1L, (long) keys.size() * keySize), 8);
        MemorySegment values = arena.allocate(Math.max(1L, keys.size() * valueStride), 8);
        int count = 0;
        for (MemorySegment k : keys) {
            if (!map.lookup(k, values.asSlice(count * valueStride, valueStride))) continue;
            MemorySegment.copy(k, 0, keyBytes, (long) count * keySize, keySize);
            count++;
        }
        return List.of(new Entries(keyBytes, values, count, valueStride));
    }
}
