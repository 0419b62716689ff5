package io.tracebook.bpf.record;

/** A program of a loaded object: its name and its SEC() name. */
public record ProgramSpec(String name, String section) {
}
