package io.tracebook.bpf.dsl;

/**
 * A condition a probe's run must meet, bpftrace's {@code /pid == 1234 && comm == "bash"/}: comparisons of a value
 * with a literal ({@code pid().eq(1234)}), combined with {@link #and}, {@link #or} and {@link Trace#not}.
 * A literal is not written into the C: it becomes a {@code const volatile} global set before load, so the same
 * one-liner with another pid or name re-uses the compiled object instead of running clang again.
 */
public final class Filter {
    enum Op {
        EQ("==", "eq"), NE("!=", "ne"), LT("<", "lt"), LE("<=", "le"), GT(">", "gt"), GE(">=", "ge"), STARTS_WITH(null, "startsWith");

        final String c;
        final String method;

        Op(String c, String method) {
            this.c = c;
            this.method = method;
        }
    }

    sealed interface Condition {
    }

    /** {@code literal} is a Long or a String. */
    record Compare(Expr subject, Op op, Object literal) implements Condition {
    }

    record And(Filter left, Filter right) implements Condition {
    }

    record Or(Filter left, Filter right) implements Condition {
    }

    record Not(Filter filter) implements Condition {
    }

    private final Condition condition;
    private final String call;

    private Filter(Condition condition, String call) {
        this.condition = condition;
        this.call = call;
    }

    static Filter compare(Expr subject, Op op, Object literal) {
        String shown = literal instanceof String s ? "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : String.valueOf(literal);
        return new Filter(new Compare(subject, op, literal), subject.call() + "." + op.method + "(" + shown + ")");
    }

    static Filter not(Filter filter) {
        return new Filter(new Not(filter), "not(" + filter.call + ")");
    }

    /** Both must hold. */
    public Filter and(Filter other) {
        return new Filter(new And(this, other), call + ".and(" + other.call + ")");
    }

    /** Either may hold. */
    public Filter or(Filter other) {
        return new Filter(new Or(this, other), call + ".or(" + other.call + ")");
    }

    Condition condition() {
        return condition;
    }

    /** The filter as written, e.g. {@code pid().eq(1234).and(comm().eq("bash"))}. */
    @Override
    public String toString() {
        return call;
    }
}
