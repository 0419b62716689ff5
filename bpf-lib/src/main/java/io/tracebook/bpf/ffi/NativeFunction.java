package io.tracebook.bpf.ffi;

import java.lang.foreign.FunctionDescriptor;

/**
 * One C function bound through FFM: its library, its C name and the descriptor we believe it has.
 * {@code HeaderCheckTest} compares every one of these against the installed C headers, so a wrong
 * signature fails the build instead of crashing the JVM.
 *
 * @param firstVariadicArg index of the first variadic argument, or -1 for a fixed-arity function
 */
public record NativeFunction(String library, String header, String name, FunctionDescriptor descriptor, int firstVariadicArg) {
}
