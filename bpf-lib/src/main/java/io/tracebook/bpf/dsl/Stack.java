package io.tracebook.bpf.dsl;

/**
 * A stack, {@code kstack()} or {@code ustack()}: a key or an event column, named in tables with its frames
 * root first, joined with {@code ;} (folded, as {@code FlameGraph} takes them); the leaf is the last frame.
 */
public final class Stack extends Expr {
    Stack(Node node, String call, String name) {
        super(node, call, name);
    }
}
