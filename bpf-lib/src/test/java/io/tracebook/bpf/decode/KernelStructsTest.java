package io.tracebook.bpf.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.btf.Btf;
import io.tracebook.bpf.btf.KernelBtf;
import io.tracebook.bpf.error.BpfException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * Every struct and union of the running kernel's BTF (bit fields of every width, anonymous unions,
 * nested arrays, enums of every size) decodes, and reads only its own bytes.
 */
class KernelStructsTest {
    /** Tablesaw checks each added column's name against all others, so very wide tables take minutes to create. */
    private static final int MAX_TABLE_COLUMNS = 512;

    @Test
    void everyKernelStructDecodesWithinItsOwnBytes() throws IOException {
        Btf btf = Btf.parse(KernelBtf.bytes());
        List<String> refused = new ArrayList<>();
        int decoded = 0;
        try (Arena arena = Arena.ofConfined()) {
            for (String name : btf.structNames()) {
                StructCodec decoder;
                try {
                    decoder = StructCodec.of(btf, btf.findStruct(name).orElseThrow(), "value");
                } catch (BpfException e) {
                    refused.add(name + ": " + e.getMessage());
                    continue;
                }
                MemorySegment exact = arena.allocate(decoder.size());
                Map<?, ?> row = (Map<?, ?>) decoder.read(exact, 0);
                assertEquals(decoder.columnNames().size(), row.size(), name);
                if (!decoder.columnNames().isEmpty() && decoder.columnNames().size() <= MAX_TABLE_COLUMNS) {
                    Table t = decoder.newTable(name);
                    decoder.appendTo(t, exact, 0);
                    assertEquals(1, t.rowCount(), name);
                }
                decoded++;
            }
        }
        assertTrue(decoded > 1000, decoded + " structs decoded");
        assertEquals(List.of(), refused);
    }
}
