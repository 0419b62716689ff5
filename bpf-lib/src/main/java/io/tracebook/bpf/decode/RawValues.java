package io.tracebook.bpf.decode;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import io.tracebook.bpf.error.BpfException;
import java.lang.foreign.MemorySegment;

/** Keys and values of maps without BTF types: integers by size, byte[] otherwise. */
public final class RawValues {
    private RawValues() {
    }

    public static Object read(MemorySegment data, int size) {
        return switch (size) {
            case 1 -> (int) data.get(JAVA_BYTE, 0);
            case 2 -> (int) data.get(JAVA_SHORT_UNALIGNED, 0);
            case 4 -> data.get(JAVA_INT_UNALIGNED, 0);
            case 8 -> data.get(JAVA_LONG_UNALIGNED, 0);
            default -> data.asSlice(0, size).toArray(JAVA_BYTE);
        };
    }

    public static void write(MemorySegment data, int size, Object value, String what) {
        if (value instanceof byte[] bytes && bytes.length == size) {
            MemorySegment.copy(MemorySegment.ofArray(bytes), 0, data, 0, size);
            return;
        }
        if (value instanceof Number n) {
            switch (size) {
                case 1 -> data.set(JAVA_BYTE, 0, n.byteValue());
                case 2 -> data.set(JAVA_SHORT_UNALIGNED, 0, n.shortValue());
                case 4 -> data.set(JAVA_INT_UNALIGNED, 0, n.intValue());
                case 8 -> data.set(JAVA_LONG_UNALIGNED, 0, n.longValue());
                default -> throw new BpfException(what + " is " + size + " bytes: pass a byte[" + size + "]");
            }
            return;
        }
        throw new BpfException(what + " is " + size + " bytes: pass a number or a byte[" + size + "], not " + value);
    }
}
