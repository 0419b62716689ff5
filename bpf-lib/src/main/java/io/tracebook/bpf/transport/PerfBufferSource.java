package io.tracebook.bpf.transport;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.ffi.CStructs;
import io.tracebook.bpf.ffi.Errno;
import io.tracebook.bpf.ffi.Libbpf;
import io.tracebook.bpf.ffi.LibbpfLog;
import io.tracebook.bpf.ffi.Mmap;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
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
public final class PerfBufferSource extends PacedSource {
    private static final int PERF_TYPE_SOFTWARE = 1;
    private static final long PERF_COUNT_SW_BPF_OUTPUT = 10;
    private static final long PERF_SAMPLE_RAW = 1L << 10;
    /** perf_event_attr's "watermark" bit: wake at wakeup_watermark bytes (same word as wakeup_events). */
    private static final long FLAG_WATERMARK = 1L << 14;
    private static final int ATTR_BYTES = 128;

    private final MemorySegment buffer;
    private final List<PerfCpuBuffer> cpus;
    private final MemorySegment scratch;
    private final LongSupplier fullDrops;

    /**
     * {@code fullDrops}: the events tracebook.h saw fail on a full buffer (negative when it is not compiled
     * in). The kernel counts the same drops, but reports them only with the next record written on that CPU.
     */
    public PerfBufferSource(int mapFd, int pagesPerCpu, LongSupplier fullDrops) {
        this.fullDrops = fullDrops;
        LibbpfLog.drain();
        // No callback: libbpf only calls it from perf_buffer__poll/consume, which we do not use.
        buffer = Libbpf.perf_buffer__new_raw(mapFd, pagesPerCpu, halfFullWakeupAttr(pagesPerCpu * Mmap.pageSize()),
                MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL);
        if (buffer.equals(MemorySegment.NULL)) {
            int errno = Errno.last();
            close();
            String why = errno == Errno.EPERM ? ": its " + pagesPerCpu * Mmap.pageSize() / 1024 + " KiB per CPU are locked memory, more than this user may lock; "
                    + "run as root or with CAP_IPC_LOCK, or raise the limits (ulimit -l, /proc/sys/kernel/perf_event_mlock_kb)" : "";
            throw new BpfException("cannot open the perf buffer (" + Errno.name(errno) + ")" + why + "\n" + LibbpfLog.drain().strip());
        }
        cpus = cpuBuffers();
        scratch = arena().allocate(PerfCpuBuffer.MAX_RECORD_BYTES, 8);
        pollOn(Libbpf.perf_buffer__epoll_fd(buffer));
    }

    /** What libbpf's perf_buffer__new asks for (bpf_perf_event_output samples), but woken at half full. */
    private MemorySegment halfFullWakeupAttr(long bytesPerCpu) {
        var layout = CStructs.PERF_EVENT_ATTR;
        MemorySegment attr = arena().allocate(ATTR_BYTES, 8);
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
        MemorySegment base = arena().allocate(ADDRESS);
        MemorySegment size = arena().allocate(JAVA_LONG);
        List<PerfCpuBuffer> buffers = new ArrayList<>();
        long count = Libbpf.perf_buffer__buffer_cnt(buffer);
        for (int i = 0; i < count; i++) {
            if (Libbpf.perf_buffer__buffer(buffer, i, base, size) == 0) buffers.add(new PerfCpuBuffer(base.get(ADDRESS, 0)));
        }
        return List.copyOf(buffers);
    }

    @Override
    protected int drain(int maxEvents, EventSink sink) {
        long pending = pending();
        if (pending > 0) sink.expect(pending);
        int delivered = 0;
        for (PerfCpuBuffer cpu : cpus) delivered += cpu.drain(maxEvents - delivered, sink, scratch);
        return delivered;
    }

    @Override
    protected long pending() {
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
        return advice(name);
    }

    /** What to change so that perf buffer {@code name} loses fewer events. */
    public static String advice(String name) {
        return "open events(\"" + name + "\") right after attach (events written before a reader exists are lost), "
                + "read it more often, send fewer or smaller events, or use a RINGBUF, which keeps events until they are read";
    }

    @Override
    protected void release() {
        Libbpf.perf_buffer__free(buffer); // NULL-safe: a failed open frees nothing
    }
}
