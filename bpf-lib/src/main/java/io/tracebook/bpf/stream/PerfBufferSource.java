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
import io.tracebook.bpf.ffi.LibC;
import io.tracebook.bpf.ffi.LibbpfLog;
import io.tracebook.bpf.ffi.Mmap;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A BPF perf event array: one buffer per CPU, set up by libbpf's perf_buffer (the perf events, their
 * mappings, an epoll set over them) and read from Java straight from the mappings, no native call
 * per event ({@link PerfCpuBuffer}).
 *
 * <p>libbpf's perf_buffer__new asks the kernel to wake the reader on every sample, which costs the
 * traced thread an IPI per event. We open the buffers to wake the reader only when a CPU's buffer is
 * half full (perf's wakeup watermark) and read every buffer on the {@link ConsumePacer}'s timer, so a
 * few slow events are still delivered promptly.
 */
public final class PerfBufferSource implements EventSource {
    private static final int EPERM = 1;
    private static final int PERF_TYPE_SOFTWARE = 1;
    private static final long PERF_COUNT_SW_BPF_OUTPUT = 10;
    private static final long PERF_SAMPLE_RAW = 1L << 10;
    /** perf_event_attr's "watermark" bit: wake at wakeup_watermark bytes (same word as wakeup_events). */
    private static final long FLAG_WATERMARK = 1L << 14;
    private static final int ATTR_BYTES = 128;
    private static final short POLLIN = 1;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer;
    private final List<PerfCpuBuffer> cpus;
    private final MemorySegment scratch;
    private final MemorySegment pollFd;
    private final ConsumePacer pacer = new ConsumePacer();
    private final LongSupplier fullDrops;
    private boolean closed;

    /**
     * {@code fullDrops}: the events tracebook.h saw fail on a full buffer (negative when it is not compiled
     * in). The kernel counts the same drops, but reports them only with the next record written on that CPU.
     */
    public PerfBufferSource(int mapFd, int pagesPerCpu, LongSupplier fullDrops) {
        this.fullDrops = fullDrops;
        LibbpfLog.drain();
        // No callback: libbpf only calls it from perf_buffer__poll/consume, which we do not use.
        buffer = LibBpf.perf_buffer__new_raw(mapFd, pagesPerCpu, halfFullWakeupAttr(pagesPerCpu * Mmap.pageSize()),
                MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL);
        if (buffer.equals(MemorySegment.NULL)) {
            int errno = Errno.last();
            arena.close();
            String why = errno == EPERM ? ": its " + pagesPerCpu * Mmap.pageSize() / 1024 + " KiB per CPU are locked memory, more than this user may lock; "
                    + "run as root or with CAP_IPC_LOCK, or raise the limits (ulimit -l, /proc/sys/kernel/perf_event_mlock_kb)" : "";
            throw new BpfException("cannot open the perf buffer (" + Errno.name(errno) + ")" + why + "\n" + LibbpfLog.drain().strip());
        }
        cpus = cpuBuffers();
        scratch = arena.allocate(PerfCpuBuffer.MAX_RECORD_BYTES, 8);
        pollFd = arena.allocate(CStructs.POLLFD);
        pollFd.set(JAVA_INT, CStructs.POLLFD.byteOffset(groupElement("fd")), LibBpf.perf_buffer__epoll_fd(buffer));
        pollFd.set(JAVA_SHORT, CStructs.POLLFD.byteOffset(groupElement("events")), POLLIN);
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

    /** The mapping of every CPU libbpf opened a buffer for (offline CPUs have none). */
    private List<PerfCpuBuffer> cpuBuffers() {
        MemorySegment base = arena.allocate(ADDRESS);
        MemorySegment size = arena.allocate(JAVA_LONG);
        List<PerfCpuBuffer> buffers = new ArrayList<>();
        long count = LibBpf.perf_buffer__buffer_cnt(buffer);
        for (int i = 0; i < count; i++) {
            if (LibBpf.perf_buffer__buffer(buffer, i, base, size) == 0) buffers.add(new PerfCpuBuffer(base.get(ADDRESS, 0)));
        }
        return List.copyOf(buffers);
    }

    @Override
    public synchronized int poll(int timeoutMillis, int maxEvents, EventSink sink) {
        if (closed) return 0;
        if (timeoutMillis > 0) waitForEvents(timeoutMillis);
        int delivered = drain(maxEvents, sink);
        pacer.consumed(delivered);
        return delivered;
    }

    /** Events already waiting are read after the flowing interval; empty buffers are slept on, until the timer or a half-full wakeup. */
    private void waitForEvents(int timeoutMillis) {
        if (pending() > 0) LockSupport.parkNanos(pacer.flowingSleepMillis(timeoutMillis) * 1_000_000L);
        else LibC.poll(pollFd, 1, pacer.nextSleepMillis(timeoutMillis));
    }

    private int drain(int maxEvents, EventSink sink) {
        long pending = pending();
        if (pending > 0) sink.expect(pending);
        int delivered = 0;
        for (PerfCpuBuffer cpu : cpus) delivered += cpu.drain(maxEvents - delivered, sink, scratch);
        return delivered;
    }

    private long pending() {
        long bytes = 0;
        for (PerfCpuBuffer cpu : cpus) bytes += cpu.pending();
        return bytes;
    }

    @Override
    public synchronized long kernelLost() {
        long lost = 0;
        for (PerfCpuBuffer cpu : cpus) lost += cpu.lost();
        return Math.max(lost, fullDrops.getAsLong());
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
