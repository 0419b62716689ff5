package io.tracebook.bpf.dsl;

import io.tracebook.bpf.error.OneLinerException;
import java.util.regex.Pattern;

/**
 * A value a probe can produce: a number ({@link Num}), text ({@link Str}), a stack ({@link Stack}), or a
 * probe's argument ({@link Arg}, typed when it meets the probe). Made by {@link Trace}'s builtins; used as a
 * filter's subject, a key, an event's column or an aggregation's value. {@link #name()} is the column it
 * becomes; {@code toString()} is the expression as written.
 */
public abstract sealed class Expr permits Num, Str, Stack {
    private static final Pattern C_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,47}");

    private final Node node;
    private final String call;
    private final String name;

    Expr(Node node, String call, String name) {
        this.node = node;
        this.call = call;
        this.name = name;
    }

    /** The column this value becomes in tables (and its field's name in the generated C). */
    public String name() {
        return name;
    }

    Node node() {
        return node;
    }

    /** The expression as the user wrote it, e.g. {@code str(arg("filename"))}. */
    String call() {
        return call;
    }

    /** A column name the user gave, checked: it names a C struct field too. */
    static String columnName(String call, String name) {
        if (name == null || !C_NAME.matcher(name).matches()) {
            throw new OneLinerException(call, "'" + name + "' cannot name a column here: it becomes a C field, so use letters, "
                    + "digits and '_' (not first), at most 48 of them, e.g. \"bytes_read\"");
        }
        return name;
    }

    @Override
    public String toString() {
        return call;
    }
}
