package io.tracebook.bpf;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import io.tracebook.bpf.btf.Btf;
import io.tracebook.bpf.ffi.ObjectBtfData;
import io.tracebook.bpf.sys.FileState;
import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An opened object's BTF, raw (as libbpf serializes it after open, data sections sized) and parsed, kept per object
 * file. Re-running an unchanged cell opens the same file again, and libbpf turns the same file into the same bytes:
 * serializing, copying and parsing them again took 0.19 ms of the 0.89 ms {@code Bpf.c(..)} spent on a cache hit with
 * the JIT warm (libbpf's own open of the file: 0.20 ms), and 0.15-0.26 ms of its 1.1-1.2 ms in a JVM's first 27
 * re-runs, where the parser still runs interpreted (medians of 27, each after a load, attach and close).
 */
record OpenedBtf(byte[] raw, Btf btf) {
    /** Snippets and files a notebook re-runs; each entry is a few KiB of types. */
    private static final int CAPACITY = 64;

    private static final Map<FileState, OpenedBtf> KNOWN = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<FileState, OpenedBtf> eldest) {
            return size() > CAPACITY;
        }
    };

    /**
     * The BTF of {@code handle}, which libbpf opened from the file in state {@code before} (taken before the open;
     * null when it could not be told): the kept one when the file did not change while libbpf read it and was seen in that state before;
     * else read from libbpf, and kept when the file did not change. The raw bytes are shared: read them, never write.
     */
    static OpenedBtf of(MemorySegment handle, FileState before) {
        boolean unchanged = before != null && before.current();
        if (unchanged) {
            synchronized (KNOWN) {
                OpenedBtf known = KNOWN.get(before);
                if (known != null) return known;
            }
        }
        byte[] raw = ObjectBtfData.of(handle).toArray(JAVA_BYTE);
        OpenedBtf read = new OpenedBtf(raw, Btf.parse(raw));
        if (unchanged) {
            synchronized (KNOWN) {
                KNOWN.put(before, read);
            }
        }
        return read;
    }
}
