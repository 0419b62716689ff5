package io.tracebook.bpf.ffi;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/** Looks up symbols of one shared library and records every function it binds. */
final class Binder {
    static final Linker LINKER = Linker.nativeLinker();

    private final String library;
    private final SymbolLookup lookup;
    private final List<NativeFunction> bound = new ArrayList<>();

    Binder(String library, SymbolLookup lookup) {
        this.library = library;
        this.lookup = lookup;
    }

    /** A fixed-arity function declared in {@code header}. */
    MethodHandle bind(String header, String name, FunctionDescriptor descriptor) {
        return bind(header, name, descriptor, -1, false);
    }

    /** A function whose errno we need after the call (it reports failure through errno, not its result). */
    MethodHandle bindWithErrno(String header, String name, FunctionDescriptor descriptor) {
        return bind(header, name, descriptor, -1, true);
    }

    /** A variadic function: arguments from {@code firstVariadicArg} on are variadic. */
    MethodHandle bindVariadic(String header, String name, FunctionDescriptor descriptor, int firstVariadicArg) {
        return bind(header, name, descriptor, firstVariadicArg, true);
    }

    private MethodHandle bind(String header, String name, FunctionDescriptor descriptor, int firstVariadic, boolean errno) {
        bound.add(new NativeFunction(library, header, name, descriptor, firstVariadic));
        var address = lookup.find(name).orElseThrow(() -> new UnsatisfiedLinkError(
                library + " has no symbol " + name + " (is the installed version too old?)"));
        List<Linker.Option> options = new ArrayList<>();
        if (firstVariadic >= 0) options.add(Linker.Option.firstVariadicArg(firstVariadic));
        if (errno) options.add(Errno.CAPTURE);
        return LINKER.downcallHandle(address, descriptor, options.toArray(Linker.Option[]::new));
    }

    List<NativeFunction> functions() {
        return List.copyOf(bound);
    }
}
