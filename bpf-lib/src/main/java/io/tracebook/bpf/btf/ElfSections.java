package io.tracebook.bpf.btf;

import io.tracebook.bpf.error.BpfException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The sections of a 64-bit little-endian ELF file (a BPF object) by name, as byte buffers. */
final class ElfSections {
    private static final int ELF_MAGIC = 0x464c457f;
    private static final int HEADER_BYTES = 64;

    private final Map<String, ByteBuffer> sections;

    private ElfSections(Map<String, ByteBuffer> sections) {
        this.sections = sections;
    }

    static ElfSections read(Path file) {
        ByteBuffer elf;
        try {
            elf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new BpfException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (elf.limit() < HEADER_BYTES || elf.getInt(0) != ELF_MAGIC || elf.get(4) != 2 || elf.get(5) != 1) {
            throw new BpfException(file + " is not a 64-bit little-endian ELF file");
        }
        long shoff = elf.getLong(0x28);
        int shentsize = Short.toUnsignedInt(elf.getShort(0x3a));
        int shnum = Short.toUnsignedInt(elf.getShort(0x3c));
        int names = (int) (shoff + (long) Short.toUnsignedInt(elf.getShort(0x3e)) * shentsize);
        long namesOffset = elf.getLong(names + 0x18);
        Map<String, ByteBuffer> sections = new HashMap<>();
        for (int i = 0; i < shnum; i++) {
            int sh = (int) (shoff + (long) i * shentsize);
            String name = string(elf, (int) (namesOffset + Integer.toUnsignedLong(elf.getInt(sh))));
            long offset = elf.getLong(sh + 0x18);
            long size = elf.getLong(sh + 0x20);
            if (offset + size <= elf.limit()) {
                sections.put(name, elf.slice((int) offset, (int) size).order(ByteOrder.LITTLE_ENDIAN));
            }
        }
        return new ElfSections(sections);
    }

    /** The section's bytes (a buffer of its own, positioned at 0), if the file has it. */
    Optional<ByteBuffer> get(String name) {
        return Optional.ofNullable(sections.get(name)).map(b -> b.duplicate().order(ByteOrder.LITTLE_ENDIAN));
    }

    private static String string(ByteBuffer elf, int at) {
        int end = at;
        while (elf.get(end) != 0) end++;
        byte[] bytes = new byte[end - at];
        elf.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
