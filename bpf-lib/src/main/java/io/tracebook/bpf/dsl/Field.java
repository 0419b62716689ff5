package io.tracebook.bpf.dsl;

/**
 * A field of the one-liner's key struct or event struct, in order.
 *
 * @param name its C name and column
 * @param type what it holds
 * @param role what the reader makes of it
 */
record Field(String name, ValueType type, Role role) {
    enum Role {
        /** A value the user asked for: a key or an event column. */
        VALUE,
        /** A histogram's bucket index. */
        BUCKET,
        /** The interval a count falls in, for {@code per(..)}. */
        INTERVAL,
        /** The process a user stack belongs to, added so its frames can be named. */
        STACK_PID
    }

    /** Its declaration in a C struct. */
    String declaration() {
        return switch (type) {
            case ValueType.Integer i -> i.cType() + " " + name + ";";
            case ValueType.Text t -> "char " + name + "[" + t.length() + "];";
            case ValueType.StackId s -> "s32 " + name + ";";
            case ValueType.ProbeName p -> "u32 " + name + ";";
            default -> "u64 " + name + ";";
        };
    }

    /** Bytes it takes (for the BPF stack a key is built on). */
    int size() {
        return switch (type) {
            case ValueType.Integer i -> i.size();
            case ValueType.Text t -> t.length();
            case ValueType.StackId s -> 4;
            case ValueType.ProbeName p -> 4;
            default -> 8;
        };
    }
}
