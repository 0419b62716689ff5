package io.tracebook.bpf.table;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import io.tracebook.bpf.btf.Btf;
import io.tracebook.bpf.btf.Fixtures;
import io.tracebook.bpf.btf.OpenedObject;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Decoding speed of {@link RowDecoder} against a hand-written decoder of the same struct (fixed
 * offsets, direct column appends through Tablesaw's API), measured in the same run. Prints events per
 * CPU-second, the ratio, and bytes allocated per event. The decoder sizes its columns up front as the
 * ring drain does and reuses comm strings; the hand-written one cannot size Tablesaw's columns.
 *
 * <pre>
 * mvn -o -q -pl bpf-lib test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java --enable-native-access=ALL-UNNAMED -cp bpf-lib/target/test-classes:bpf-lib/target/classes:$(cat /tmp/cp.txt) \
 *     io.tracebook.bpf.table.RowDecoderBenchmark
 * </pre>
 */
public final class RowDecoderBenchmark {
    private static final int DISTINCT = 1024;
    private static final int EVENTS = 2_000_000;
    private static final int ROUNDS = 5;

    private RowDecoderBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("tracebook-bench");
        RowDecoder decoder;
        try (OpenedObject object = OpenedObject.open(Fixtures.compileBpf(dir))) {
            Btf btf = object.btf();
            decoder = RowDecoder.of(btf, btf.findStruct("sample").orElseThrow(), "value");
        }
        System.out.println("struct sample: " + decoder.columnNames());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment events = arena.allocate(decoder.size() * DISTINCT);
            for (int i = 0; i < DISTINCT; i++) {
                decoder.write(events, i * decoder.size(), Map.of("pid", (long) 1000 + i % 17, "tid", (long) i,
                        "ts_ns", System.nanoTime(), "lat_ns", (long) i * 1000, "comm", "proc-" + i % 17));
            }
            for (int round = 0; round < ROUNDS; round++) {
                long decoderNs = cpuTime(() -> viaDecoder(decoder, events));
                long referenceNs = cpuTime(() -> byHand(decoder, events));
                long decoderBytes = allocated(() -> viaDecoder(decoder, events));
                long referenceBytes = allocated(() -> byHand(decoder, events));
                System.out.printf("round %d: RowDecoder %.1f M events per CPU-second, hand-written %.1f M, ratio %.2f; "
                                + "allocated %.1f vs %.1f bytes/event%n", round,
                        EVENTS * 1e3 / decoderNs, EVENTS * 1e3 / referenceNs, (double) referenceNs / decoderNs,
                        (double) decoderBytes / EVENTS, (double) referenceBytes / EVENTS);
            }
        }
    }

    private static Table viaDecoder(RowDecoder decoder, MemorySegment events) {
        Table t = decoder.newTable("samples");
        RowDecoder.Sink sink = decoder.sinkFor(t);
        sink.reserve(EVENTS);
        long size = decoder.size();
        for (int i = 0; i < EVENTS; i++) {
            sink.append(events, (i % DISTINCT) * size);
        }
        return t;
    }

    /** What one would write by hand for struct sample { u32 pid, tid; u64 ts_ns, lat_ns; char comm[16]; }. */
    private static Table byHand(RowDecoder decoder, MemorySegment events) {
        Table t = decoder.newTable("samples");
        LongColumn pid = t.longColumn("pid");
        LongColumn tid = t.longColumn("tid");
        LongColumn ts = t.longColumn("ts_ns");
        LongColumn lat = t.longColumn("lat_ns");
        StringColumn comm = t.stringColumn("comm");
        byte[] scratch = new byte[16];
        long size = decoder.size();
        for (int i = 0; i < EVENTS; i++) {
            long at = (i % DISTINCT) * size;
            pid.append(Integer.toUnsignedLong(events.get(JAVA_INT_UNALIGNED, at)));
            tid.append(Integer.toUnsignedLong(events.get(JAVA_INT_UNALIGNED, at + 4)));
            ts.append(events.get(JAVA_LONG_UNALIGNED, at + 8));
            lat.append(events.get(JAVA_LONG_UNALIGNED, at + 16));
            MemorySegment.copy(events, JAVA_BYTE, at + 24, scratch, 0, 16);
            int end = 0;
            while (end < 16 && scratch[end] != 0) {
                end++;
            }
            comm.append(new String(scratch, 0, end, StandardCharsets.UTF_8));
        }
        return t;
    }

    /** CPU time of this thread, which other processes on a shared machine disturb less than the wall clock. */
    private static long cpuTime(Runnable r) {
        var threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        r.run();
        return threads.getCurrentThreadCpuTime() - start;
    }

    private static long allocated(Runnable r) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        r.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }
}
