package io.tracebook.bpf.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.error.BpfException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parser against bpftool, which reads the same bytes with libbpf. */
class BtfParseTest {

    @TempDir
    static Path dir;
    static byte[] objectBtf;

    @BeforeAll
    static void compile() throws Exception {
        try (OpenedObject obj = OpenedObject.open(Fixtures.compileBpf(dir))) {
            objectBtf = obj.rawBtf();
        }
    }

    @Test
    void objectBtfReadsAsBpftoolReadsIt() throws Exception {
        assertSameAsBpftool(objectBtf, "object.btf");
    }

    @Test
    void kernelBtfReadsAsBpftoolReadsItWithEveryKind() throws Exception {
        byte[] raw = KernelBtf.bytes();
        assertSameAsBpftool(raw, "vmlinux.btf");
        Map<String, Integer> kinds = new TreeMap<>();
        Btf btf = Btf.parse(raw);
        for (int id = 1; id < btf.typeCount(); id++) {
            kinds.merge(btf.type(id).getClass().getSimpleName(), 1, Integer::sum);
        }
        assertEquals(19, kinds.size(), "every BTF kind but void occurs in this kernel's BTF: " + kinds);
    }

    private static void assertSameAsBpftool(byte[] raw, String fileName) throws IOException, InterruptedException {
        Path file = dir.resolve(fileName);
        Files.write(file, raw);
        String expected = Fixtures.runText(null, "bpftool", "btf", "dump", "file", file.toString(), "format", "raw");
        String actual;
        try (Arena arena = Arena.ofConfined()) {
            actual = BpftoolFormat.dump(Btf.parse(arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, raw)));
        }
        assertTrue(expected.length() > 1000, "bpftool printed the types");
        String[] want = expected.split("\n");
        String[] got = actual.split("\n");
        for (int i = 0; i < Math.min(want.length, got.length); i++) {
            assertEquals(want[i], got[i], "line " + (i + 1) + " of the raw dump of " + fileName);
        }
        assertEquals(want.length, got.length, "number of lines in the raw dump of " + fileName);
    }

    @Test
    void rejectsWrongMagic() {
        byte[] raw = objectBtf.clone();
        raw[0] = 0x12;
        BpfException e = assertThrows(BpfException.class, () -> Btf.parse(raw));
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
    }

    @Test
    void rejectsTruncatedData() {
        byte[] raw = Arrays.copyOf(objectBtf, objectBtf.length - 10);
        BpfException e = assertThrows(BpfException.class, () -> Btf.parse(raw));
        assertTrue(e.getMessage().contains("runs past the end"), e.getMessage());
    }

    @Test
    void rejectsUnknownKind() {
        byte[] raw = objectBtf.clone();
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        int typesStart = b.getInt(4) + b.getInt(8);
        int info = b.getInt(typesStart + 4);
        b.putInt(typesStart + 4, (info & ~(0x1F << 24)) | (30 << 24));
        BpfException e = assertThrows(BpfException.class, () -> Btf.parse(raw));
        assertTrue(e.getMessage().contains("type [1] has kind 30"), e.getMessage());
    }

    @Test
    void readsBigEndianBtf() {
        Btf little = Btf.parse(objectBtf);
        Btf big = Btf.parse(BigEndian.swap(objectBtf));
        assertEquals(BpftoolFormat.dump(little), BpftoolFormat.dump(big));
    }
}
