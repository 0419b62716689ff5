package io.tracebook.bpf.stream;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.tracebook.bpf.BpfException;
import io.tracebook.bpf.ffi.Errno;
import io.tracebook.bpf.ffi.LibBpf;
import io.tracebook.bpf.ffi.LibbpfLog;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * A BPF perf event array read through libbpf's perf_buffer: one mmap-ed buffer per CPU; libbpf
 * calls us back per sample, and reports what the kernel dropped through the lost callback.
 */
public final class PerfBufferSource implements EventSource {
    private static final int EINTR = 4;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer;
    private EventSink sink;
    private int delivered;
    private long lost;
    private Throwable callbackFailure;
    private boolean closed;

    public PerfBufferSource(int mapFd, int pagesPerCpu) {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            MemorySegment sampleStub = Linker.nativeLinker().upcallStub(
                    lookup.bind(this, "onSample", MethodType.methodType(void.class, MemorySegment.class, int.class, MemorySegment.class, int.class)),
                    FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS, JAVA_INT), arena);
            MemorySegment lostStub = Linker.nativeLinker().upcallStub(
                    lookup.bind(this, "onLost", MethodType.methodType(void.class, MemorySegment.class, int.class, long.class)),
                    FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, JAVA_LONG), arena);
            LibbpfLog.drain();
            buffer = LibBpf.perf_buffer__new(mapFd, pagesPerCpu, sampleStub, lostStub, MemorySegment.NULL, MemorySegment.NULL);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        if (buffer.equals(MemorySegment.NULL)) {
            int errno = Errno.last();
            arena.close();
            throw new BpfException("cannot open the perf buffer (" + Errno.name(errno) + ")\n" + LibbpfLog.drain().strip());
        }
    }

    /** perf_buffer_sample_fn; must never throw into native code. */
    private void onSample(MemorySegment ctx, int cpu, MemorySegment data, int size) {
        try {
            sink.accept(data.reinterpret(size), 0, size);
            delivered++;
        } catch (Throwable t) {
            if (callbackFailure == null) callbackFailure = t;
        }
    }

    /** perf_buffer_lost_fn. */
    private void onLost(MemorySegment ctx, int cpu, long count) {
        lost += count;
    }

    @Override
    public synchronized int poll(int timeoutMillis, int maxEvents, EventSink sink) {
        if (closed) return 0;
        this.sink = sink;
        this.delivered = 0;
        int rc = LibBpf.perf_buffer__poll(buffer, timeoutMillis);
        this.sink = null;
        if (callbackFailure != null) {
            Throwable t = callbackFailure;
            callbackFailure = null;
            if (t instanceof RuntimeException r) throw r;
            throw new BpfException("decoding a perf buffer event failed: " + t, t);
        }
        if (rc < 0 && rc != -EINTR) throw new BpfException("polling the perf buffer failed: " + Errno.name(-rc));
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
