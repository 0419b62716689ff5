package io.tracebook.bpf.dsl;

import io.tracebook.bpf.dsl.Node.Arithmetic;
import io.tracebook.bpf.dsl.Node.BuiltinValue;
import io.tracebook.bpf.dsl.Node.Cast;
import io.tracebook.bpf.dsl.Node.IndexedArg;
import io.tracebook.bpf.dsl.Node.Literal;
import io.tracebook.bpf.dsl.Node.Member;
import io.tracebook.bpf.dsl.Node.NamedArg;
import io.tracebook.bpf.dsl.Node.ReadString;

/** Expressions written out: as the DSL spells them (for messages), and as bpftrace would (for the one-line summary). */
final class NodeText {
    private NodeText() {
    }

    static String dsl(Node node) {
        return switch (node) {
            case BuiltinValue b -> b.builtin().name().toLowerCase() + "()";
            case NamedArg a -> "arg(\"" + a.name() + "\")";
            case IndexedArg a -> "arg(" + a.index() + ")";
            case Member m -> dsl(m.of()) + ".field(\"" + m.path() + "\")";
            case Cast c -> dsl(c.of()) + ".cast(\"" + c.struct() + "\")";
            case ReadString r -> "str(" + dsl(r.of()) + (r.length() == Trace.STRING_LENGTH ? "" : ", " + r.length()) + ")";
            case Arithmetic a -> dsl(a.left()) + "." + a.operator().name().toLowerCase().replace("divide", "div") + "(" + dsl(a.right()) + ")";
            case Literal l -> String.valueOf(l.value());
        };
    }

    static String bpftrace(Node node) {
        return switch (node) {
            case BuiltinValue b -> switch (b.builtin()) {
                case ELAPSED -> "(nsecs - @start[tid])";
                default -> b.builtin().name().toLowerCase();
            };
            case NamedArg a -> "args." + a.name();
            case IndexedArg a -> "arg" + a.index();
            case Member m -> bpftrace(m.of()) + "->" + m.path();
            case Cast c -> "((" + (c.struct().contains(" ") ? c.struct() : "struct " + c.struct()) + " *)" + bpftrace(c.of()) + ")";
            case ReadString r -> "str(" + bpftrace(r.of()) + (r.length() == Trace.STRING_LENGTH ? "" : ", " + r.length()) + ")";
            case Arithmetic a -> "(" + bpftrace(a.left()) + " " + a.operator().c + " " + bpftrace(a.right()) + ")";
            case Literal l -> String.valueOf(l.value());
        };
    }
}
