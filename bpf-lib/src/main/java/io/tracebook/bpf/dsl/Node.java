package io.tracebook.bpf.dsl;

/** What an expression computes, before it meets a probe: {@link ProgramScope} turns it into C there. */
sealed interface Node {
    /** bpftrace's builtins. */
    enum Builtin { PID, TID, UID, CPU, NSECS, COMM, KSTACK, USTACK, PROBE, RETVAL, ELAPSED }

    record BuiltinValue(Builtin builtin) implements Node {
    }

    /** A tracepoint field, or a named argument of a BTF-typed probe (tp_btf, raw tracepoint, fentry). */
    record NamedArg(String name) implements Node {
    }

    /** bpftrace's {@code arg0}, {@code arg1}, ...: registers of a uprobe or kprobe, a raw tracepoint's arguments, a USDT argument. */
    record IndexedArg(int index) implements Node {
    }

    /** {@code of->a.b->c}: members of the struct {@code of} points to, dotted; pointers are followed as the walk needs. */
    record Member(Node of, String path) implements Node {
    }

    /** {@code (struct name *) of}: a number taken as a pointer to a kernel struct, so that its members can be walked. */
    record Cast(Node of, String struct) implements Node {
    }

    /** bpftrace's {@code str(of, length)}: the text a pointer points to (or a char array), at most {@code length - 1} characters. */
    record ReadString(Node of, int length) implements Node {
    }

    enum Operator {
        PLUS("+"), MINUS("-"), TIMES("*"), DIVIDE("/");

        final String c;

        Operator(String c) {
            this.c = c;
        }
    }

    record Arithmetic(Node left, Operator operator, Node right) implements Node {
    }

    record Literal(long value) implements Node {
    }
}
