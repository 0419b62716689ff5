package io.tracebook.bpf.record;

import java.io.EOFException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Goes through the entries of a zip file front to back by their local headers, as {@link java.util.zip.ZipInputStream}
 * does (a recording cut short has no central directory), over the file's bytes in memory (mapped): a stored entry's
 * bytes are its span of the file, its CRC checked there and nothing copied through a stream; a deflated one is
 * inflated. Every header field is checked against the file's size before it is used: a file that ends inside an
 * entry throws {@link EOFException}, anything else that does not fit throws {@link ZipException}.
 */
final class ZipEntries implements AutoCloseable {
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int LOCAL_HEADER_BYTES = 30;
    private static final int DESCRIPTOR = 0x08074b50;
    private static final int ENCRYPTED = 1;
    private static final int HAS_DESCRIPTOR = 8;
    private static final int STORED = 0;
    private static final int DEFLATED = 8;
    /** The largest entry read: what one array holds. */
    private static final long MAX_ENTRY = Integer.MAX_VALUE - 8;

    private MemorySegment file;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    /** Where the next local header is expected. */
    private long position;
    private int flags;
    private int method;
    private long headerCrc;
    private long headerCompressed;
    private long headerSize;
    private long data;
    private byte[] bytes = new byte[0];
    private int length;
    /** Where the entry read starts in the file, when stored (else -1). */
    private long inFile;

    ZipEntries(MemorySegment file) {
        this.file = file;
    }

    /**
     * The next entry's name, its header read, or null when no entry follows: the file ends before the end of its
     * header (name and extra field included), or something other than a local header starts there (the central
     * directory).
     */
    String next() throws ZipException {
        long size = file.byteSize();
        if (size - position < LOCAL_HEADER_BYTES || u32(position) != LOCAL_HEADER) return null;
        flags = u16(position + 6);
        method = u16(position + 8);
        headerCrc = Integer.toUnsignedLong(u32(position + 14));
        headerCompressed = Integer.toUnsignedLong(u32(position + 18));
        headerSize = Integer.toUnsignedLong(u32(position + 22));
        int nameLength = u16(position + 26);
        data = position + LOCAL_HEADER_BYTES + nameLength + u16(position + 28);
        if (data > size) return null;
        if ((flags & ENCRYPTED) != 0) throw new ZipException("an encrypted entry");
        byte[] name = file.asSlice(position + LOCAL_HEADER_BYTES, nameLength).toArray(ValueLayout.JAVA_BYTE);
        return new String(name, StandardCharsets.UTF_8);
    }

    /** Whether the entry {@link #next()} named is stored and lies whole in the file: its bytes are the file's, as they are. */
    boolean storedWhole() {
        return method == STORED && (flags & HAS_DESCRIPTOR) == 0 && headerSize <= file.byteSize() - data;
    }

    /**
     * Reads on through {@code sameBytes}, another mapping of the same file: the one a replay keeps its events in, so
     * that each page of the file is touched through one mapping only. False, reading on as before, when its size differs.
     */
    boolean readOnThrough(MemorySegment sameBytes) {
        if (sameBytes.byteSize() != file.byteSize()) return false;
        file = sameBytes;
        return true;
    }

    /** Reads the entry {@link #next()} named into {@link #bytes()}, checks its sizes and CRC, and moves past it. */
    void read() throws ZipException, EOFException {
        switch (method) {
            case STORED -> readStored();
            case DEFLATED -> inflate();
            default -> throw new ZipException("an unknown compression method " + method);
        }
        crc.reset();
        crc.update(entry().asByteBuffer());
        if (crc.getValue() != headerCrc) throw new ZipException("its CRC does not match its bytes");
    }

    /** The entry read: a stored one's span of the file, a deflated one's bytes inflated (reused by the next entry). */
    MemorySegment entry() {
        return inFile >= 0 ? file.asSlice(inFile, length) : MemorySegment.ofArray(bytes).asSlice(0, length);
    }

    int length() {
        return length;
    }

    /** Where the entry read starts in the file, its {@link #length()} bytes there as they are (stored), or -1 (deflated). */
    long inFile() {
        return inFile;
    }

    /** Frees the inflater's native memory. */
    @Override
    public void close() {
        inflater.end();
    }

    private void readStored() throws ZipException, EOFException {
        if ((flags & HAS_DESCRIPTOR) != 0) throw new ZipException("a stored entry without its size");
        if (headerCompressed != headerSize) throw new ZipException("a stored entry of two sizes");
        if (headerSize > file.byteSize() - data) throw new EOFException("the file ends inside the entry");
        if (headerSize > MAX_ENTRY) throw new ZipException("an entry of " + headerSize + " bytes");
        inFile = data;
        length = (int) headerSize;
        position = data + headerSize;
    }

    private void inflate() throws ZipException, EOFException {
        inFile = -1;
        length = 0;
        inflater.reset();
        inflater.setInput(file.asSlice(data, Math.min(file.byteSize() - data, MAX_ENTRY)).asByteBuffer());
        try {
            while (!inflater.finished()) {
                if (length == bytes.length) grow();
                int n = inflater.inflate(bytes, length, bytes.length - length);
                length += n;
                if (n == 0 && inflater.needsInput()) throw new EOFException("the file ends inside the entry");
                if (n == 0 && inflater.needsDictionary()) throw new ZipException("a deflated entry that needs a dictionary");
            }
        } catch (DataFormatException e) {
            throw new ZipException("its deflated bytes are corrupt (" + e.getMessage() + ")");
        }
        long end = data + inflater.getBytesRead();
        if ((flags & HAS_DESCRIPTOR) != 0) {
            if (file.byteSize() - end >= 4 && u32(end) == DESCRIPTOR) end += 4;
            if (file.byteSize() - end < 12) throw new EOFException("the file ends inside the entry's descriptor");
            headerCrc = Integer.toUnsignedLong(u32(end));
            headerCompressed = Integer.toUnsignedLong(u32(end + 4));
            headerSize = Integer.toUnsignedLong(u32(end + 8));
            end += 12;
        }
        if (headerSize != length || headerCompressed != inflater.getBytesRead()) throw new ZipException("its sizes do not match its bytes");
        position = end;
    }

    private void grow() throws ZipException {
        if (length >= MAX_ENTRY) throw new ZipException("an entry of more than " + MAX_ENTRY + " bytes");
        bytes = Arrays.copyOf(bytes, (int) Math.min(MAX_ENTRY, Math.max(1 << 16, 2L * bytes.length)));
    }

    private int u32(long at) {
        return file.get(U32, at);
    }

    private int u16(long at) {
        return Short.toUnsignedInt(file.get(U16, at));
    }
}
