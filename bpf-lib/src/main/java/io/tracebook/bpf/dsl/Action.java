package io.tracebook.bpf.dsl;

import java.util.List;
import java.util.stream.Collectors;

/** What a one-liner does where its probes fire: send events, or aggregate in the kernel. */
sealed interface Action {
    /** The DSL call, e.g. {@code hist(arg("ret"))}. */
    String call();

    /** The call as bpftrace writes it, e.g. {@code hist(args.ret)}. */
    String bpftrace();

    /** {@code emit(pid(), comm())}: an event per run, columns named after the values. */
    record Emit(List<Expr> values) implements Action {
        @Override
        public String call() {
            return "emit(" + values.stream().map(Expr::call).collect(Collectors.joining(", ")) + ")";
        }

        @Override
        public String bpftrace() {
            return "print((" + values.stream().map(v -> NodeText.bpftrace(v.node())).collect(Collectors.joining(", ")) + "))";
        }
    }

    /** {@code printf("%s %d\n", comm(), pid())}: an event per run, formatted in Java into a {@code text} column. */
    record Printf(String format, List<Expr> values) implements Action {
        @Override
        public String call() {
            return "printf(\"" + CText.escape(format) + "\"" + values.stream().map(v -> ", " + v.call()).collect(Collectors.joining()) + ")";
        }

        @Override
        public String bpftrace() {
            return "printf(\"" + CText.escape(format) + "\"" + values.stream().map(v -> ", " + NodeText.bpftrace(v.node()))
                    .collect(Collectors.joining()) + ")";
        }
    }

    enum Kind { COUNT, SUM, AVG, MIN, MAX, STATS }

    /** {@code count()}, {@code sum(v)}, {@code avg(v)}, {@code min(v)}, {@code max(v)}, {@code stats(v)}; {@code value} is null for count. */
    record Aggregate(Kind kind, Num value) implements Action {
        @Override
        public String call() {
            return kind.name().toLowerCase() + "(" + (value == null ? "" : value.call()) + ")";
        }

        @Override
        public String bpftrace() {
            return kind.name().toLowerCase() + "(" + (value == null ? "" : NodeText.bpftrace(value.node())) + ")";
        }
    }

    /** {@code hist(v)}: bpftrace's power-of-two histogram. */
    record Histogram(Num value) implements Action {
        @Override
        public String call() {
            return "hist(" + value.call() + ")";
        }

        @Override
        public String bpftrace() {
            return "hist(" + NodeText.bpftrace(value.node()) + ")";
        }
    }

    /** {@code lhist(v, min, max, step)}: bpftrace's linear histogram. */
    record LinearHistogram(Num value, long min, long max, long step) implements Action {
        @Override
        public String call() {
            return "lhist(" + value.call() + ", " + min + ", " + max + ", " + step + ")";
        }

        @Override
        public String bpftrace() {
            return "lhist(" + NodeText.bpftrace(value.node()) + ", " + min + ", " + max + ", " + step + ")";
        }

        int buckets() {
            return (int) ((max - min) / step) + 2;
        }
    }
}
