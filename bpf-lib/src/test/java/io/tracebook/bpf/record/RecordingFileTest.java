package io.tracebook.bpf.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tracebook.bpf.error.RecordingException;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recording file on its own, no kernel: what is written reads back, and every way a file can be bad — cut
 * short at any byte, a flipped byte, a newer format, not a recording at all — gives a RecordingException naming
 * the file, or (cut short) a tape that says so and holds a prefix of what was written.
 */
class RecordingFileTest {
    @TempDir
    Path dir;

    /** A recording of values only (they need no kernel), flushed a chunk at a time: many chunks to cut between. */
    private Path recordValues(int count) {
        Path file = dir.resolve("values.recording.zip");
        Recorder recorder = Recorder.start(file, "values test");
        for (int i = 0; i < count; i++) {
            int n = i;
            try {
                recorder.value("v", () -> Map.of("n", (long) n, "text", "value " + n));
            } catch (Exception e) {
                fail(e);
            }
        }
        recorder.close();
        return file;
    }

    @Test
    void valuesReadBackWithTheManifest() throws Exception {
        Path file = recordValues(5);
        Tape tape = TapeReader.read(file);
        assertNull(tape.cutShort, "a recording closed normally is whole");
        assertEquals(Manifest.FORMAT, tape.manifest.format());
        assertEquals("values test", tape.manifest.what());
        assertEquals(Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip(), tape.manifest.kernel());
        Replayer replayer = Replayer.of(tape, false);
        for (int i = 0; i < 5; i++) {
            Map<?, ?> v = replayer.value("v", () -> fail("a replay computes nothing"));
            assertEquals(Map.of("n", (long) i, "text", "value " + i), v);
        }
        assertEquals(Map.of("n", 4L, "text", "value 4"), replayer.value("v", () -> null), "past the end: the last value again");
        RecordingException missing = assertThrows(RecordingException.class, () -> replayer.value("w", () -> null));
        assertTrue(missing.getMessage().contains("has no value 'w'"), missing.getMessage());
        replayer.close();
    }

    @Test
    void valueTypesSurviveTheRoundTrip() {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("string", "s");
        all.put("long", 1L);
        all.put("int", 2);
        all.put("double", 0.5);
        all.put("bool", true);
        all.put("path", Path.of("/tmp/x"));
        all.put("null", null);
        all.put("list", List.of(1L, "two"));
        Object back = ValueCodec.decode(ValueCodec.encode("all", all));
        assertEquals(all, back);
        assertArrayEquals(new long[] {1, 2, 3}, (long[]) ValueCodec.decode(ValueCodec.encode("longs", new long[] {1, 2, 3})));
        var e = assertThrows(io.tracebook.bpf.error.BpfException.class, () -> ValueCodec.encode("thread", Thread.currentThread()));
        assertTrue(e.getMessage().startsWith("Recorded.value(\"thread\") returned a java.lang.Thread"), e.getMessage());
    }

    /**
     * Cut at every byte around each entry's start and every 7th byte in between: each prefix reads as a tape cut
     * short whose values are the first ones written, or fails with a RecordingException; nothing else is thrown.
     */
    @Test
    void aRecordingCutShortAtAnyByteReadsUpToItsLastWholeChunkAndSaysSo() throws IOException {
        Path whole = recordValues(12);
        byte[] bytes = Files.readAllBytes(whole);
        int directory = centralDirectoryOffset(bytes);
        Path cut = dir.resolve("cut.recording.zip");
        int readable = 0;
        for (int length = 1; length < bytes.length; length++) {
            if (length % 7 != 0 && !nearAnEntryStart(bytes, length)) continue;
            Files.write(cut, Arrays.copyOf(bytes, length));
            Tape tape;
            try {
                tape = TapeReader.read(cut);
            } catch (RecordingException e) {
                assertTrue(e.getMessage().contains(cut.toString()), "names the file: " + e.getMessage());
                continue;
            }
            readable++;
            List<Tape.Timed<byte[]>> values = tape.values.getOrDefault("v", List.of());
            for (int i = 0; i < values.size(); i++) {
                assertEquals("value " + i, ((Map<?, ?>) ValueCodec.decode(values.get(i).value())).get("text"));
            }
            if (length < directory) {
                assertTrue(tape.cutShort != null, "a prefix of " + length + " of " + bytes.length + " bytes says it is cut short");
                if (length % 97 == 0) {
                    Replayer replayer = Replayer.of(tape, false);
                    for (int i = 0; i < values.size(); i++) replayer.value("v", () -> null);
                    RecordingException past = assertThrows(RecordingException.class, () -> replayer.value("v", () -> null));
                    assertTrue(past.getMessage().contains("ends before value 'v'"), past.getMessage());
                    replayer.close();
                }
            }
        }
        assertTrue(readable > bytes.length / 14, "most prefixes read: " + readable + " of " + bytes.length);
    }

    /**
     * Batches of events (stored chunks) between values (deflated chunks, which the zip reader reads ahead of): object
     * 0 opened, then per chunk a value and {@code batches} batches of events numbered from {@code first}, each event
     * {@code size} bytes of its number.
     */
    private Path recordEvents(String name, int chunks, int size, int first) {
        Path file = dir.resolve(name);
        Recorder recorder = Recorder.start(file, "events test");
        recorder.write(RecordType.OPENED, out -> {
            out.putInt(0);
            out.putString("cell [1]");
            out.putString("the source");
            out.putString("");
            out.putBlob(new byte[0]);
            for (int i = 0; i < 3; i++) out.putInt(0);
        });
        int event = first;
        for (int c = 0; c < chunks; c++) {
            int n = c;
            try {
                recorder.value("v", () -> "chunk " + n);
            } catch (Exception e) {
                fail(e);
            }
            recorder.flush();
            for (int b = 0; b < 3; b++) {
                int from = event;
                recorder.write(RecordType.BATCH, out -> {
                    out.putInt(0);
                    out.putString("events");
                    out.putInt(1);
                    out.putInt(4);
                    for (int i = 0; i < 4; i++) out.putBlob(eventBytes(from + i, size));
                });
                event += 4;
            }
            recorder.flush();
        }
        recorder.close();
        return file;
    }

    private static byte[] eventBytes(int number, int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) number);
        return b;
    }

    /** Every event of the tape's one stream, in order, as the replay hands it to the decoder. */
    private static List<byte[]> events(Tape tape) {
        List<byte[]> events = new ArrayList<>();
        for (Tape.Batch batch : tape.objects.getFirst().streams.get("events").get(1).batches) {
            long at = batch.offset();
            for (int i = 0; i < batch.count(); i++) {
                int size = batch.chunk().get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), at);
                events.add(batch.chunk().asSlice(at + 4, size).toArray(ValueLayout.JAVA_BYTE));
                at += 4 + size;
            }
        }
        return events;
    }

    @Test
    void eventBatchesReadBackFromTheFileItselfBetweenCompressedChunks() {
        for (int size : new int[] {8, 200}) {   // chunks of 3 batches of 4 events: 200 B and 2.5 KiB
            Tape tape = TapeReader.read(recordEvents("events-" + size + ".recording.zip", 5, size, 0));
            List<byte[]> events = events(tape);
            assertEquals(5 * 12, events.size());
            for (int i = 0; i < events.size(); i++) assertArrayEquals(eventBytes(i, size), events.get(i), "event " + i + " of " + size + " bytes");
            boolean inPlace = tape.objects.getFirst().streams.get("events").get(1).batches.stream().allMatch(b -> b.chunk().isNative());
            assertTrue(inPlace, "stored chunks are the mapped file's bytes, not copies on the heap");
        }
    }

    /** A stored chunk of events is not read through a zip stream: its CRC is still checked, over the mapped file. */
    @Test
    void aFlippedByteInAStoredChunkOfEventsIsCorrupt() throws IOException {
        Path file = recordEvents("flipped.recording.zip", 3, 200, 0);
        byte[] bytes = Files.readAllBytes(file);
        int at = storedData(bytes, "log/000004.bin") + 500;   // chunk 4: the batches of the second chunk's value
        bytes[at] ^= 0x01;
        Files.write(file, bytes);
        RecordingException e = assertThrows(RecordingException.class, () -> TapeReader.read(file));
        assertTrue(e.getMessage().startsWith("the recording " + file + " is corrupt at log/000004.bin (its CRC"), e.getMessage());
    }

    /**
     * A stored entry's local header whose sizes run past the file's end reads as the file ending inside that entry (a
     * recording cut short there: the chunks before it replay), whatever the size, up to 4 GiB - 1; one whose two
     * sizes differ is corrupt; a header whose name runs past the file's end is where the file ends.
     */
    @Test
    void aLocalHeaderThatDoesNotFitTheFileIsCutShortOrCorruptNeverMore() throws IOException {
        Path file = recordEvents("sizes.recording.zip", 3, 200, 0);
        byte[] bytes = Files.readAllBytes(file);
        int header = storedData(bytes, "log/000004.bin") - 30 - "log/000004.bin".length();
        Path bad = dir.resolve("bad.recording.zip");
        for (long size : new long[] {bytes.length, 0x7fff_ffffL, 0xffff_ffffL}) {
            byte[] b = bytes.clone();
            putU32(b, header + 18, size);
            putU32(b, header + 22, size);
            Files.write(bad, b);
            Tape tape = TapeReader.read(bad);
            assertEquals("it was cut short inside log/000004.bin, after 3 whole chunk(s)", tape.cutShort, "a size of " + size);
            assertEquals(12, events(tape).size(), "the first chunk of events replays");
        }
        byte[] b = bytes.clone();
        putU32(b, header + 22, 1);
        Files.write(bad, b);
        RecordingException twoSizes = assertThrows(RecordingException.class, () -> TapeReader.read(bad));
        assertTrue(twoSizes.getMessage().contains("corrupt at log/000004.bin (a stored entry of two sizes)"), twoSizes.getMessage());
        b = bytes.clone();
        int deflated = storedData(bytes, "log/000003.bin") - 30 - "log/000003.bin".length();
        assertEquals(8, b[deflated + 8], "chunk 3 (a value) is deflated");
        b[deflated + 26] = (byte) 0xff;   // its name's length: the header now ends past the end of the file
        b[deflated + 27] = (byte) 0xff;
        Files.write(bad, Arrays.copyOf(b, deflated + 1000));
        assertEquals("it has no end (end.json): the recording was cut short after 2 chunk(s), as when the recording process is killed",
                TapeReader.read(bad).cutShort);
    }

    /** Where the data of the entry named {@code name} starts: after its local header, name and (empty) extra field. */
    private static int storedData(byte[] zip, String name) {
        int header = indexOf(zip, name.getBytes(StandardCharsets.UTF_8)) - 30;
        int extra = (zip[header + 28] & 0xff) | (zip[header + 29] & 0xff) << 8;
        return header + 30 + name.length() + extra;
    }

    private static void putU32(byte[] b, int at, long value) {
        for (int i = 0; i < 4; i++) b[at + i] = (byte) (value >>> (8 * i));
    }

    @Test
    void aReplayKeepsItsEventsWhenTheRecordingIsRecordedAgain() {
        Path file = recordEvents("again.recording.zip", 3, 300, 0);
        Tape first = TapeReader.read(file);
        assertEquals(file, recordEvents("again.recording.zip", 1, 100, 7));
        List<byte[]> events = events(first);
        assertEquals(3 * 12, events.size());
        for (int i = 0; i < events.size(); i++) assertArrayEquals(eventBytes(i, 300), events.get(i), "event " + i + " of the first recording");
        assertEquals(12, events(TapeReader.read(file)).size(), "the file itself is the new recording");
    }

    @Test
    void aFlippedByteInTheLogIsCorrupt() throws IOException {
        Path file = recordValues(10);
        byte[] bytes = Files.readAllBytes(file);
        // a few bytes into the data of chunk 5, after its local header's name
        int at = indexOf(bytes, "log/000005.bin".getBytes(StandardCharsets.UTF_8)) + "log/000005.bin".length() + 4;
        bytes[at] ^= 0x20;
        Files.write(file, bytes);
        RecordingException e = assertThrows(RecordingException.class, () -> TapeReader.read(file));
        assertTrue(e.getMessage().startsWith("the recording " + file + " is corrupt at log/"), e.getMessage());
        assertTrue(e.getMessage().endsWith("record it again"), e.getMessage());
    }

    @Test
    void aNewerFormatIsRefusedNamingBothVersions() throws IOException {
        Path file = recordValues(2);
        Path newer = dir.resolve("newer.recording.zip");
        rewriteManifest(file, newer, json -> json.replace("\"format\": " + Manifest.FORMAT, "\"format\": " + (Manifest.FORMAT + 1)));
        RecordingException e = assertThrows(RecordingException.class, () -> TapeReader.read(newer));
        assertEquals(newer + " is a recording of format " + (Manifest.FORMAT + 1) + ", newer than the format " + Manifest.FORMAT
                + " this Tracebook (" + Manifest.tracebookVersion() + ") reads: update Tracebook, or re-record it with this one", e.getMessage());
    }

    @Test
    void aFileThatIsNoRecordingSaysSo() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.recording.zip"), "just some notes\n".repeat(100));
        RecordingException e = assertThrows(RecordingException.class, () -> TapeReader.read(text));
        assertTrue(e.getMessage().startsWith(text + " is not a Tracebook recording"), e.getMessage());
        RecordingException none = assertThrows(RecordingException.class, () -> TapeReader.read(dir.resolve("none.recording.zip")));
        assertTrue(none.getMessage().startsWith("no recording " + dir.resolve("none.recording.zip")), none.getMessage());
    }

    private static void rewriteManifest(Path from, Path to, java.util.function.UnaryOperator<String> change) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(from));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] data = in.readAllBytes();
                if (e.getName().equals(Manifest.ENTRY)) data = change.apply(new String(data, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(data);
                out.closeEntry();
            }
        }
    }

    /** Within 24 bytes of a zip entry's local header ("PK\\3\\4") or of the central directory ("PK\\1\\2"). */
    private static boolean nearAnEntryStart(byte[] zip, int at) {
        for (int i = Math.max(0, at - 24); i < Math.min(zip.length - 3, at + 24); i++) {
            if (zip[i] == 0x50 && zip[i + 1] == 0x4b && (zip[i + 2] == 3 && zip[i + 3] == 4 || zip[i + 2] == 1 && zip[i + 3] == 2)) return true;
        }
        return false;
    }

    /** Where the zip's central directory starts: what comes before it is the entries, end.json last. */
    private static int centralDirectoryOffset(byte[] zip) {
        int end = zip.length - 22;   // the end of central directory record, without a comment
        while (end >= 0 && !(zip[end] == 0x50 && zip[end + 1] == 0x4b && zip[end + 2] == 5 && zip[end + 3] == 6)) end--;
        return java.nio.ByteBuffer.wrap(zip, end + 16, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) return i;
        }
        throw new AssertionError("not found");
    }
}
