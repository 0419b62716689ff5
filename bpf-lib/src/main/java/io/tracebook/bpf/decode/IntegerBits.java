package io.tracebook.bpf.decode;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemorySegment;

/**
 * Where an integer lives in a record: a whole 1/2/4/8-byte integer, or a bit field of
 * {@code width} bits starting {@code shift} bits into the byte at the field's offset.
 * Values are in the host's byte order (the kernel writes events and maps in it); bit fields are
 * numbered from the least significant bit, as on the little-endian hosts BPF runs on (x86-64, arm64).
 */
record IntegerBits(int byteSize, int shift, int width, boolean signed) {

    static IntegerBits whole(int byteSize, boolean signed) {
        return new IntegerBits(byteSize, 0, byteSize * 8, signed);
    }

    /** A bit field {@code bitOffset} bits after the record start; the field's byte offset is {@code bitOffset / 8}. */
    static IntegerBits bitField(long bitOffset, int width, boolean signed) {
        int shift = (int) (bitOffset % 8);
        return new IntegerBits((shift + width + 7) / 8, shift, width, signed);
    }

    /** A plain 1, 2, 4 or 8-byte integer (a 24-bit field at a byte boundary is still a bit field). */
    boolean isWhole() {
        return shift == 0 && width == byteSize * 8 && Integer.bitCount(byteSize) == 1;
    }

    /** The value at {@code at}: sign-extended when signed, zero-extended otherwise (a u64 above 2^63 reads negative). */
    long get(MemorySegment data, long at) {
        if (isWhole()) {
            return switch (byteSize) {
                case 1 -> signed ? data.get(JAVA_BYTE, at) : Byte.toUnsignedLong(data.get(JAVA_BYTE, at));
                case 2 -> signed ? data.get(JAVA_SHORT_UNALIGNED, at) : Short.toUnsignedLong(data.get(JAVA_SHORT_UNALIGNED, at));
                case 4 -> signed ? data.get(JAVA_INT_UNALIGNED, at) : Integer.toUnsignedLong(data.get(JAVA_INT_UNALIGNED, at));
                default -> data.get(JAVA_LONG_UNALIGNED, at);
            };
        }
        long raw = 0;
        for (int i = 0; i < Math.min(byteSize, 8); i++) {
            raw |= Byte.toUnsignedLong(data.get(JAVA_BYTE, at + i)) << (8 * i);
        }
        long value = raw >>> shift;
        if (byteSize == 9) {
            value |= Byte.toUnsignedLong(data.get(JAVA_BYTE, at + 8)) << (64 - shift);
        }
        return normalize(value);
    }

    /** Stores the low {@code width} bits of {@code value}, leaving the neighbouring bits of a bit field alone. */
    void set(MemorySegment data, long at, long value) {
        if (isWhole()) {
            switch (byteSize) {
                case 1 -> data.set(JAVA_BYTE, at, (byte) value);
                case 2 -> data.set(JAVA_SHORT_UNALIGNED, at, (short) value);
                case 4 -> data.set(JAVA_INT_UNALIGNED, at, (int) value);
                default -> data.set(JAVA_LONG_UNALIGNED, at, value);
            }
            return;
        }
        long mask = width == 64 ? -1L : (1L << width) - 1;
        for (int i = 0; i < byteSize; i++) {
            int firstBit = 8 * i - shift;
            long fieldMask = shiftBits(mask, firstBit) & 0xFF;
            long fieldBits = shiftBits(value & mask, firstBit) & 0xFF;
            byte old = data.get(JAVA_BYTE, at + i);
            data.set(JAVA_BYTE, at + i, (byte) ((old & ~fieldMask) | fieldBits));
        }
    }

    /** Bits {@code firstBit ..} of {@code v} moved down to bit 0 (or up, for a negative {@code firstBit}). */
    private static long shiftBits(long v, int firstBit) {
        return firstBit >= 0 ? v >>> firstBit : v << -firstBit;
    }

    /** {@code value} cut to {@code width} bits and extended the way a read of this field would. */
    long normalize(long value) {
        if (width == 64) {
            return value;
        }
        return signed ? value << (64 - width) >> (64 - width) : value & ((1L << width) - 1);
    }

    long min() {
        return signed ? -1L << (width - 1) : 0;
    }

    /** Largest storable value; for an unsigned 64-bit field {@code -1}, i.e. 2^64-1 read as unsigned. */
    long max() {
        if (width == 64) {
            return signed ? Long.MAX_VALUE : -1L;
        }
        return signed ? (1L << (width - 1)) - 1 : (1L << width) - 1;
    }

    /** Whether {@code value} is storable without loss; any long fits a 64-bit field (negative for a u64 means above 2^63). */
    boolean fits(long value) {
        return width == 64 || (value >= min() && value <= max());
    }
}
