package io.tracebook.bpf.record;

/** A program of a loaded object: its name, its SEC() name, and whether it was loaded (not switched off before load). */
public record ProgramSpec(String name, String section, boolean loaded) {
}
