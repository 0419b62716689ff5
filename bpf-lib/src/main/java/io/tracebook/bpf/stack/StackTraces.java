package io.tracebook.bpf.stack;

import io.tracebook.bpf.BpfMap;
import io.tracebook.bpf.MapType;
import io.tracebook.bpf.error.BpfException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Reads stacks that {@code bpf_get_stackid} stored in a {@code STACK_TRACE(name, n)} map (tracebook.h). */
public final class StackTraces {
    private StackTraces() {
    }

    /** The addresses of stack {@code id}, innermost frame first; empty when the id is negative (an error) or unknown. */
    public static long[] addresses(BpfMap stacks, long id) {
        if (stacks.type() != MapType.STACK_TRACE) {
            throw new BpfException("map '" + stacks.name() + "' is a " + stacks.type() + " map, not a stack trace map: declare it with STACK_TRACE("
                    + stacks.name() + ", n)");
        }
        if (id < 0) return new long[0];
        // without BTF types, BpfMap gives the raw value: 127 u64 addresses, unused slots zero
        Object value = stacks.get((int) id);
        if (value == null) return new long[0];
        ByteBuffer raw = ByteBuffer.wrap((byte[]) value).order(ByteOrder.nativeOrder());
        int n = 0;
        while (n < raw.limit() / Long.BYTES && raw.getLong(n * Long.BYTES) != 0) n++;
        long[] addresses = new long[n];
        for (int i = 0; i < n; i++) addresses[i] = raw.getLong(i * Long.BYTES);
        return addresses;
    }
}
