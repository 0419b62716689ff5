package io.tracebook.bpf.dsl;

/** Comparisons with text, for values that are text ({@link Str}) or may be ({@link Arg}: typed at its probe). */
public sealed interface TextComparisons permits Str, Arg {
    /** Equal to {@code text}: for text values and {@code char[N]} fields; a {@code char *} needs {@code str(..)} first. */
    default Filter eq(String text) {
        return Filter.compare((Expr) this, Filter.Op.EQ, text);
    }

    default Filter ne(String text) {
        return Filter.compare((Expr) this, Filter.Op.NE, text);
    }

    default Filter startsWith(String prefix) {
        return Filter.compare((Expr) this, Filter.Op.STARTS_WITH, prefix);
    }
}
