package io.tracebook.bpf.stack;

import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.record.Backends;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongFunction;

/**
 * Kernel addresses to function names, from /proc/kallsyms (read once; modules' symbols included). A recording
 * keeps the names it gave; a replay gives them back without reading anything.
 */
public final class KernelSymbols {
    private static final Path KALLSYMS = Path.of("/proc/kallsyms");
    private static KernelSymbols loaded;

    private final LongFunction<String> names;
    private final String source;

    private KernelSymbols(LongFunction<String> names, String source) {
        this.names = names;
        this.source = source;
    }

    /** The running kernel's symbols, read on first use. Needs root: others see every address as 0. */
    public static KernelSymbols load() {
        KernelSymbols[] read = new KernelSymbols[1];   // stays empty in a replay, which reads no kallsyms
        LongFunction<String> names = Backends.current().symbols("kernel", () -> (read[0] = kallsyms()).names);
        return new KernelSymbols(names, read[0] == null ? "names from a recording" : read[0].source);
    }

    private static synchronized KernelSymbols kallsyms() {
        if (loaded == null) loaded = read(KALLSYMS);
        return loaded;
    }

    static KernelSymbols read(Path kallsyms) {
        SymbolTable.Builder symbols = new SymbolTable.Builder();
        try (BufferedReader in = Files.newBufferedReader(kallsyms)) {
            String line;
            while ((line = in.readLine()) != null) {
                // "ffffffff81000000 T _stext" or "ffffffffc0a01000 t helper\t[module]"
                int space = line.indexOf(' ');
                if (space != 16 || line.length() < 20) continue;
                char kind = Character.toLowerCase(line.charAt(17));
                if (kind != 't' && kind != 'w') continue;   // text (code) only
                long address = Long.parseUnsignedLong(line, 0, 16, 16);
                if (address == 0) continue;
                int tab = line.indexOf('\t', 19);
                symbols.add(address, 0, tab < 0 ? line.substring(19) : line.substring(19, tab));
            }
        } catch (IOException e) {
            throw new BpfException("could not read " + kallsyms + " to name kernel stack frames: " + e.getMessage(), e);
        }
        SymbolTable table = symbols.build();
        if (table.size() == 0) {
            throw new BpfException(kallsyms + " shows no addresses (kernel.kptr_restrict, or not root): kernel frames cannot be named; run as root");
        }
        return new KernelSymbols(address -> {
            String name = table.find(address);
            return name != null ? name : "0x" + Long.toHexString(address);
        }, table.size() + " functions from " + kallsyms);
    }

    /** The function containing {@code address}, or its hex form when none does. */
    public String name(long address) {
        return names.apply(address);
    }

    /** "KernelSymbols: 182345 functions from /proc/kallsyms". */
    @Override
    public String toString() {
        return "KernelSymbols: " + source;
    }
}
