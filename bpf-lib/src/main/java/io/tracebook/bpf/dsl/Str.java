package io.tracebook.bpf.dsl;

/** Text: {@code comm()}, {@code str(..)} of a pointer or a char array. Keys, event columns and filters; never a histogram. */
public final class Str extends Expr {
    Str(Node node, String call, String name) {
        super(node, call, name);
    }

    public Str as(String name) {
        return new Str(node(), call() + ".as(\"" + name + "\")", columnName(call(), name));
    }

    public Filter eq(String text) {
        return Filter.compare(this, Filter.Op.EQ, text);
    }

    public Filter ne(String text) {
        return Filter.compare(this, Filter.Op.NE, text);
    }

    public Filter startsWith(String prefix) {
        return Filter.compare(this, Filter.Op.STARTS_WITH, prefix);
    }
}
