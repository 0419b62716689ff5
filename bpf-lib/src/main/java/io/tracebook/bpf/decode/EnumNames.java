package io.tracebook.bpf.decode;

import io.tracebook.bpf.btf.BtfType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Enumerator names of one enum field, looked up by the value as the field reads it, without
 * boxing: a sorted array searched by value. Values no enumerator has come back as their number.
 */
final class EnumNames {
    private final long[] values;
    private final String[] names;
    private final Map<String, Long> byName = new LinkedHashMap<>();
    private final IntegerBits bits;

    /** {@code bits} is where the field lives; enumerator values are cut to it so that bit-field enums match too. */
    EnumNames(BtfType.Enumeration type, IntegerBits bits) {
        this.bits = bits;
        long[] sortedValues = type.values().stream().mapToLong(e -> bits.normalize(e.value())).distinct().sorted().toArray();
        this.values = sortedValues;
        this.names = new String[sortedValues.length];
        for (BtfType.Enumerator e : type.values()) {
            int i = Arrays.binarySearch(sortedValues, bits.normalize(e.value()));
            if (names[i] == null) {
                names[i] = e.name();
            }
            byName.putIfAbsent(e.name(), e.value());
        }
    }

    /** The enumerator named by a value read from the field; its number as text when none matches. */
    String name(long value) {
        int i = Arrays.binarySearch(values, value);
        if (i >= 0) {
            return names[i];
        }
        return bits.signed() ? Long.toString(value) : Long.toUnsignedString(value);
    }

    /** The value of the enumerator called {@code name}, or null. */
    Long value(String name) {
        return byName.get(name);
    }

    Iterable<String> allNames() {
        return byName.keySet();
    }
}
