package io.tracebook.bpf.ffi;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Declares the functions of one shared library that Tracebook calls, and binds each on request. Binding is what
 * costs: FFM spins classes for every downcall handle (and the JIT compiles the code that spins them). A fresh JVM
 * binding all of libbpf's and libc's 57 used 0.94-1.02 s of CPU, binding the 23 a first load calls 0.67-0.69 s,
 * doing nothing 0.30-0.37 s (BENCHMARKS.md, "First ever"); so each is bound on its first call.
 */
final class Binder {
    static final Linker LINKER = Linker.nativeLinker();

    private final String library;
    private final SymbolLookup lookup;
    private final List<NativeFunction> declared = new ArrayList<>();
    private final Set<NativeFunction> capturingErrno = ConcurrentHashMap.newKeySet();

    Binder(String library, SymbolLookup lookup) {
        this.library = library;
        this.lookup = lookup;
    }

    /** A fixed-arity function declared in {@code header}. */
    NativeFunction declare(String header, String name, FunctionDescriptor descriptor) {
        return declare(header, name, descriptor, -1, false);
    }

    /** A function whose errno we need after the call (it reports failure through errno, not its result). */
    NativeFunction declareWithErrno(String header, String name, FunctionDescriptor descriptor) {
        return declare(header, name, descriptor, -1, true);
    }

    /** A variadic function: arguments from {@code firstVariadicArg} on are variadic. */
    NativeFunction declareVariadic(String header, String name, FunctionDescriptor descriptor, int firstVariadicArg) {
        return declare(header, name, descriptor, firstVariadicArg, true);
    }

    private NativeFunction declare(String header, String name, FunctionDescriptor descriptor, int firstVariadic, boolean errno) {
        NativeFunction function = new NativeFunction(library, header, name, descriptor, firstVariadic);
        declared.add(function);
        if (errno) capturingErrno.add(function);
        return function;
    }

    /** The downcall handle of a function declared here. */
    MethodHandle bind(NativeFunction function) {
        var address = lookup.find(function.name()).orElseThrow(() -> new UnsatisfiedLinkError(
                library + " has no symbol " + function.name() + " (is the installed version too old?)"));
        List<Linker.Option> options = new ArrayList<>();
        if (function.firstVariadicArg() >= 0) options.add(Linker.Option.firstVariadicArg(function.firstVariadicArg()));
        if (capturingErrno.contains(function)) options.add(Errno.CAPTURE);
        return LINKER.downcallHandle(address, function.descriptor(), options.toArray(Linker.Option[]::new));
    }

    /** Binds ahead the functions whose handles the given holder classes (of {@code lookup}'s class) hold. */
    static void ensureBound(MethodHandles.Lookup lookup, Class<?>... holders) {
        for (Class<?> holder : holders) {
            try {
                lookup.ensureInitialized(holder);
            } catch (IllegalAccessException e) {
                throw new AssertionError("a holder of " + lookup.lookupClass() + " is not its own", e);
            }
        }
    }

    List<NativeFunction> functions() {
        return List.copyOf(declared);
    }
}
