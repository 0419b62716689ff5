package io.tracebook.bpf.btf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Rewrites little-endian raw BTF as a big-endian host would produce it. */
final class BigEndian {
    private BigEndian() {
    }

    /** Header and type section are made of 32-bit words (after the 16-bit magic and two bytes); strings are bytes. */
    static byte[] swap(byte[] little) {
        ByteBuffer in = ByteBuffer.wrap(little).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.wrap(little.clone()).order(ByteOrder.BIG_ENDIAN);
        out.putShort(0, in.getShort(0));
        int headerLength = in.getInt(4);
        for (int at = 4; at < headerLength; at += 4) {
            out.putInt(at, in.getInt(at));
        }
        int typesStart = headerLength + in.getInt(8);
        int typesEnd = typesStart + in.getInt(12);
        for (int at = typesStart; at < typesEnd; at += 4) {
            out.putInt(at, in.getInt(at));
        }
        return out.array();
    }
}
