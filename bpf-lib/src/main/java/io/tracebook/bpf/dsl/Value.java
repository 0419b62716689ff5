package io.tracebook.bpf.dsl;

/**
 * An expression resolved at one probe: what it is, and the C that yields it there. For text, {@code c} names a
 * char array (a local, or a field of the record); for everything else it is an expression.
 */
record Value(ValueType type, String c) {
    boolean isNumber() {
        return type instanceof ValueType.Integer;
    }
}
