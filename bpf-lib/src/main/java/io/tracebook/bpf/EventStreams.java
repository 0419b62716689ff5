package io.tracebook.bpf;

import io.tracebook.bpf.btf.Btf;
import io.tracebook.bpf.stream.EventSource;
import io.tracebook.bpf.stream.EventStream;
import io.tracebook.bpf.stream.PerfBufferSource;
import io.tracebook.bpf.stream.RingBufferSource;
import io.tracebook.bpf.table.RowDecoder;
import java.util.function.LongSupplier;

/** Opens the right reader for an event map and the decoder for the struct it carries. */
final class EventStreams {
    /** Per CPU; 64 pages of 4 KiB = 256 KiB a CPU. */
    private static final int PERF_PAGES_PER_CPU = 64;

    private EventStreams() {
    }

    /** {@code drops}: the events tracebook.h counted as lost on the producer side (-1 when it is not compiled in). */
    static EventStream open(BpfMap map, Btf btf, String structName, LongSupplier drops) {
        int typeId = EventTypes.resolve(btf, map.name(), structName);
        RowDecoder decoder = RowDecoder.of(btf, typeId, map.name());
        EventSource source = switch (map.type()) {
            case RINGBUF -> new RingBufferSource(map.fd(), map.maxEntries());
            case PERF_EVENT_ARRAY -> new PerfBufferSource(map.fd(), PERF_PAGES_PER_CPU);
            default -> throw new BpfException("map '" + map.name() + "' is a " + map.type().name().toLowerCase()
                    + " map, not an event channel: read it with map(\"" + map.name() + "\").toTable(), "
                    + "or declare a RINGBUF(name) / PERFBUF(name) for events");
        };
        return new EventStream(map.name(), source, decoder, drops);
    }
}
