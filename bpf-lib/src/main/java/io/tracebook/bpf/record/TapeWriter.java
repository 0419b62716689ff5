package io.tracebook.bpf.record;

import io.tracebook.bpf.display.Threads;
import io.tracebook.bpf.error.RecordingException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a recording append-first: the manifest, then the log in chunks, each a zip entry written and handed to the
 * operating system as soon as it is full, a second has passed, or {@link #flush()} asks (a read ended, an object
 * loaded), so a recording killed midway loses at most its last chunk; the zip's directory and {@code end.json} come
 * only at {@link #close()}. Records are appended by any thread; a writer thread of its own compresses nothing (event
 * bytes are stored as they are) and does the I/O, so the threads reading events only copy bytes.
 *
 * <p>When writing fails (a full disk), recording stops: one line on stderr says so at once, later records are
 * dropped, and {@link #close()} throws the failure. What the notebook computed from the live kernel is unaffected.
 */
final class TapeWriter implements AutoCloseable {
    static final int CHUNK_BYTES = 1 << 20;
    private static final long CHUNK_NANOS = 1_000_000_000L;
    private static final int QUEUED_CHUNKS = 64;
    static final String END_ENTRY = "end.json";
    static final String LOG_PREFIX = "log/";

    /** {@code events}: it holds event batches, which are stored as they are; other chunks are compressed. */
    private record Chunk(RecordBuffer bytes, boolean events, boolean last) {
    }

    private final Path file;
    private final long startNanos;
    private final ZipOutputStream zip;
    private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
    private final BlockingQueue<RecordBuffer> spare = new ArrayBlockingQueue<>(4);
    private final Thread writer;
    private RecordBuffer chunk = new RecordBuffer(CHUNK_BYTES);
    private boolean chunkHasEvents;
    private long chunkStartedNanos;
    private long records;
    private int chunksWritten;
    private volatile RecordingException failure;
    private boolean closed;

    private TapeWriter(Path file, ZipOutputStream zip, long startNanos) {
        this.file = file;
        this.zip = zip;
        this.startNanos = startNanos;
        this.writer = Thread.ofPlatform().daemon().name("tracebook-recording-writer").start(this::writeChunks);
    }

    /** Creates (or replaces) {@code file} and writes its manifest. */
    static TapeWriter create(Path file, Manifest manifest, long startNanos) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            // A new file, not the old one truncated: a replay of the old one maps its bytes (TapeReader) and keeps them.
            Files.deleteIfExists(file);
            OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            ZipOutputStream zip = new ZipOutputStream(out);
            zip.setLevel(Deflater.BEST_SPEED);
            zip.setComment("Tracebook recording, format " + manifest.format() + " (docs/recording-format.md)");
            zip.putNextEntry(new ZipEntry(Manifest.ENTRY));
            zip.write(manifest.toJson().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.flush();
            return new TapeWriter(file, zip, startNanos);
        } catch (IOException e) {
            throw new RecordingException(file, "cannot record to " + file + ": " + reason(e) + "; choose a writable place with room", "", e);
        }
    }

    Path file() {
        return file;
    }

    /** Nanoseconds since the session started, the time records carry. */
    long now() {
        return System.nanoTime() - startNanos;
    }

    /**
     * Appends one record: its type, its length, the time, {@code background} (read by a live view's own thread),
     * then what {@code body} writes. Dropped once the recording has failed or closed.
     */
    synchronized void write(RecordType type, boolean background, Consumer<RecordBuffer> body) {
        if (closed || failure != null) return;
        if (chunk.size() == 0) chunkStartedNanos = System.nanoTime();
        chunkHasEvents |= type == RecordType.BATCH;
        chunk.putByte(type.code);
        int length = chunk.reserveInt();
        chunk.putLong(now());
        chunk.putByte(background ? 1 : 0);
        body.accept(chunk);
        chunk.setInt(length, chunk.size() - length - 4);
        records++;
        if (chunk.size() >= CHUNK_BYTES || System.nanoTime() - chunkStartedNanos >= CHUNK_NANOS) handOver(false);
    }

    /** Hands what was appended so far to the writer thread: a point a killed recording keeps. */
    synchronized void flush() {
        if (!closed && failure == null && chunk.size() > 0) handOver(false);
    }

    private void handOver(boolean last) {
        try {
            queue.put(new Chunk(chunk, chunkHasEvents, last));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(new IOException("interrupted while waiting for the disk"));
            return;
        }
        RecordBuffer next = spare.poll();
        chunk = next != null ? next : new RecordBuffer(CHUNK_BYTES);
        chunkHasEvents = false;
    }

    private void writeChunks() {
        while (true) {
            Chunk c;
            try {
                c = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (failure == null && c.bytes().size() > 0) {
                try {
                    writeEntry(String.format("%s%06d.bin", LOG_PREFIX, ++chunksWritten), c.bytes().array(), c.bytes().size(), c.events());
                } catch (IOException e) {
                    fail(e);
                }
            }
            c.bytes().clear();
            spare.offer(c.bytes());
            if (c.last()) return;
        }
    }

    /**
     * An entry with its checksum, which readers check without the zip's directory. Event bytes are stored as they
     * are: compressing them costs more CPU than a flood of events leaves; the rest (values, map reads, BTF) is
     * compressed, fast.
     */
    private void writeEntry(String name, byte[] bytes, int size, boolean events) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        if (events) {
            CRC32 crc = new CRC32();
            crc.update(bytes, 0, size);
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(size);
            entry.setCompressedSize(size);
            entry.setCrc(crc.getValue());
        } else {
            entry.setMethod(ZipEntry.DEFLATED);
        }
        zip.putNextEntry(entry);
        zip.write(bytes, 0, size);
        zip.closeEntry();
        zip.flush();
    }

    private void fail(IOException e) {
        if (failure != null) return;
        failure = new RecordingException(file, "recording stopped: writing " + file + " failed (" + reason(e) + "); what ran is "
                + "unaffected and its results stand, but the recording is incomplete: free some space and record again", "", e);
        System.err.println("tracebook: " + failure.getMessage());
    }

    /** The failure that stopped recording, or null. */
    RecordingException failure() {
        return failure;
    }

    /** Writes what is left, {@code end.json} and the zip's directory; throws the failure if writing failed. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
            handOver(true);
        }
        Threads.joinUninterruptibly(writer);
        try {
            if (failure == null) {
                Map<String, Object> end = new LinkedHashMap<>();
                end.put("records", records);
                end.put("chunks", chunksWritten);
                end.put("ended", Instant.now().toString());
                zip.putNextEntry(new ZipEntry(END_ENTRY));
                zip.write(Json.write(end).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            zip.close();
        } catch (IOException e) {
            fail(e);
            try {
                zip.close();
            } catch (IOException ignored) {
                // the failure above is the one to report
            }
        }
        if (failure != null) throw failure;
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
