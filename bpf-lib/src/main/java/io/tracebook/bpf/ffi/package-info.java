/**
 * The only package that touches native memory through libbpf and libc: hand-written FFM bindings in jextract's
 * style ({@code Libbpf}, {@code LibC}), the C struct layouts they take ({@code CStructs}, checked against the
 * installed headers by HeaderCheckTest), errno names and capture ({@code Errno}), and the walk over an object's
 * programs and maps ({@code LibbpfObjects}). A new libbpf function goes here, with its header in the binding.
 * Internal.
 */
package io.tracebook.bpf.ffi;
