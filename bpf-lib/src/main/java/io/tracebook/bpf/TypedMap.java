package io.tracebook.bpf;

import io.tracebook.bpf.decode.JavaValues;
import java.util.LinkedHashMap;
import java.util.Map;

/** A {@link BpfMap} seen with Java key and value types, e.g. {@code map.as(Integer.class, Long.class)}. */
public final class TypedMap<K, V> {
    private final BpfMap map;
    private final Class<K> keyType;
    private final Class<V> valueType;

    TypedMap(BpfMap map, Class<K> keyType, Class<V> valueType) {
        this.map = map;
        this.keyType = keyType;
        this.valueType = valueType;
    }

    public V get(K key) {
        Object v = map.get(JavaValues.toBpf(key));
        return v == null ? null : JavaValues.convert(v, valueType);
    }

    public void put(K key, V value) {
        map.put(JavaValues.toBpf(key), JavaValues.toBpf(value));
    }

    public boolean delete(K key) {
        return map.delete(JavaValues.toBpf(key));
    }

    /** All entries, converted. */
    public Map<K, V> entries() {
        Map<K, V> result = new LinkedHashMap<>();
        map.entries().forEach((k, v) -> result.put(JavaValues.convert(k, keyType), JavaValues.convert(v, valueType)));
        return result;
    }

    public BpfMap raw() {
        return map;
    }

    /** "counts (hash) as Integer to Long". */
    @Override
    public String toString() {
        return map + " as " + keyType.getSimpleName() + " to " + valueType.getSimpleName();
    }
}
