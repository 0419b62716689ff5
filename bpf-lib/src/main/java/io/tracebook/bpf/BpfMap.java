package io.tracebook.bpf;

import io.tracebook.bpf.analysis.CounterArray;
import io.tracebook.bpf.btf.Btf;
import io.tracebook.bpf.decode.MapTable;
import io.tracebook.bpf.decode.RawValues;
import io.tracebook.bpf.decode.StructCodec;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.record.MapAccess;
import io.tracebook.bpf.record.MapSpec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Table;

/**
 * A map of a loaded object. Keys and values are converted from and to Java through the map's BTF
 * types: numbers for integers, String for char arrays, a Map of fields for a struct.
 */
public final class BpfMap implements CounterArray {
    private final Lifetime lifetime;
    private final MapSpec spec;
    private final MapAccess access;
    private final MapType type;
    private final Btf btf;
    private final int possibleCpus;
    private StructCodec keyCodec;
    private StructCodec valueCodec;
    private MapTable layout;

    BpfMap(Lifetime lifetime, MapSpec spec, MapAccess access, Btf btf, int possibleCpus) {
        this.lifetime = lifetime;
        this.spec = spec;
        this.access = access;
        this.type = MapType.of(spec.type());
        this.btf = btf;
        this.possibleCpus = possibleCpus;
    }

    @Override
    public String name() {
        return spec.name();
    }

    public MapType type() {
        return type;
    }

    public int keySize() {
        return spec.keySize();
    }

    @Override
    public int valueSize() {
        return spec.valueSize();
    }

    @Override
    public int maxEntries() {
        return spec.maxEntries();
    }

    /** Its file descriptor in this process (a map replayed from a recording has none). */
    public int fd() {
        checkOpen();
        return access.fd();
    }

    /** libbpf's own maps for globals (".rodata", ".bss", ...) carry a dot in their name; a user's never do. */
    boolean isInternal() {
        return spec.name().contains(".");
    }

    /** The value stored under {@code key}, or null when there is none. Per-CPU maps give a List, one value per CPU. */
    public Object get(Object key) {
        checkKeyed();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment k = encodeKey(arena, key);
            MemorySegment v = arena.allocate(valueBufferSize());
            return access.lookup(k, v) ? decodeValue(v) : null;
        }
    }

    /** Creates or replaces the entry for {@code key}. */
    public void put(Object key, Object value) {
        checkKeyed();
        if (type.isPerCpu()) throw new BpfException("writing per-CPU map '" + name() + "' is not supported; read it with get/toTable");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment k = encodeKey(arena, key);
            MemorySegment v = arena.allocate(spec.valueSize());
            encode(valueCodec, v, value, spec.valueSize(), "value");
            access.update(k, v);
        }
    }

    /** Removes the entry for {@code key}; false when there was none. */
    public boolean delete(Object key) {
        checkKeyed();
        try (Arena arena = Arena.ofConfined()) {
            return access.delete(encodeKey(arena, key));
        }
    }

    /** Removes every entry (hash maps); arrays cannot lose entries, so their values are zeroed instead. */
    public void clear() {
        checkKeyed();
        try (Arena arena = Arena.ofConfined()) {
            if (type == MapType.ARRAY || type == MapType.PERCPU_ARRAY) {
                MemorySegment zero = arena.allocate(valueBufferSize());
                for (MemorySegment k : access.keys(arena)) access.update(k, zero);
            } else {
                for (MemorySegment k : access.keys(arena)) access.delete(k);
            }
        }
    }

    /** The number of entries (walks the keys). */
    public int size() {
        checkKeyed();
        try (Arena arena = Arena.ofConfined()) {
            return access.keys(arena).size();
        }
    }

    /** The keys, decoded. */
    public List<Object> keys() {
        checkKeyed();
        try (Arena arena = Arena.ofConfined()) {
            List<Object> keys = new ArrayList<>();
            for (MemorySegment k : access.keys(arena)) keys.add(decode(keyCodec, k, spec.keySize()));
            return keys;
        }
    }

    /** The entries as a Java map in key order of the kernel's walk. */
    public Map<Object, Object> entries() {
        Map<Object, Object> entries = new LinkedHashMap<>();
        for (Object k : keys()) {
            Object v = get(k);
            if (v != null) entries.put(k, v);
        }
        return entries;
    }

    /**
     * The whole map as a table: key columns then value columns, named from BTF (a struct key gives
     * one column per field). Per-CPU maps give one row per key and CPU, with a {@code cpu} column last
     * (a key or value field also named {@code cpu} becomes {@code key.cpu} / {@code value.cpu}, see {@link MapTable}).
     * Reads the map in batches where the kernel can (5.6 and later, hash and array maps), else key by key.
     */
    @Override
    public Table toTable() {
        MapTable layout = tableLayout();
        try (Arena arena = Arena.ofConfined()) {
            return table(layout, access.entries(arena));
        }
    }

    /** {@link #toTable} the way kernels without batch lookups allow: a next-key and a lookup call per entry. */
    Table toTableKeyByKey() {
        MapTable layout = tableLayout();
        try (Arena arena = Arena.ofConfined()) {
            return table(layout, MapAccess.entriesKeyByKey(access, spec.keySize(), valueStride(), arena));
        }
    }

    private Table table(MapTable layout, List<MapAccess.Entries> chunks) {
        MapTable.Sink rows = layout.sinkFor(layout.newTable(name()));
        rows.reserve(chunks.stream().mapToInt(MapAccess.Entries::count).sum());
        for (MapAccess.Entries c : chunks) rows.append(c.keys(), spec.keySize(), c.values(), c.valueStride(), c.count());
        return rows.table();
    }

    private MapTable tableLayout() {
        checkKeyed();
        if (spec.btfKeyType() == 0 || spec.btfValueType() == 0) {
            throw new BpfException("map '" + name() + "' has no BTF key/value types: declare it with __type(key, ..) and __type(value, ..)");
        }
        if (layout == null) {
            layout = type.isPerCpu() ? MapTable.perCpu(btf, spec.btfKeyType(), spec.btfValueType(), possibleCpus)
                    : MapTable.of(btf, spec.btfKeyType(), spec.btfValueType());
        }
        return layout;
    }

    /** A typed view: {@code map.as(Integer.class, Long.class).get(42)}. Records map to struct fields by name. */
    public <K, V> TypedMap<K, V> as(Class<K> keyType, Class<V> valueType) {
        return new TypedMap<>(this, keyType, valueType);
    }

    private MemorySegment encodeKey(Arena arena, Object key) {
        MemorySegment k = arena.allocate(Math.max(1, spec.keySize()));
        encode(keyCodec, k, key, spec.keySize(), "key");
        return k;
    }

    private Object decodeValue(MemorySegment v) {
        int valueSize = spec.valueSize();
        if (!type.isPerCpu()) return decode(valueCodec, v, valueSize);
        List<Object> perCpu = new ArrayList<>(possibleCpus);
        for (int cpu = 0; cpu < possibleCpus; cpu++) perCpu.add(decode(valueCodec, v.asSlice(cpu * roundUp8(valueSize), valueSize), valueSize));
        return perCpu;
    }

    private static Object decode(StructCodec codec, MemorySegment data, int size) {
        if (codec != null) return codec.read(data, 0);
        return RawValues.read(data, size);
    }

    private void encode(StructCodec codec, MemorySegment data, Object value, int size, String what) {
        if (value == null) throw new BpfException("map '" + name() + "': the " + what + " cannot be null");
        if (codec != null) codec.write(data, 0, value);
        else RawValues.write(data, size, value, name() + " " + what);
    }

    private long valueBufferSize() {
        return Math.max(1, valueStride());
    }

    private long valueStride() {
        return valueStride(type, spec.valueSize(), possibleCpus);
    }

    /** Bytes of one entry's value as lookups return it: for a per-CPU map, one 8-byte aligned value per possible CPU. */
    static long valueStride(MapType type, int valueSize, int possibleCpus) {
        return type.isPerCpu() ? roundUp8(valueSize) * possibleCpus : valueSize;
    }

    private static long roundUp8(long n) {
        return (n + 7) & ~7L;
    }

    /** Checks the map is a key/value map and builds its codecs on first use (globals' maps have none). */
    private void checkKeyed() {
        checkOpen();
        if (isInternal()) throw new BpfException("map '" + name() + "' holds globals: use global(name)");
        if (type.isEventChannel()) {
            throw new BpfException("map '" + name() + "' is a " + (type == MapType.RINGBUF ? "ring buffer" : "perf buffer")
                    + ": read it with events(\"" + name() + "\"), not as a key/value map");
        }
        if (keyCodec == null && spec.btfKeyType() != 0) keyCodec = StructCodec.of(btf, spec.btfKeyType(), "key");
        if (valueCodec == null && spec.btfValueType() != 0) valueCodec = StructCodec.of(btf, spec.btfValueType(), "value");
    }

    private void checkOpen() {
        lifetime.checkOpen("map '" + name() + "'");
    }

    @Override
    public String toString() {
        return name() + " (" + type.name().toLowerCase() + ")";
    }
}
