package io.tracebook.bpf.record;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/** A map while recording: the kernel's, every read kept (lookups with their key, walks of its keys, whole reads). */
final class RecordingMap implements MapAccess {
    static final int LOOKUP = 1;
    static final int KEYS = 2;
    static final int ENTRIES = 3;

    private final Recorder recorder;
    private final int index;
    private final MapSpec spec;
    private final MapAccess kernel;

    RecordingMap(Recorder recorder, int index, MapSpec spec, MapAccess kernel) {
        this.recorder = recorder;
        this.index = index;
        this.spec = spec;
        this.kernel = kernel;
    }

    @Override
    public boolean lookup(MemorySegment key, MemorySegment value) {
        boolean found = kernel.lookup(key, value);
        if (recorder.keeps()) {
            recorder.write(RecordType.MAP_READ, out -> {
                start(out, LOOKUP);
                out.putBlob(key, 0, spec.keySize());
                out.putByte(found ? 1 : 0);
                out.putBlob(value, 0, found ? value.byteSize() : 0);
            });
        }
        return found;
    }

    @Override
    public void update(MemorySegment key, MemorySegment value) {
        kernel.update(key, value);
    }

    @Override
    public boolean delete(MemorySegment key) {
        return kernel.delete(key);
    }

    @Override
    public List<MemorySegment> keys(Arena arena) {
        List<MemorySegment> keys = kernel.keys(arena);
        if (recorder.keeps()) {
            recorder.write(RecordType.MAP_READ, out -> {
                start(out, KEYS);
                out.putInt(keys.size());
                out.putInt(keys.size() * spec.keySize());
                for (MemorySegment k : keys) out.putRaw(k, 0, spec.keySize());
            });
        }
        return keys;
    }

    @Override
    public List<Entries> entries(Arena arena) {
        List<Entries> chunks = kernel.entries(arena);
        if (recorder.keeps()) {
            recorder.write(RecordType.MAP_READ, out -> {
                start(out, ENTRIES);
                int count = chunks.stream().mapToInt(Entries::count).sum();
                out.putInt(count);
                out.putInt(count * spec.keySize());
                for (Entries c : chunks) out.putRaw(c.keys(), 0, (long) c.count() * spec.keySize());
                out.putInt(Math.toIntExact(chunks.stream().mapToLong(c -> c.count() * c.valueStride()).sum()));
                for (Entries c : chunks) out.putRaw(c.values(), 0, c.count() * c.valueStride());
            });
        }
        return chunks;
    }

    private void start(RecordBuffer out, int operation) {
        out.putInt(index);
        out.putString(spec.name());
        out.putByte(operation);
    }

    @Override
    public int fd() {
        return kernel.fd();
    }
}
