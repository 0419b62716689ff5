package io.tracebook.bpf.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** llvm-objdump on a compiled object, to look at what clang really produced. */
final class ObjectDump {
    private ObjectDump() {
    }

    static String run(Path object, String... options) {
        List<String> command = new ArrayList<>(List.of("llvm-objdump"));
        command.addAll(List.of(options));
        command.add(object.toString());
        ProcessRunner.Result result = ProcessRunner.run(command, null, BpfCompiler.TIME_LIMIT);
        assertEquals(0, result.exitCode(), () -> "llvm-objdump failed:\n" + result.output());
        return result.output();
    }

    /** The symbol table lines, e.g. {@code 0000000000000000 g     O .bss	0000000000000008 tracebook_ringbuf_drops}. */
    static List<String> symbols(Path object) {
        return run(object, "--syms").lines().toList();
    }

    /** The symbol's line in the table, or null when the object has no such symbol. */
    static String symbol(Path object, String name) {
        return symbols(object).stream().filter(l -> l.endsWith(" " + name)).findFirst().orElse(null);
    }

    /** Disassembly of one program section, with relocations shown inline. */
    static String disassemble(Path object, String section) {
        return run(object, "-d", "-r", "--section=" + section);
    }
}
