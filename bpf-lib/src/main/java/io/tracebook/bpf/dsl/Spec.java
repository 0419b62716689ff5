package io.tracebook.bpf.dsl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a one-liner says, as the builder collects it; immutable, each step makes a new one.
 *
 * @param written  the probes as the user named them (wildcards unexpanded)
 * @param writtenStarts for {@code between}: the start probes as named; empty otherwise
 * @param probes   where the action runs (a wildcard expanded; program names given)
 * @param starts   for {@code between(start, end)}: where the time is taken; empty otherwise
 * @param match    for {@code between}: what matches a start with its end, {@code tid()} unless said
 * @param filter   {@code when(..)}, or null
 * @param action   what runs, or null while being built
 * @param keys     {@code by(..)}
 * @param top      {@code top(n)}, or 0 for every row
 * @param interval {@code per(..)}, or null
 * @param name     the session name ({@code name(..)}), or null
 * @param calls    the DSL calls so far, as written, for messages and {@code explain()}
 */
record Spec(List<String> written, List<String> writtenStarts, List<Probe> probes, List<Probe> starts, Expr match, Filter filter, Action action, List<Expr> keys, int top,
            Duration interval, String name, List<String> calls) {

    Spec with(String call, Filter newFilter) {
        return new Spec(written, writtenStarts, probes, starts, match, newFilter, action, keys, top, interval, name, plus(call));
    }

    Spec with(String call, Action newAction) {
        return new Spec(written, writtenStarts, probes, starts, match, filter, newAction, keys, top, interval, name, plus(call));
    }

    Spec withKeys(String call, List<Expr> newKeys) {
        return new Spec(written, writtenStarts, probes, starts, match, filter, action, List.copyOf(newKeys), top, interval, name, plus(call));
    }

    Spec withTop(String call, int n) {
        return new Spec(written, writtenStarts, probes, starts, match, filter, action, keys, n, interval, name, plus(call));
    }

    Spec withInterval(String call, Duration every) {
        return new Spec(written, writtenStarts, probes, starts, match, filter, action, keys, top, every, name, plus(call));
    }

    Spec withName(String call, String newName) {
        return new Spec(written, writtenStarts, probes, starts, match, filter, action, keys, top, interval, newName, plus(call));
    }

    private List<String> plus(String call) {
        List<String> more = new ArrayList<>(calls);
        more.add(call);
        return List.copyOf(more);
    }

    /** The chain as written: {@code Trace.on("...").when(..).hist(..)}. */
    String chain() {
        return "Trace." + String.join(".", calls);
    }

    boolean isLatency() {
        return !starts.isEmpty();
    }
}
