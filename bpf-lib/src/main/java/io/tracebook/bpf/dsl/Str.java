package io.tracebook.bpf.dsl;

/** Text: {@code comm()}, {@code str(..)} of a pointer or a char array. Keys, event columns and filters; never a histogram. */
public final class Str extends Expr implements TextComparisons {
    Str(Node node, String call, String name) {
        super(node, call, name);
    }

    public Str as(String name) {
        return new Str(node(), call() + ".as(\"" + name + "\")", columnName(call(), name));
    }
}
