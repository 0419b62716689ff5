package io.tracebook.bpf.dsl;

import io.tracebook.bpf.chart.Terminal;
import io.tracebook.bpf.dsl.Action.Aggregate;
import io.tracebook.bpf.dsl.Action.Emit;
import io.tracebook.bpf.dsl.Action.Histogram;
import io.tracebook.bpf.dsl.Action.LinearHistogram;
import io.tracebook.bpf.dsl.Action.Printf;
import io.tracebook.bpf.error.OneLinerException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import tech.tablesaw.api.Table;

/**
 * A complete one-liner: probes, an optional filter and an action, e.g.
 * {@code Trace.on("tracepoint:raw_syscalls:sys_enter").count().by(comm())}. Its C is written (and checked)
 * when it is built; {@link #c()} shows it, {@link #explain()} says what each part does, {@link #cell(String)}
 * makes it a {@code %%bpf} cell to edit. {@link #run(Duration)} traces for a while and returns the Table;
 * {@link #start()} leaves it running. Immutable: {@code by}, {@code top}, {@code per} and {@code name} return a new one.
 */
public final class OneLiner {
    private final Spec spec;
    private final Generated generated;

    OneLiner(Spec spec) {
        this.spec = spec;
        this.generated = Generator.generate(spec);
        if (spec.action() instanceof Printf p) {
            PrintfFormat.parse(p.format(), p.call()).check(generated.fields(), p.values(), p.call());
        }
    }

    /** Keys of an aggregation, bpftrace's {@code @[comm, pid]}: one count, sum or histogram per distinct key. */
    public OneLiner by(Expr... keys) {
        String call = "by(" + String.join(", ", Arrays.stream(keys).map(Expr::call).toList()) + ")";
        if (!isAggregation()) {
            throw new OneLinerException(call, "by(..) gives an aggregation its keys; " + spec.action().call()
                    + " sends every event with its own columns, so group the Table instead (Aggregate.by(table, ..))");
        }
        if (!spec.keys().isEmpty()) throw new OneLinerException(call, "the keys were given already (" + spec.keys() + "): name them all in one by(..)");
        if (keys.length == 0) throw new OneLinerException(call, "by() needs at least one key, e.g. by(comm())");
        return new OneLiner(spec.withKeys(call, List.of(keys)));
    }

    /** Only the {@code n} largest (for histograms: the {@code n} keys with the most values), bpftrace's {@code print(@, n)}. */
    public OneLiner top(int n) {
        String call = "top(" + n + ")";
        if (n < 1) throw new OneLinerException(call, "top(" + n + ") keeps nothing; ask for 1 or more");
        if (!isAggregation()) throw new OneLinerException(call, "top(n) keeps the largest of an aggregation; " + spec.action().call() + " is not one");
        return new OneLiner(spec.withTop(call, n));
    }

    /**
     * Counts per interval, bpftrace's {@code interval:s:1 { print(@); clear(@); }}: the interval is part of the key,
     * kept in the kernel, so nothing is read or cleared while it runs. The Table has {@code Rates}' columns:
     * {@code start_ns}, {@code seconds}, the keys, {@code count}, {@code rate} (per second).
     */
    public OneLiner per(Duration interval) {
        String call = "per(" + interval + ")";
        if (!(spec.action() instanceof Aggregate a && a.kind() == Action.Kind.COUNT)) {
            throw new OneLinerException(call, "per(interval) counts per interval; it follows count(), not " + spec.action().call());
        }
        if (interval.toMillis() < 1) throw new OneLinerException(call, "an interval under a millisecond gives more rows than events; use 1 ms or more");
        return new OneLiner(spec.withInterval(call, interval));
    }

    /** Binds it to a session name, as {@code OpenObject.name}: starting another one-liner under that name stops this one. */
    public OneLiner name(String name) {
        return new OneLiner(spec.withName("name(\"" + name + "\")", name));
    }

    Spec spec() {
        return spec;
    }

    Generated generated() {
        return generated;
    }

    private boolean isAggregation() {
        return !(spec.action() instanceof Emit) && !(spec.action() instanceof Printf);
    }

    /** The C this one-liner compiles to: the same for any filter values, which are set before load. */
    public String c() {
        return generated.c();
    }

    /** The C as a {@code %%bpf} cell: the filters' values written in (a cell cannot set them before load). */
    public String cell(String name) {
        String c = generated.c();
        for (Global g : generated.globals()) c = c.replace(g.declaration(), g.declarationWithValue());
        return "%%bpf " + name + "\n" + c;
    }

    /** What each call of the chain became in the C, a line each. */
    public String explain() {
        return Explanation.of(spec, generated);
    }

    /** Traces for {@code duration} (less if the thread is interrupted: a notebook's stop button), then returns the results. */
    public Table run(Duration duration) {
        try (Tracing tracing = start()) {
            sleep(duration);
            return tracing.stop().table();
        }
    }

    /** Attaches and leaves it running: read it with {@link Tracing#table()}, stop it with {@link Tracing#close()}. */
    public Tracing start() {
        return Tracing.start(this);
    }

    /**
     * Traces for {@code duration} while a view of the results is redrawn in place (the notebook's output, or the
     * terminal) — the bpftrace text of a histogram, the largest rows of a count, the last events — then returns the results.
     */
    public Table live(Duration duration) {
        return live(duration, this::defaultView);
    }

    /** As {@link #live(Duration)} with your own view of the Table: a chart, a filtered table, text. */
    public Table live(Duration duration, Function<Table, ?> view) {
        try (Tracing tracing = start()) {
            tracing.live(view).await(duration);
            return tracing.stop().table();
        }
    }

    private Object defaultView(Table t) {
        return switch (spec.action()) {
            case Histogram h -> histogramText(t);
            case LinearHistogram h -> histogramText(t);
            case Emit e -> t.last(20);
            case Printf p -> t.last(20);
            default -> t.first(20);
        };
    }

    /** bpftrace's layout: a histogram per key, each under its key. */
    private String histogramText(Table t) {
        int keys = t.columnCount() - 4;
        if (keys == 0) return Terminal.hist(t);
        StringBuilder out = new StringBuilder();
        for (Table group : t.splitOn(t.columns().subList(0, keys).stream().map(c -> c.name()).toArray(String[]::new)).asTableList()) {
            out.append("@[").append(String.join(", ", group.columns().subList(0, keys).stream().map(c -> c.getString(0)).toList()))
                    .append("]:\n").append(Terminal.hist(group.removeColumns(group.columns().subList(0, keys).toArray(new tech.tablesaw.columns.Column<?>[0]))))
                    .append('\n');
        }
        return out.toString();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The one-liner as bpftrace would write it, with its filter values. */
    @Override
    public String toString() {
        return BpftraceText.program(spec, BpftraceText::value);
    }
}
