package io.tracebook.bpf.btf;

import io.tracebook.bpf.btf.BtfType.Linkage;


/**
 * A variable placed in a data section: {@code section} is the DATASEC's name (".rodata", ".bss",
 * ".data", ".maps", "license", ...), {@code offset} its byte offset inside that section,
 * {@code type} the id of the variable's type (not of its VAR).
 * Offsets are only meaningful in BTF that libbpf has finalized (after {@code bpf_object__open_*}).
 */
public record GlobalVar(String name, String section, long offset, long size, int type, Linkage linkage) {
}
