package io.tracebook.bpf.stream;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.tracebook.bpf.BpfException;
import io.tracebook.bpf.ffi.CStructs;
import io.tracebook.bpf.ffi.Errno;
import io.tracebook.bpf.ffi.LibBpf;
import io.tracebook.bpf.ffi.LibbpfLog;
import io.tracebook.bpf.ffi.Mmap;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * A BPF perf event array read through libbpf's perf_buffer: one mmap-ed buffer per CPU; libbpf
 * hands us each record, a sample or the kernel's count of samples it dropped.
 *
 * <p>libbpf's perf_buffer__new asks the kernel to wake the reader on every sample, which costs the
 * traced thread an IPI per event. We open the buffers to wake the reader only when a CPU's buffer is
 * half full (perf's wakeup watermark) and consume every buffer on the {@link ConsumePacer}'s timer,
 * so a few slow events are still delivered promptly.
 */
public final class PerfBufferSource implements EventSource {
    private static final int EINTR = 4;
    private static final int PERF_TYPE_SOFTWARE = 1;
    private static final long PERF_COUNT_SW_BPF_OUTPUT = 10;
    private static final long PERF_SAMPLE_RAW = 1L << 10;
    /** perf_event_attr's "watermark" bit: wake at wakeup_watermark bytes (same word as wakeup_events). */
    private static final long FLAG_WATERMARK = 1L << 14;
    private static final int PERF_RECORD_LOST = 2;
    private static final int PERF_RECORD_SAMPLE = 9;
    private static final int LIBBPF_PERF_EVENT_CONT = -2;
    private static final int ATTR_BYTES = 128;
    private static final long HEADER_BYTES = CStructs.PERF_EVENT_HEADER.byteSize();
    private static final long HEADER_TYPE = CStructs.PERF_EVENT_HEADER.byteOffset(groupElement("type"));
    private static final long HEADER_SIZE = CStructs.PERF_EVENT_HEADER.byteOffset(groupElement("size"));
    /** A sample record: the header, the sample's u32 size, its bytes. */
    private static final long SAMPLE_SIZE_OFFSET = HEADER_BYTES;
    /** A lost record: the header, a u64 id, the u64 count of samples lost. */
    private static final long LOST_COUNT_OFFSET = HEADER_BYTES + 8;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer;
    private final ConsumePacer pacer = new ConsumePacer();
    private EventSink sink;
    private int delivered;
    private long lost;
    private Throwable callbackFailure;
    private boolean closed;

    public PerfBufferSource(int mapFd, int pagesPerCpu) {
        try {
            MemorySegment eventStub = Linker.nativeLinker().upcallStub(
                    MethodHandles.lookup().bind(this, "onRecord", MethodType.methodType(int.class, MemorySegment.class, int.class, MemorySegment.class)),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), arena);
            LibbpfLog.drain();
            buffer = LibBpf.perf_buffer__new_raw(mapFd, pagesPerCpu, halfFullWakeupAttr(pagesPerCpu * Mmap.pageSize()), eventStub, MemorySegment.NULL, MemorySegment.NULL);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        if (buffer.equals(MemorySegment.NULL)) {
            int errno = Errno.last();
            arena.close();
            throw new BpfException("cannot open the perf buffer (" + Errno.name(errno) + ")\n" + LibbpfLog.drain().strip());
        }
    }

    /** What libbpf's perf_buffer__new asks for (bpf_perf_event_output samples), but woken at half full. */
    private MemorySegment halfFullWakeupAttr(long bytesPerCpu) {
        var layout = CStructs.PERF_EVENT_ATTR;
        MemorySegment attr = arena.allocate(ATTR_BYTES, 8);
        attr.set(JAVA_INT, layout.byteOffset(groupElement("type")), PERF_TYPE_SOFTWARE);
        attr.set(JAVA_INT, layout.byteOffset(groupElement("size")), ATTR_BYTES);
        attr.set(JAVA_LONG, layout.byteOffset(groupElement("config")), PERF_COUNT_SW_BPF_OUTPUT);
        attr.set(JAVA_LONG, layout.byteOffset(groupElement("sample_period")), 1);
        attr.set(JAVA_LONG, layout.byteOffset(groupElement("sample_type")), PERF_SAMPLE_RAW);
        attr.set(JAVA_LONG, layout.byteOffset(groupElement("flags")), FLAG_WATERMARK);
        long wakeupWatermark = layout.byteOffset(groupElement("wakeup_events")); // a union of the two
        attr.set(JAVA_INT, wakeupWatermark, (int) (bytesPerCpu / 2));
        return attr;
    }

    /** perf_buffer_event_fn; must never throw into native code. */
    private int onRecord(MemorySegment ctx, int cpu, MemorySegment header) {
        try {
            MemorySegment fixed = header.reinterpret(HEADER_BYTES);
            MemorySegment record = header.reinterpret(Short.toUnsignedLong(fixed.get(JAVA_SHORT, HEADER_SIZE)));
            switch (fixed.get(JAVA_INT, HEADER_TYPE)) {
                case PERF_RECORD_SAMPLE -> {
                    long size = Integer.toUnsignedLong(record.get(JAVA_INT, SAMPLE_SIZE_OFFSET));
                    sink.accept(record, SAMPLE_SIZE_OFFSET + 4, size);
                    delivered++;
                }
                case PERF_RECORD_LOST -> lost += record.get(JAVA_LONG, LOST_COUNT_OFFSET);
                default -> {
                }
            }
        } catch (Throwable t) {
            if (callbackFailure == null) callbackFailure = t;
        }
        return LIBBPF_PERF_EVENT_CONT;
    }

    @Override
    public synchronized int poll(int timeoutMillis, int maxEvents, EventSink sink) {
        if (closed) return 0;
        this.sink = sink;
        this.delivered = 0;
        // poll sleeps until a sampled wakeup or the timer and reads the buffers that woke; consume reads the rest.
        int rc = timeoutMillis > 0 ? LibBpf.perf_buffer__poll(buffer, pacer.nextSleepMillis(timeoutMillis)) : 0;
        if (rc >= 0 || rc == -EINTR) rc = LibBpf.perf_buffer__consume(buffer);
        this.sink = null;
        if (callbackFailure != null) {
            Throwable t = callbackFailure;
            callbackFailure = null;
            if (t instanceof RuntimeException r) throw r;
            throw new BpfException("decoding a perf buffer event failed: " + t, t);
        }
        if (rc < 0 && rc != -EINTR) throw new BpfException("polling the perf buffer failed: " + Errno.name(-rc));
        pacer.consumed(delivered);
        return delivered;
    }

    @Override
    public synchronized long kernelLost() {
        return lost;
    }

    @Override
    public String kind() {
        return "perf buffer";
    }

    @Override
    public String lossAdvice(String name) {
        return "open events(\"" + name + "\") right after attach (events written before a reader exists are lost), "
                + "read it more often, send fewer or smaller events, or use a RINGBUF, which keeps events until they are read";
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        LibBpf.perf_buffer__free(buffer);
        arena.close();
    }
}
