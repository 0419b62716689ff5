package io.tracebook.bpf.record;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A map in a replay: reads answered by the recorded reads; writes change nothing (there is no kernel to change). */
final class ReplayedMap implements MapAccess {
    private final MapSpec spec;
    private final ReadChannel<Tape.MapRead> reads;

    ReplayedMap(MapSpec spec, ReadChannel<Tape.MapRead> reads) {
        this.spec = spec;
        this.reads = reads;
    }

    @Override
    public boolean lookup(MemorySegment key, MemorySegment value) {
        byte[] k = key.asSlice(0, spec.keySize()).toArray(ValueLayout.JAVA_BYTE);
        Tape.MapRead read = reads.next(r -> r.op() == Tape.MapOp.LOOKUP && Arrays.equals(r.key(), k),
                () -> "lookup in map '" + spec.name() + "' of key " + hex(k));
        if (read.count() == 0) return false;
        MemorySegment.copy(MemorySegment.ofArray(read.values()), 0, value, 0, Math.min(value.byteSize(), read.values().length));
        return true;
    }

    @Override
    public void update(MemorySegment key, MemorySegment value) {
    }

    @Override
    public boolean delete(MemorySegment key) {
        return true;
    }

    @Override
    public List<MemorySegment> keys(Arena arena) {
        Tape.MapRead read = reads.next(r -> r.op() == Tape.MapOp.KEYS, () -> "walk of the keys of map '" + spec.name() + "'");
        MemorySegment all = MemorySegment.ofArray(read.keys());
        List<MemorySegment> keys = new ArrayList<>(read.count());
        for (int i = 0; i < read.count(); i++) keys.add(all.asSlice((long) i * spec.keySize(), spec.keySize()));
        return keys;
    }

    @Override
    public List<Entries> entries(Arena arena) {
        Tape.MapRead read = reads.next(r -> r.op() == Tape.MapOp.ENTRIES, () -> "read of all of map '" + spec.name() + "'");
        if (read.count() == 0) return List.of();
        long stride = read.values().length / read.count();
        return List.of(new Entries(MemorySegment.ofArray(read.keys()), MemorySegment.ofArray(read.values()), read.count(), stride));
    }

    @Override
    public int fd() {
        throw ReplayedObject.noDescriptor("map '" + spec.name() + "'");
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder("0x");
        for (byte b : bytes) s.append(String.format("%02x", b));
        return s.toString();
    }
}
