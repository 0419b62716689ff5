package io.tracebook.bpf.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.KernelAccess;
import java.lang.foreign.Linker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Naming addresses: libc in this very JVM (a shared object loaded at a random base), and the kernel. */
class SymbolsTest {
    @Test
    void libcFunctionsInThisProcessAreNamed() {
        UserSymbols symbols = UserSymbols.of(ProcessHandle.current().pid());
        for (String function : List.of("getpid", "qsort", "fopen")) {
            long address = Linker.nativeLinker().defaultLookup().find(function).orElseThrow().address();
            String name = symbols.name(address);
            assertTrue(name.contains(function), function + " at 0x" + Long.toHexString(address) + " was named " + name);
            assertEquals(name, symbols.name(address + 1), "an address inside the function");
        }
    }

    @Test
    void addressesOutsideAnyFileAreHex() {
        assertEquals("0x10", UserSymbols.of(ProcessHandle.current().pid()).name(0x10));
    }

    @Test
    void sizedSymbolsEndAndUnsizedOnesReachTheNext() {
        SymbolTable.Builder b = new SymbolTable.Builder();
        b.add(0x2000, 0, "unsized");
        b.add(0x1000, 0x10, "sized");
        b.add(0x1000, 0, "alias");
        b.add(0xffffffff81000000L, 0, "kernel");
        SymbolTable t = b.build();
        assertEquals(null, t.find(0xfff));
        assertEquals("sized", t.find(0x1000));
        assertEquals("sized", t.find(0x100f));
        assertEquals(null, t.find(0x1010));
        assertEquals("unsized", t.find(0x2fff));
        assertEquals("kernel", t.find(0xffffffff81000001L), "kernel addresses compare unsigned");
        assertEquals("unsized", t.find(0xffffffff80000000L));
    }

    @Test
    void kernelFunctionsAreNamedFromKallsyms() throws Exception {
        KernelAccess.require();
        String line = Files.lines(Path.of("/proc/kallsyms")).filter(l -> l.endsWith(" T __x64_sys_getppid")).findFirst().orElseThrow();
        String address = line.substring(0, 16);
        // aliases share an address (__do_sys_getppid, __x64_sys_getppid): any of them is right
        List<String> names = Files.lines(Path.of("/proc/kallsyms")).filter(l -> l.startsWith(address)).map(l -> l.substring(19)).toList();
        KernelSymbols symbols = KernelSymbols.load();
        String name = symbols.name(Long.parseUnsignedLong(address, 16));
        assertTrue(names.contains(name), name + " is not one of " + names);
        assertEquals(name, symbols.name(Long.parseUnsignedLong(address, 16) + 5));
        assertEquals("0x10", symbols.name(0x10));
    }
}
