package io.tracebook.bpf;

import io.tracebook.bpf.analysis.CounterArray;
import io.tracebook.bpf.btf.Btf;
import io.tracebook.bpf.decode.MapTable;
import io.tracebook.bpf.decode.RawValues;
import io.tracebook.bpf.decode.StructCodec;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.ffi.Errno;
import io.tracebook.bpf.ffi.Libbpf;
import io.tracebook.bpf.ffi.LibbpfObjects;
import io.tracebook.bpf.sys.Failures;
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
    private final MemorySegment handle;
    private final String name;
    private final MapType type;
    private final int keySize;
    private final int valueSize;
    private final Btf btf;
    private final int keyType;
    private final int valueType;
    private StructCodec keyCodec;
    private StructCodec valueCodec;
    private MapTable layout;

    BpfMap(Lifetime lifetime, MemorySegment handle, Btf btf) {
        this.lifetime = lifetime;
        this.handle = handle;
        this.name = LibbpfObjects.mapName(handle);
        this.type = MapType.of(Libbpf.bpf_map__type(handle));
        this.keySize = Libbpf.bpf_map__key_size(handle);
        this.valueSize = Libbpf.bpf_map__value_size(handle);
        this.btf = btf;
        this.keyType = Libbpf.bpf_map__btf_key_type_id(handle);
        this.valueType = Libbpf.bpf_map__btf_value_type_id(handle);
    }

    @Override
    public String name() {
        return name;
    }

    public MapType type() {
        return type;
    }

    public int keySize() {
        return keySize;
    }

    @Override
    public int valueSize() {
        return valueSize;
    }

    @Override
    public int maxEntries() {
        return Libbpf.bpf_map__max_entries(handle);
    }

    public int fd() {
        checkOpen();
        return Libbpf.bpf_map__fd(handle);
    }

    /** libbpf's own maps for globals (".rodata", ".bss", ...) carry a dot in their name; a user's never do. */
    boolean isInternal() {
        return name.contains(".");
    }

    /** The value stored under {@code key}, or null when there is none. Per-CPU maps give a List, one value per CPU. */
    public Object get(Object key) {
        checkKeyed();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment k = encodeKey(arena, key);
            MemorySegment v = arena.allocate(valueBufferSize());
            int rc = Libbpf.bpf_map_lookup_elem(fd(), k, v);
            if (rc == -Errno.ENOENT) return null;
            check(rc, "lookup in");
            return decodeValue(v);
        }
    }

    /** Creates or replaces the entry for {@code key}. */
    public void put(Object key, Object value) {
        checkKeyed();
        if (type.isPerCpu()) throw new BpfException("writing per-CPU map '" + name + "' is not supported; read it with get/toTable");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment k = encodeKey(arena, key);
            MemorySegment v = arena.allocate(valueSize);
            encode(valueCodec, v, value, valueSize, "value");
            check(Libbpf.bpf_map_update_elem(fd(), k, v, 0), "update of");
        }
    }

    /** Removes the entry for {@code key}; false when there was none. */
    public boolean delete(Object key) {
        checkKeyed();
        try (Arena arena = Arena.ofConfined()) {
            int rc = Libbpf.bpf_map_delete_elem(fd(), encodeKey(arena, key));
            if (rc == -Errno.ENOENT) return false;
            check(rc, "delete in");
            return true;
        }
    }

    /** Removes every entry (hash maps); arrays cannot lose entries, so their values are zeroed instead. */
    public void clear() {
        checkKeyed();
        if (type == MapType.ARRAY || type == MapType.PERCPU_ARRAY) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment zero = arena.allocate(valueBufferSize());
                for (MemorySegment k : rawKeys(arena)) check(Libbpf.bpf_map_update_elem(fd(), k, zero, 0), "clear of");
            }
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            for (MemorySegment k : rawKeys(arena)) {
                int rc = Libbpf.bpf_map_delete_elem(fd(), k);
                if (rc < 0 && rc != -Errno.ENOENT) check(rc, "clear of");
            }
        }
    }

    /** The number of entries (walks the keys). */
    public int size() {
        checkKeyed();
        try (Arena arena = Arena.ofConfined()) {
            return rawKeys(arena).size();
        }
    }

    /** The keys, decoded. */
    public List<Object> keys() {
        checkKeyed();
        try (Arena arena = Arena.ofConfined()) {
            List<Object> keys = new ArrayList<>();
            for (MemorySegment k : rawKeys(arena)) keys.add(decode(keyCodec, k, keySize));
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
            long stride = valueStride();
            List<BatchLookup.Chunk> chunks = BatchLookup.read(fd(), keySize, stride, maxEntries(), arena, this::check);
            if (chunks == null) return toTableKeyByKey(layout);
            MapTable.Sink rows = entryRows(layout, chunks.stream().mapToInt(BatchLookup.Chunk::count).sum());
            for (BatchLookup.Chunk c : chunks) {
                for (int i = 0; i < c.count(); i++) rows.append(c.keys(), (long) i * keySize, c.values(), i * stride);
            }
            return rows.table();
        }
    }

    /** {@link #toTable} the way kernels without batch lookups allow: a next-key and a lookup call per entry. */
    Table toTableKeyByKey() {
        return toTableKeyByKey(tableLayout());
    }

    private Table toTableKeyByKey(MapTable layout) {
        try (Arena arena = Arena.ofConfined()) {
            List<MemorySegment> keys = rawKeys(arena);
            MapTable.Sink rows = entryRows(layout, keys.size());
            MemorySegment v = arena.allocate(valueBufferSize());
            for (MemorySegment k : keys) {
                int rc = Libbpf.bpf_map_lookup_elem(fd(), k, v);
                if (rc == -Errno.ENOENT) continue;
                check(rc, "lookup in");
                rows.append(k, 0, v, 0);
            }
            return rows.table();
        }
    }

    private MapTable tableLayout() {
        checkKeyed();
        if (keyType == 0 || valueType == 0) {
            throw new BpfException("map '" + name + "' has no BTF key/value types: declare it with __type(key, ..) and __type(value, ..)");
        }
        if (layout == null) {
            layout = type.isPerCpu() ? MapTable.perCpu(btf, keyType, valueType, Libbpf.libbpf_num_possible_cpus())
                    : MapTable.of(btf, keyType, valueType);
        }
        return layout;
    }

    /** An empty table of this map's rows, with room for {@code entries} entries, and the sink that fills it. */
    private MapTable.Sink entryRows(MapTable layout, int entries) {
        MapTable.Sink rows = layout.sinkFor(layout.newTable(name));
        rows.reserve(entries);
        return rows;
    }

    /** A typed view: {@code map.as(Integer.class, Long.class).get(42)}. Records map to struct fields by name. */
    public <K, V> TypedMap<K, V> as(Class<K> keyType, Class<V> valueType) {
        return new TypedMap<>(this, keyType, valueType);
    }

    private List<MemorySegment> rawKeys(Arena arena) {
        List<MemorySegment> keys = new ArrayList<>();
        MemorySegment previous = MemorySegment.NULL;
        while (true) {
            MemorySegment next = arena.allocate(Math.max(1, keySize));
            int rc = Libbpf.bpf_map_get_next_key(fd(), previous, next);
            if (rc == -Errno.ENOENT) return keys;
            check(rc, "walk of");
            keys.add(next);
            previous = next;
        }
    }

    private MemorySegment encodeKey(Arena arena, Object key) {
        MemorySegment k = arena.allocate(Math.max(1, keySize));
        encode(keyCodec, k, key, keySize, "key");
        return k;
    }

    private Object decodeValue(MemorySegment v) {
        if (!type.isPerCpu()) return decode(valueCodec, v, valueSize);
        int cpus = Libbpf.libbpf_num_possible_cpus();
        List<Object> perCpu = new ArrayList<>(cpus);
        for (int cpu = 0; cpu < cpus; cpu++) perCpu.add(decode(valueCodec, v.asSlice(cpu * roundUp8(valueSize), valueSize), valueSize));
        return perCpu;
    }

    private static Object decode(StructCodec codec, MemorySegment data, int size) {
        if (codec != null) return codec.read(data, 0);
        return RawValues.read(data, size);
    }

    private void encode(StructCodec codec, MemorySegment data, Object value, int size, String what) {
        if (value == null) throw new BpfException("map '" + name + "': the " + what + " cannot be null");
        if (codec != null) codec.write(data, 0, value);
        else RawValues.write(data, size, value, name + " " + what);
    }

    private long valueBufferSize() {
        return Math.max(1, valueStride());
    }

    /** Bytes of one entry's value as lookups return it: for a per-CPU map, one 8-byte aligned value per possible CPU. */
    private long valueStride() {
        return type.isPerCpu() ? roundUp8(valueSize) * Libbpf.libbpf_num_possible_cpus() : valueSize;
    }

    private static long roundUp8(long n) {
        return (n + 7) & ~7L;
    }

    /** Checks the map is a key/value map and builds its codecs on first use (globals' maps have none). */
    private void checkKeyed() {
        checkOpen();
        if (isInternal()) throw new BpfException("map '" + name + "' holds globals: use global(name)");
        if (type.isEventChannel()) {
            throw new BpfException("map '" + name + "' is a " + (type == MapType.RINGBUF ? "ring buffer" : "perf buffer")
                    + ": read it with events(\"" + name + "\"), not as a key/value map");
        }
        if (keyCodec == null && keyType != 0) keyCodec = StructCodec.of(btf, keyType, "key");
        if (valueCodec == null && valueType != 0) valueCodec = StructCodec.of(btf, valueType, "value");
    }

    private void checkOpen() {
        lifetime.checkOpen("map '" + name + "'");
    }

    private void check(int rc, String what) {
        if (rc >= 0) return;
        Failures.check(rc, what + " map '" + name + "'");
    }

    @Override
    public String toString() {
        return name + " (" + type.name().toLowerCase() + ")";
    }
}
