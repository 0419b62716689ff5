package io.tracebook.bpf;

import io.tracebook.bpf.decode.StructCodec;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.record.LoadedObject;
import io.tracebook.bpf.record.MapSpec;
import io.tracebook.bpf.stream.EventStream;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** Opens the reader of an event map (the object's: the kernel's, recorded or replayed) and the decoder for the struct it carries. */
final class EventStreams {
    /**
     * Perf buffer memory per CPU: 8 MiB holds ~170 000 samples of a 32-byte event (48-byte records), about
     * 200 ms of a one-thread flood on a 2-CPU VM, so a reader paused by JIT compilation or GC loses nothing.
     * Perf buffers are locked memory, one per CPU: on many CPUs the total stays within {@link #PERF_TOTAL_BYTES}
     * (at least {@link #PERF_MIN_BYTES} per CPU). bench/c/refconsumer.c sizes its reference buffers the same way.
     */
    private static final long PERF_MAX_BYTES_PER_CPU = 8L << 20;
    private static final long PERF_MIN_BYTES = 256L << 10;
    private static final long PERF_TOTAL_BYTES = 64L << 20;

    private EventStreams() {
    }

    /**
     * {@code type}: the struct the map carries; {@code drops}: the events tracebook.h counted as lost on the producer side (-1 when it is not compiled in);
     * {@code perfFullDrops}: those it saw fail on a full perf buffer, which the kernel counts too (-1 likewise);
     * {@code skippedRuns}: the object's programs whose runs the kernel skipped, with how many.
     */
    static EventStream open(LoadedObject object, BpfMap map, EventTypes.EventType type, LongSupplier drops, LongSupplier perfFullDrops,
                            Supplier<Map<String, Long>> skippedRuns) {
        if (!map.type().isEventChannel()) {
            throw new BpfException("map '" + map.name() + "' is a " + map.type().name().toLowerCase()
                    + " map, not an event channel: read it with map(\"" + map.name() + "\").toTable(), "
                    + "or declare a RINGBUF(name) / PERFBUF(name) for events");
        }
        StructCodec decoder = StructCodec.of(type.btf(), type.typeId(), map.name());
        MapSpec spec = object.maps().stream().filter(m -> m.name().equals(map.name())).findFirst().orElseThrow();
        return new EventStream(map.name(), object.events(spec, type.typeId(), perfFullDrops), decoder, drops, skippedRuns);
    }

    /** A power of two, as perf requires. */
    static int perfPagesPerCpu(int cpus, long pageSize) {
        long bytes = Math.clamp(PERF_TOTAL_BYTES / Math.max(1, cpus), PERF_MIN_BYTES, PERF_MAX_BYTES_PER_CPU);
        return (int) Long.highestOneBit(bytes / pageSize);
    }
}
