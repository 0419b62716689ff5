package io.tracebook.bpf.dsl;

import io.tracebook.bpf.dsl.Node.BuiltinValue;
import java.util.Set;

/** Which probes a filter can be checked at: one on the thread's own facts (pid, comm, ...) holds at both ends of a latency. */
final class FilterScope {
    private static final Set<Node.Builtin> THREAD_FACTS = Set.of(Node.Builtin.PID, Node.Builtin.TID, Node.Builtin.UID,
            Node.Builtin.CPU, Node.Builtin.COMM);

    private FilterScope() {
    }

    /** True when every comparison is of pid, tid, uid, cpu or comm: then the start of a latency is filtered too. */
    static boolean onlyBuiltins(Filter filter) {
        return switch (filter.condition()) {
            case Filter.And and -> onlyBuiltins(and.left()) && onlyBuiltins(and.right());
            case Filter.Or or -> onlyBuiltins(or.left()) && onlyBuiltins(or.right());
            case Filter.Not not -> onlyBuiltins(not.filter());
            case Filter.Compare compare -> compare.subject().node() instanceof BuiltinValue b && THREAD_FACTS.contains(b.builtin());
        };
    }
}
