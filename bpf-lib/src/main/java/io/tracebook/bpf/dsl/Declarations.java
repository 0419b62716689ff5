package io.tracebook.bpf.dsl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the programs of a one-liner need declared once at file scope: the filters' globals, the tracepoint
 * records they read, the stack map, the names of the probes ({@code probe()} is an index into them).
 */
final class Declarations {
    private final List<Probe> probes;
    private final Map<String, Global> globals = new LinkedHashMap<>();
    private final Map<List<Object>, Global> byComparison = new HashMap<>();
    private final Set<Probe> records = new LinkedHashSet<>();
    private boolean stacks;

    Declarations(List<Probe> probes) {
        this.probes = probes;
    }

    /**
     * The global for a comparison's literal at a value of C type {@code cType} ({@code length} > 0: text): one per
     * comparison and type, so the start and end programs of a latency share it.
     */
    Global global(Filter.Compare compare, String preferredName, String cType, int length, String call) {
        List<Object> identity = List.of(compare, cType, length);
        return byComparison.computeIfAbsent(identity, k -> {
            String name = unique(preferredName);
            Global g = new Global(name, cType, length, compare.literal(), call);
            globals.put(name, g);
            return g;
        });
    }

    /** A global that is a setting of the one-liner rather than a filter's literal, e.g. {@code per(..)}'s interval. */
    Global setting(String name, String cType, Object value, String call) {
        Global g = new Global(unique(name), cType, 0, value, call);
        globals.put(g.name(), g);
        return g;
    }

    private String unique(String preferred) {
        String name = preferred;
        for (int i = 2; globals.containsKey(name); i++) name = preferred + "_" + i;
        return name;
    }

    /** The name of the global holding a comparison's literal. */
    String nameFor(Filter.Compare compare) {
        return byComparison.entrySet().stream().filter(e -> e.getKey().getFirst() == compare)
                .map(e -> e.getValue().name()).findFirst().orElse("?");
    }

    List<Global> globals() {
        return List.copyOf(globals.values());
    }

    int probeIndex(Probe probe) {
        return probes.indexOf(probe);
    }

    List<Probe> probes() {
        return probes;
    }

    void needRecord(Probe probe) {
        records.add(probe);
    }

    /** Tracepoints whose record struct a program reads, in the order first needed. */
    List<Probe> records() {
        return new ArrayList<>(records);
    }

    void needStacks() {
        stacks = true;
    }

    boolean usesStacks() {
        return stacks;
    }
}
