package io.tracebook.bpf.stack;

import io.tracebook.bpf.error.BpfException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * User-space addresses of one running process to function names: /proc/PID/maps says which file is mapped
 * where, the file's ELF symbols say what is at that offset. The maps are read when this is made,
 * so make it while the process runs; the files are read when first needed.
 */
final class ProcessMaps {
    private record Mapping(long start, long end, long offset, String path) {
    }

    private final long pid;
    private final List<Mapping> mappings;
    private final Map<String, ElfSymbols> files = new HashMap<>();

    private ProcessMaps(long pid, List<Mapping> mappings) {
        this.pid = pid;
        this.mappings = mappings;
    }

    /** Reads the process's memory map now. */
    static ProcessMaps of(long pid) {
        List<Mapping> mappings = new ArrayList<>();
        Path maps = Path.of("/proc", Long.toString(pid), "maps");
        try {
            for (String line : Files.readAllLines(maps)) {
                // start-end perms offset dev inode path
                String[] f = line.split("\\s+", 6);
                if (f.length < 6 || !f[5].startsWith("/") || f[1].charAt(2) != 'x') continue;
                int dash = f[0].indexOf('-');
                mappings.add(new Mapping(Long.parseUnsignedLong(f[0], 0, dash, 16), Long.parseUnsignedLong(f[0], dash + 1, f[0].length(), 16),
                        Long.parseUnsignedLong(f[2], 16), f[5].strip()));
            }
        } catch (IOException e) {
            throw new BpfException("could not read " + maps + " (process " + pid + " exited?): its stack frames cannot be named;"
                    + " read the symbols while the process runs", e);
        }
        return new ProcessMaps(pid, mappings);
    }

    /** The function containing {@code address}, else {@code [file]}, else the address in hex. */
    String name(long address) {
        for (Mapping m : mappings) {
            if (Long.compareUnsigned(address, m.start) < 0 || Long.compareUnsigned(address, m.end) >= 0) continue;
            String name = elf(m.path).map(e -> e.nameAtFileOffset(address - m.start + m.offset)).orElse(null);
            return name != null ? name : "[" + Path.of(m.path).getFileName() + "]";
        }
        return "0x" + Long.toHexString(address);
    }

    private Optional<ElfSymbols> elf(String path) {
        if (!files.containsKey(path)) {
            // through /proc/PID/root, so a process in another mount namespace (a container) works too
            Path file = Path.of("/proc", Long.toString(pid), "root", path.substring(1));
            ElfSymbols symbols;
            try {
                symbols = ElfSymbols.read(Files.exists(file) ? file : Path.of(path));
            } catch (BpfException e) {
                symbols = null;   // deleted or unreadable file: frames fall back to the file's name
            }
            files.put(path, symbols);
        }
        return Optional.ofNullable(files.get(path));
    }

    /** "12 executable mappings (java, libc.so.6, ...)". */
    @Override
    public String toString() {
        List<String> files = mappings.stream().map(m -> Path.of(m.path()).getFileName().toString()).distinct().toList();
        return mappings.size() + " executable mappings (" + String.join(", ", files.subList(0, Math.min(3, files.size())))
                + (files.size() > 3 ? ", ..." : "") + ")";
    }
}
