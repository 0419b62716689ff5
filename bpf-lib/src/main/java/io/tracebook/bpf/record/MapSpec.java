package io.tracebook.bpf.record;

/**
 * A map of a loaded object as the kernel made it: the {@code type} is the kernel's number for it
 * ({@code BPF_MAP_TYPE_*}), {@code btfKeyType}/{@code btfValueType} the BTF ids of its key and value (0 when none).
 */
public record MapSpec(String name, int type, int keySize, int valueSize, int maxEntries, int btfKeyType, int btfValueType) {
}
