package io.tracebook.bpf.transport;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.ffi.Errno;
import io.tracebook.bpf.ffi.Mmap;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * Reads a BPF ring buffer straight from its mapped memory, no native call per event: the kernel
 * maps a consumer page (ours to write) and a producer page followed by the data area mapped twice,
 * so a record that wraps around the end is still contiguous. Ordering follows the kernel's protocol:
 * acquire-load the producer position and each record header (a run of records with one header, one size, is
 * read as a run: its headers, then one fence before its records), release-store the consumer position once the sink
 * has decoded a batch (up to 1024 records), so a record is not overwritten while decoded.
 *
 * <p>tracebook.h submits without waking the reader, except when a record fills the ring past half,
 * so the reader consumes on the {@link ConsumePacer}'s timer and sleeps in poll(2) only while the ring
 * is empty (poll returns at once when there is data), where a half-full wakeup can end the sleep early.
 */
public final class RingBufferSource extends PacedSource {
    private static final int BUSY_BIT = 1 << 31;
    private static final int DISCARD_BIT = 1 << 30;
    private static final int HEADER_SIZE = 8;
    /**
     * Records are decoded in batches and the consumer position is handed back once per batch, not after
     * each record: the kernel reads it on every reserve, and each store would take its cache line away
     * from the CPU of the traced thread.
     */
    private static final int BATCH = 1024;
    private static final VarHandle LONG = JAVA_LONG.varHandle();

    private final int fd;
    private final long pageSize;
    private final long dataSize;
    private final long mask;
    private final MemorySegment consumerPage;
    private final MemorySegment producerPages;
    private final MemorySegment data;
    // Records handed to the sink together, their space given back only after it has decoded them.
    private final long[] batchOffsets = new long[BATCH];
    private final long[] batchSizes = new long[BATCH];

    public RingBufferSource(int mapFd, long dataSize) {
        this.fd = mapFd;
        this.pageSize = Mmap.pageSize();
        this.dataSize = dataSize;
        this.mask = dataSize - 1;
        this.consumerPage = map(pageSize, Mmap.PROT_READ | Mmap.PROT_WRITE, 0);
        this.producerPages = map(pageSize + 2 * dataSize, Mmap.PROT_READ, pageSize);
        this.data = producerPages.asSlice(pageSize);
        pollOn(mapFd);
    }

    private MemorySegment map(long length, int protection, long offset) {
        MemorySegment mapping = Mmap.map(fd, length, protection, offset);
        if (mapping == null) throw new BpfException("cannot map the ring buffer (" + Errno.name(Errno.last()) + ")");
        return mapping;
    }

    @Override
    protected int drain(int maxEvents, EventSink sink) {
        long consumer = (long) LONG.getAcquire(consumerPage, 0L);
        long producer = (long) LONG.getAcquire(producerPages, 0L);
        if (producer > consumer) sink.expect(producer - consumer);
        int delivered = 0;
        int batched = 0;
        while (consumer < producer && delivered < maxEvents) {
            long offset = consumer & mask;
            // An acquire load of the header: a plain load, then the fence (on x86 both a plain load, but the
            // VarHandle's acquire access checked every header's alignment: 3% of a drain's samples).
            int header = data.get(JAVA_INT_UNALIGNED, offset);
            VarHandle.acquireFence();
            if ((header & BUSY_BIT) != 0) break;
            long length = header & ~(BUSY_BIT | DISCARD_BIT);
            long stride = (length + HEADER_SIZE + 7) & ~7L;
            if ((header & DISCARD_BIT) == 0) {
                int room = (int) Math.min(Math.min(BATCH, maxEvents - delivered), (producer - consumer) / stride);
                int run = 1 + sameHeaders(offset + stride, stride, header, room - 1);
                VarHandle.acquireFence(); // the run's headers before its records
                if (batched > 0 && (run >= EventSink.MIN_RUN || batched + run > BATCH)) {
                    deliver(sink, batched, consumer); // the records before the run go first
                    batched = 0;
                }
                delivered += run;
                if (run >= EventSink.MIN_RUN) {
                    consumer += run * stride;
                    deliverRun(sink, offset + HEADER_SIZE, stride, length, run, consumer);
                    if (consumer >= producer) producer = (long) LONG.getAcquire(producerPages, 0L);
                    continue;
                }
                for (int i = 0; i < run; i++) {
                    batchOffsets[batched + i] = offset + HEADER_SIZE + i * stride;
                    batchSizes[batched + i] = length;
                }
                batched += run;
                consumer += run * stride;
            } else {
                consumer += stride;
            }
            if (batched == BATCH || consumer >= producer) {
                deliver(sink, batched, consumer);
                batched = 0;
                if (consumer >= producer) producer = (long) LONG.getAcquire(producerPages, 0L);
            }
        }
        deliver(sink, batched, consumer);
        return delivered;
    }

    /**
     * How many of the next {@code max} positions {@code stride} bytes apart from {@code offset} hold a record with
     * {@code header}: a run of records of one size, committed, not discarded. Each position is a record's start as long
     * as the ones before it were such records, so the loads do not wait for each other, as they do when each record's
     * place is the previous one's plus its length (that chain of loads was two thirds of a drain's time).
     */
    private int sameHeaders(long offset, long stride, int header, int max) {
        int n = 0;
        for (long at = offset; n < max && data.get(JAVA_INT_UNALIGNED, at) == header; at += stride) n++;
        return n;
    }

    /** Hands a run of records of one size to the sink, then gives their space back to the kernel. */
    private void deliverRun(EventSink sink, long offset, long stride, long length, int count, long consumer) {
        try {
            sink.acceptRun(data, offset, stride, length, count);
        } finally {
            LONG.setRelease(consumerPage, 0L, consumer);
        }
    }

    /** Hands the batched records to the sink, then gives their space back to the kernel. */
    private void deliver(EventSink sink, int batched, long consumer) {
        try {
            if (batched > 0) sink.acceptBatch(data, batchOffsets, batchSizes, batched);
        } finally {
            LONG.setRelease(consumerPage, 0L, consumer); // also when the sink throws: records it was handed are not read again
        }
    }

    @Override
    protected long pending() {
        return (long) LONG.getAcquire(producerPages, 0L) - (long) LONG.getAcquire(consumerPage, 0L);
    }

    @Override
    public long kernelLost() {
        return 0;
    }

    @Override
    public String kind() {
        return "ring buffer";
    }

    @Override
    public String lossAdvice(String name) {
        return advice(name, dataSize);
    }

    /** What to change so that ring buffer {@code name} of {@code dataSize} bytes loses fewer events. */
    public static String advice(String name, long dataSize) {
        return "it was full; enlarge it before load with .mapSize(\"" + name + "\", " + Math.max(dataSize * 4, 1 << 22) + ") or read it more often";
    }

    @Override
    protected void release() {
        Mmap.unmap(consumerPage);
        Mmap.unmap(producerPages);
    }
}
