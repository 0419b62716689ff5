package io.tracebook.bpf.record;

import io.tracebook.bpf.btf.Btf;
import io.tracebook.bpf.decode.StructCodec;
import io.tracebook.bpf.error.RecordingException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.Table;

/**
 * A recording read without replaying it: where and when it was made, and every stream's events decoded as the
 * session decoded them, one table per stream (named "object/stream") with a {@code received} column, when each batch
 * arrived. What exports and fleet-wide queries start from.
 */
public record RecordedEvents(String host, String kernel, int cpus, Instant started, String what, String cutShort, List<Table> tables) {
    /** The column holding when each event was received (the wall-clock time of its batch); "recording.received" if the event has a field so named. */
    public static final String RECEIVED = "received";

    public static RecordedEvents read(Path file) {
        Tape tape = TapeReader.read(file);
        List<Table> tables = new ArrayList<>();
        for (Tape.TapeObject o : tape.objects) {
            if (o.eventTypes.isEmpty()) continue;
            Btf btf;
            try {
                btf = Btf.parse(o.btf);
            } catch (RuntimeException e) {
                throw new RecordingException(file, "the recording " + file + " is corrupt: the BTF of its object " + (o.index + 1)
                        + " cannot be read (" + e.getMessage() + "); record it again", "", e);
            }
            for (Map.Entry<String, Integer> stream : o.eventTypes.entrySet()) {
                String label = (o.name.isEmpty() ? "object " + (o.index + 1) : o.name) + "/" + stream.getKey();
                tables.add(decode(label, StructCodec.of(btf, stream.getValue(), stream.getKey()),
                        o.streams.getOrDefault(stream.getKey(), Map.of()), tape.manifest.started()));
            }
        }
        Manifest m = tape.manifest;
        return new RecordedEvents(m.host(), m.kernel(), m.cpus(), m.started(), m.what(), tape.cutShort, List.copyOf(tables));
    }

    private static Table decode(String label, StructCodec codec, Map<Integer, Tape.StreamRead> reads, Instant started) {
        Table table = codec.newTable(label);
        InstantColumn received = InstantColumn.create(table.containsColumn(RECEIVED) ? "recording." + RECEIVED : RECEIVED);
        StructCodec.Sink sink = codec.sinkFor(table);
        for (Tape.StreamRead read : reads.values()) {
            for (Tape.Batch batch : read.batches) {
                Instant at = started.plusNanos(batch.time());
                MemorySegment chunk = batch.chunk();
                long offset = batch.offset();
                int[] runs = batch.runs();
                for (int r = 0; r < runs.length; r += 2) {
                    int size = runs[r];
                    for (int i = 0; i < runs[r + 1]; i++) {
                        if (size >= codec.size()) {   // shorter records are malformed, counted as lost when replayed
                            sink.append(chunk, offset + 4);
                            received.append(at);
                        }
                        offset += 4 + size;
                    }
                }
            }
        }
        return table.addColumns(received);
    }
}
