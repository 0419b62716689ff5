package io.tracebook.bpf;

/** The kernel's map types (enum bpf_map_type) that Tracebook treats specially. */
public enum MapType {
    HASH(1), ARRAY(2), PROG_ARRAY(3), PERF_EVENT_ARRAY(4), PERCPU_HASH(5), PERCPU_ARRAY(6), STACK_TRACE(7),
    CGROUP_ARRAY(8), LRU_HASH(9), LRU_PERCPU_HASH(10), LPM_TRIE(11), ARRAY_OF_MAPS(12), HASH_OF_MAPS(13),
    QUEUE(22), STACK(23), RINGBUF(27), OTHER(-1);

    final int code;

    MapType(int code) {
        this.code = code;
    }

    static MapType of(int code) {
        for (MapType t : values()) if (t.code == code) return t;
        return OTHER;
    }

    boolean isPerCpu() {
        return this == PERCPU_HASH || this == PERCPU_ARRAY || this == LRU_PERCPU_HASH;
    }

    boolean isEventChannel() {
        return this == RINGBUF || this == PERF_EVENT_ARRAY;
    }
}
