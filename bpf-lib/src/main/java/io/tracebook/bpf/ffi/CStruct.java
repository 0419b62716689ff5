package io.tracebook.bpf.ffi;

import java.lang.foreign.StructLayout;

/**
 * A C struct we lay out by hand. The layout may describe a prefix of the struct (libbpf's opts
 * structs carry their own size in {@code sz}); {@code HeaderCheckTest} checks every named field's
 * offset and size against the header.
 */
public record CStruct(String header, String cName, StructLayout layout) {
}
