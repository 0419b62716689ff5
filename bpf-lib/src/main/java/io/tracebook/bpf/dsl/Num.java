package io.tracebook.bpf.dsl;

import io.tracebook.bpf.dsl.Node.Arithmetic;
import io.tracebook.bpf.dsl.Node.Literal;
import io.tracebook.bpf.dsl.Node.Operator;
import io.tracebook.bpf.error.OneLinerException;

/**
 * A number: {@code pid()}, {@code nsecs()}, {@code retval()}, an integer field, or arithmetic on them.
 * Compared with literals into {@link Filter}s; the literal is not compiled in (see {@link Filter}).
 */
public sealed class Num extends Expr permits Arg {
    Num(Node node, String call, String name) {
        super(node, call, name);
    }

    /** The same value under another column name. */
    public Num as(String name) {
        return new Num(node(), call() + ".as(\"" + name + "\")", columnName(call(), name));
    }

    public Filter eq(long value) {
        return Filter.compare(this, Filter.Op.EQ, value);
    }

    public Filter ne(long value) {
        return Filter.compare(this, Filter.Op.NE, value);
    }

    public Filter lt(long value) {
        return Filter.compare(this, Filter.Op.LT, value);
    }

    public Filter le(long value) {
        return Filter.compare(this, Filter.Op.LE, value);
    }

    public Filter gt(long value) {
        return Filter.compare(this, Filter.Op.GT, value);
    }

    public Filter ge(long value) {
        return Filter.compare(this, Filter.Op.GE, value);
    }

    public Num plus(long value) {
        return arithmetic(Operator.PLUS, value);
    }

    public Num plus(Num other) {
        return arithmetic(Operator.PLUS, other);
    }

    public Num minus(long value) {
        return arithmetic(Operator.MINUS, value);
    }

    public Num minus(Num other) {
        return arithmetic(Operator.MINUS, other);
    }

    public Num times(long value) {
        return arithmetic(Operator.TIMES, value);
    }

    public Num times(Num other) {
        return arithmetic(Operator.TIMES, other);
    }

    /** Unsigned division, as BPF divides: {@code elapsed().div(1000)} for microseconds. */
    public Num div(long value) {
        if (value <= 0) throw new OneLinerException(call() + ".div(" + value + ")",
                "a division by " + value + " can never be right here: BPF divides unsigned, so divide by a positive number");
        return arithmetic(Operator.DIVIDE, value);
    }

    public Num div(Num other) {
        return arithmetic(Operator.DIVIDE, other);
    }

    private Num arithmetic(Operator operator, long value) {
        return new Num(new Arithmetic(node(), operator, new Literal(value)), call() + "." + method(operator) + "(" + value + ")", name());
    }

    private Num arithmetic(Operator operator, Num other) {
        return new Num(new Arithmetic(node(), operator, other.node()), call() + "." + method(operator) + "(" + other.call() + ")", name());
    }

    private static String method(Operator operator) {
        return switch (operator) {
            case PLUS -> "plus";
            case MINUS -> "minus";
            case TIMES -> "times";
            case DIVIDE -> "div";
        };
    }
}
