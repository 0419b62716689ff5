package io.tracebook.bpf.ffi;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Compares FFM layouts by what they carry and names them the way our bindings spell them. */
final class Layouts {
    private Layouts() {
    }

    /** Same carrier and size: names, alignment and byte order do not matter to a C signature check. */
    static boolean sameKind(MemoryLayout a, MemoryLayout b) {
        return a instanceof ValueLayout va && b instanceof ValueLayout vb
                && va.carrier() == vb.carrier() && va.byteSize() == vb.byteSize();
    }

    static boolean sameKind(Optional<MemoryLayout> a, Optional<MemoryLayout> b) {
        return a.isPresent() == b.isPresent() && (a.isEmpty() || sameKind(a.get(), b.get()));
    }

    /** "ADDRESS", "JAVA_INT", ...; "void" for no layout. */
    static String name(Optional<MemoryLayout> layout) {
        return layout.map(Layouts::name).orElse("void");
    }

    static String name(MemoryLayout layout) {
        if (layout instanceof AddressLayout) return "ADDRESS";
        if (layout instanceof ValueLayout v) return "JAVA_" + v.carrier().getSimpleName().toUpperCase(Locale.ROOT);
        return layout.toString();
    }

    /** e.g. "(JAVA_INT, ADDRESS) -> ADDRESS", with the first variadic argument when there is one. */
    static String describe(FunctionDescriptor descriptor, int firstVariadicArg) {
        String arguments = descriptor.argumentLayouts().stream().map(Layouts::name).collect(Collectors.joining(", ", "(", ")"));
        String variadic = firstVariadicArg >= 0 ? " variadic from argument " + firstVariadicArg : "";
        return arguments + " -> " + name(descriptor.returnLayout()) + variadic;
    }
}
