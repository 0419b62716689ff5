package io.tracebook.bpf.dsl;

import io.tracebook.bpf.analysis.Hist;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.error.OneLinerException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The probes of a one-liner, from {@link Trace#on} or {@link Trace#between}, and optionally a filter: give it an
 * action (count, hist, emit, ...) to make a {@link OneLiner}. Every call checks what it is given against the
 * probes at once, so a wrong field or a number compared with text fails at that call, before any C is compiled.
 */
public final class Probes {
    private final Spec spec;

    Probes(Spec spec) {
        this.spec = spec;
    }

    /** Runs the action only when {@code filter} holds: bpftrace's {@code /filter/}. */
    public Probes when(Filter filter) {
        String call = "when(" + filter + ")";
        if (spec.filter() != null) {
            throw new OneLinerException(call, "there is a filter already (" + spec.filter() + "): combine the two with and(..) or or(..) in one when(..)");
        }
        Declarations scratch = new Declarations(spec.probes());
        for (Probe p : spec.probes()) {
            ProgramScope scope = new ProgramScope(p, scratch);
            if (spec.isLatency()) scope.defineElapsed();
            scope.condition(filter, call);
        }
        return new Probes(spec.with(call, filter));
    }

    /** An event per run with these values as columns: a Table, or a live view of the latest. */
    public OneLiner emit(Expr... values) {
        String call = "emit(" + calls(values) + ")";
        if (values.length == 0) throw new OneLinerException(call, "emit() needs at least one value, e.g. emit(pid(), comm())");
        return then(call, new Action.Emit(List.of(values)));
    }

    /** bpftrace's {@code printf}: an event per run, formatted in Java into the Table's column {@code text}. */
    public OneLiner printf(String format, Expr... values) {
        Action.Printf action = new Action.Printf(format, List.of(values));
        return then(action.call(), action);
    }

    /** bpftrace's {@code count()}: how many times the probes fired (per key with {@code .by(..)}). */
    public OneLiner count() {
        return aggregate(Action.Kind.COUNT, null);
    }

    public OneLiner sum(Num value) {
        return aggregate(Action.Kind.SUM, value);
    }

    /** The mean, as a DOUBLE column (bpftrace rounds it down to an integer). */
    public OneLiner avg(Num value) {
        return aggregate(Action.Kind.AVG, value);
    }

    public OneLiner min(Num value) {
        return aggregate(Action.Kind.MIN, value);
    }

    public OneLiner max(Num value) {
        return aggregate(Action.Kind.MAX, value);
    }

    /** count, sum, avg, min and max at once, as {@code Aggregate.stats} gives them. */
    public OneLiner stats(Num value) {
        return aggregate(Action.Kind.STATS, value);
    }

    /** bpftrace's {@code hist()}: a power-of-two histogram, counted in the kernel; {@code Hist.log2}'s table. */
    public OneLiner hist(Num value) {
        Action.Histogram action = new Action.Histogram(value);
        return then(action.call(), action);
    }

    /** bpftrace's {@code lhist(value, min, max, step)}: a linear histogram, counted in the kernel; {@code Hist.linear}'s table. */
    public OneLiner lhist(Num value, long min, long max, long step) {
        Action.LinearHistogram action = new Action.LinearHistogram(value, min, max, step);
        try {
            Hist.linearFromCounts("check", Map.of(), min, max, step);
        } catch (BpfException e) {
            throw new OneLinerException(action.call(), e.getMessage());
        }
        if ((max - min) / step > 1000) {
            throw new OneLinerException(action.call(), action.call() + " has " + (max - min) / step
                    + " buckets; a per-CPU map of more than 1000 is a lot to read each time: use a larger step, or hist()");
        }
        return then(action.call(), action);
    }

    private OneLiner aggregate(Action.Kind kind, Num value) {
        Action.Aggregate action = new Action.Aggregate(kind, value);
        return then(action.call(), action);
    }

    private OneLiner then(String call, Action action) {
        return new OneLiner(spec.with(call, action));
    }

    private static String calls(Expr... values) {
        return Arrays.stream(values).map(Expr::call).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return spec.chain() + " (give it an action: count(), hist(..), emit(..), ...)";
    }
}
