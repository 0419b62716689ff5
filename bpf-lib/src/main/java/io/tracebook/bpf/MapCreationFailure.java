package io.tracebook.bpf;

import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.ffi.Errno;
import io.tracebook.bpf.ffi.Libbpf;
import io.tracebook.bpf.ffi.LibbpfObjects;
import io.tracebook.bpf.sys.Failures;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * A map the kernel would not create, explained: which of its attributes is zero or wrong and the call that
 * sets it before load (real-world programs leave sizes to their user space: libbpf-tools' cpudist declares
 * hash maps without max_entries, offcputime a stack map without a value size), or that it is too large.
 */
final class MapCreationFailure {
    /** Bytes per frame of a stack trace map's value; libbpf-tools keep 127 frames. */
    private static final int FRAME_BYTES = 8;
    private static final int TYPICAL_FRAMES = 127;

    private MapCreationFailure() {
    }

    static BpfException explain(MemorySegment obj, String map, int errno, String libbpfLog) {
        if (Errno.isPermission(errno)) return Failures.of(errno, "creating map '" + map + "'");
        MemorySegment m = LibbpfObjects.maps(obj).stream().filter(x -> LibbpfObjects.mapName(x).equals(map)).findFirst().orElse(null);
        if (m == null) return new BpfException("the kernel refused to create map '" + map + "' (" + Errno.name(errno) + ")", libbpfLog, null);
        MapType type = MapType.of(Libbpf.bpf_map__type(m));
        int keySize = Libbpf.bpf_map__key_size(m);
        int valueSize = Libbpf.bpf_map__value_size(m);
        int maxEntries = Libbpf.bpf_map__max_entries(m);
        if (errno == Errno.ENOMEM || errno == Errno.E2BIG) {
            double gib = Integer.toUnsignedLong(maxEntries) * (double) valueSize / (1L << 30);
            return new BpfException("map '" + map + "' is too large for the kernel (" + Errno.name(errno) + "): "
                    + Integer.toUnsignedLong(maxEntries) + " values of " + valueSize + " bytes are " + "%.1f".formatted(gib)
                    + " GiB; give it fewer or smaller entries", libbpfLog, null);
        }
        List<String> problems = new ArrayList<>();
        if (maxEntries == 0) {
            problems.add("its max_entries is 0, as the program leaves its size to user space: set it before load with .mapSize(\""
                    + map + "\", entries)");
        }
        if (type == MapType.STACK_TRACE && (valueSize == 0 || valueSize % FRAME_BYTES != 0)) {
            problems.add("its value size is " + valueSize + " bytes, but a stack trace map holds " + FRAME_BYTES
                    + " bytes per frame: set it before load with .mapValueSize(\"" + map + "\", " + TYPICAL_FRAMES + " * " + FRAME_BYTES + ")");
        } else if (valueSize == 0 && type != MapType.PERF_EVENT_ARRAY && type != MapType.RINGBUF) {
            problems.add("its value size is 0: set it before load with .mapValueSize(\"" + map + "\", bytes)");
        }
        if (type == MapType.RINGBUF && maxEntries != 0 && (Integer.bitCount(maxEntries) != 1 || maxEntries < 4096)) {
            problems.add("a ring buffer's size must be a power of two of at least 4096 bytes, not " + maxEntries
                    + ": set it before load with .mapSize(\"" + map + "\", bytes)");
        }
        if (keySize == 0 && type != MapType.RINGBUF && type != MapType.QUEUE && type != MapType.STACK) {
            problems.add("its key size is 0: declare the key with __type(key, ..) or __uint(key_size, ..)");
        }
        if (problems.isEmpty()) {
            problems.add("the kernel refused " + keySize + "-byte keys, " + valueSize + "-byte values and " + maxEntries
                    + " entries (" + Errno.name(errno) + "): change them before load with .mapSize / .mapValueSize");
        }
        String what = "cannot create map '" + map + "' (" + type.name().toLowerCase() + "): ";
        return new BpfException(what + String.join("; ", problems), libbpfLog, null);
    }
}
