/**
 * A pure-Java reader of BTF, the kernel's and an object's type information: types, their names and layouts,
 * and the global variables of each data section. Decoding and the lifecycle read field names, offsets and
 * types from here. Internal.
 */
package io.tracebook.bpf.btf;
