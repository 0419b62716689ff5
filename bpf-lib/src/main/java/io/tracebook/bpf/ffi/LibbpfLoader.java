package io.tracebook.bpf.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;

/** Finds libbpf.so.1 on this machine and says what to install when it is missing. */
final class LibbpfLoader {
    private LibbpfLoader() {
    }

    static SymbolLookup lookup() {
        try {
            return SymbolLookup.libraryLookup("libbpf.so.1", Arena.global());
        } catch (IllegalArgumentException e) {
            throw new UnsatisfiedLinkError("libbpf.so.1 not found: install it with 'apt-get install libbpf1' "
                    + "(or run ./tracebook setup)");
        }
    }
}
