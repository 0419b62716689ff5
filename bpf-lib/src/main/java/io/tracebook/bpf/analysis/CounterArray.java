package io.tracebook.bpf.analysis;

import tech.tablesaw.api.Table;

/**
 * Counters a BPF program keeps in an array map, one slot per histogram bucket, as {@code HIST_LOG2(name)}
 * in tracebook.h declares them. A {@code BpfMap} is one: {@link Hist#fromLog2Map} reads it through this
 * view, so analysis needs nothing of the kernel side.
 */
public interface CounterArray {
    /** The map's name, for messages and the table's name. */
    String name();

    /** Its number of slots. */
    int maxEntries();

    /** Bytes of one slot's value (8 for a u64 counter). */
    int valueSize();

    /** Its entries: a key column (the slot), a value column, and for a per-CPU map a {@code cpu} column. */
    Table toTable();
}
