package io.tracebook.bpf.stack;

import io.tracebook.bpf.error.BpfException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Function symbols of a 64-bit little-endian ELF file (.symtab, or .dynsym when stripped) and its
 * PT_LOAD segments, which turn a file offset (what /proc/PID/maps gives) into the symbols' virtual
 * address. Only the parts needed for that are read.
 */
final class ElfSymbols {
    private static final int SHT_SYMTAB = 2;
    private static final int SHT_DYNSYM = 11;
    private static final int PT_LOAD = 1;
    private static final int STT_FUNC = 2;
    /** glibc's memcpy, strlen, ...: functions chosen at load time, still code at their address. */
    private static final int STT_GNU_IFUNC = 10;
    private static final int SYM_SIZE = 24;

    private record Segment(long offset, long vaddr, long fileSize) {
    }

    private final SymbolTable symbols;
    private final List<Segment> segments;

    private ElfSymbols(SymbolTable symbols, List<Segment> segments) {
        this.symbols = symbols;
        this.segments = segments;
    }

    static ElfSymbols read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer elf = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(ByteOrder.LITTLE_ENDIAN);
            if (elf.limit() < 64 || elf.getInt(0) != 0x464c457f || elf.get(4) != 2 || elf.get(5) != 1) {
                throw new BpfException(file + " is not a 64-bit little-endian ELF file, so its stack frames cannot be named");
            }
            return new ElfSymbols(functions(elf), loadSegments(elf));
        } catch (IOException e) {
            throw new BpfException("could not read " + file + " to name its stack frames: " + e.getMessage(), e);
        }
    }

    /** The function at {@code fileOffset} of the file as mapped, or null. */
    String nameAtFileOffset(long fileOffset) {
        for (Segment s : segments) {
            if (fileOffset >= s.offset && fileOffset < s.offset + s.fileSize) return symbols.find(fileOffset - s.offset + s.vaddr);
        }
        return null;
    }

    private static List<Segment> loadSegments(ByteBuffer elf) {
        long phoff = elf.getLong(0x20);
        int phentsize = Short.toUnsignedInt(elf.getShort(0x36));
        int phnum = Short.toUnsignedInt(elf.getShort(0x38));
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            int ph = (int) (phoff + (long) i * phentsize);
            if (elf.getInt(ph) != PT_LOAD) continue;
            segments.add(new Segment(elf.getLong(ph + 8), elf.getLong(ph + 16), elf.getLong(ph + 32)));
        }
        return segments;
    }

    private static SymbolTable functions(ByteBuffer elf) {
        long shoff = elf.getLong(0x28);
        int shentsize = Short.toUnsignedInt(elf.getShort(0x3a));
        int shnum = Short.toUnsignedInt(elf.getShort(0x3c));
        int symtab = -1;
        for (int i = 0; i < shnum; i++) {
            int type = elf.getInt((int) (shoff + (long) i * shentsize) + 4);
            if (type == SHT_SYMTAB || type == SHT_DYNSYM && symtab < 0) symtab = i;
        }
        SymbolTable.Builder table = new SymbolTable.Builder();
        if (symtab < 0) return table.build();
        int sh = (int) (shoff + (long) symtab * shentsize);
        long offset = elf.getLong(sh + 0x18);
        long size = elf.getLong(sh + 0x20);
        int strtab = (int) (shoff + (long) elf.getInt(sh + 0x28) * shentsize);
        long strings = elf.getLong(strtab + 0x18);
        for (long at = offset; at + SYM_SIZE <= offset + size; at += SYM_SIZE) {
            int sym = (int) at;
            int info = elf.get(sym + 4);
            long value = elf.getLong(sym + 8);
            int type = info & 0xf;
            if (type != STT_FUNC && type != STT_GNU_IFUNC || value == 0) continue;
            table.add(value, elf.getLong(sym + 16), string(elf, (int) (strings + Integer.toUnsignedLong(elf.getInt(sym)))));
        }
        return table.build();
    }

    private static String string(ByteBuffer elf, int at) {
        int end = at;
        while (elf.get(end) != 0) end++;
        byte[] bytes = new byte[end - at];
        elf.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
