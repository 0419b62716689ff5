package io.tracebook.bpf;

import io.tracebook.bpf.ffi.Errno;
import io.tracebook.bpf.ffi.Libbpf;
import io.tracebook.bpf.record.MapAccess;
import io.tracebook.bpf.record.MapSpec;
import io.tracebook.bpf.sys.Failures;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/** A map in the kernel, through its file descriptor: the kernel side of {@link BpfMap}. */
final class KernelMap implements MapAccess {
    private final MapSpec spec;
    private final int fd;
    private final long valueStride;

    KernelMap(MapSpec spec, int fd, int possibleCpus) {
        this.spec = spec;
        this.fd = fd;
        this.valueStride = BpfMap.valueStride(MapType.of(spec.type()), spec.valueSize(), possibleCpus);
    }

    @Override
    public boolean lookup(MemorySegment key, MemorySegment value) {
        int rc = Libbpf.bpf_map_lookup_elem(fd, key, value);
        if (rc == -Errno.ENOENT) return false;
        check(rc, "lookup in");
        return true;
    }

    @Override
    public void update(MemorySegment key, MemorySegment value) {
        check(Libbpf.bpf_map_update_elem(fd, key, value, 0), "update of");
    }

    @Override
    public boolean delete(MemorySegment key) {
        int rc = Libbpf.bpf_map_delete_elem(fd, key);
        if (rc == -Errno.ENOENT) return false;
        check(rc, "delete in");
        return true;
    }

    @Override
    public List<MemorySegment> keys(Arena arena) {
        List<MemorySegment> keys = new ArrayList<>();
        MemorySegment previous = MemorySegment.NULL;
        while (true) {
            MemorySegment next = arena.allocate(Math.max(1, spec.keySize()));
            int rc = Libbpf.bpf_map_get_next_key(fd, previous, next);
            if (rc == -Errno.ENOENT) return keys;
            check(rc, "walk of");
            keys.add(next);
            previous = next;
        }
    }

    /** In batches where the kernel can (5.6 and later, hash and array maps), else a next-key and a lookup call per entry. */
    @Override
    public List<Entries> entries(Arena arena) {
        List<BatchLookup.Chunk> chunks = BatchLookup.read(fd, spec.keySize(), valueStride, spec.maxEntries(), arena, this::check);
        if (chunks == null) return MapAccess.entriesKeyByKey(this, spec.keySize(), valueStride, arena);
        return chunks.stream().map(c -> new Entries(c.keys(), c.values(), c.count(), valueStride)).toList();
    }

    @Override
    public int fd() {
        return fd;
    }

    private void check(int rc, String what) {
        if (rc >= 0) return;
        Failures.check(rc, what + " map '" + spec.name() + "'");
    }
}
