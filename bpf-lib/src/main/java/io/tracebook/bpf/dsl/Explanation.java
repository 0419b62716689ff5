package io.tracebook.bpf.dsl;

import io.tracebook.bpf.dsl.Action.Aggregate;
import io.tracebook.bpf.dsl.Action.Emit;
import io.tracebook.bpf.dsl.Action.Histogram;
import io.tracebook.bpf.dsl.Action.LinearHistogram;
import io.tracebook.bpf.dsl.Action.Printf;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A one-liner explained call by call: what each became in the C, and how the results are read. */
final class Explanation {
    private Explanation() {
    }

    static String of(Spec spec, Generated generated) {
        List<String[]> rows = new ArrayList<>();
        for (String call : spec.calls()) rows.add(new String[] {call, part(call, spec, generated)});
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        StringBuilder out = new StringBuilder(spec.chain()).append("\nis bpftrace's ")
                .append(BpftraceText.program(spec, BpftraceText::value)).append("\n\n");
        for (String[] r : rows) out.append(String.format("%-" + width + "s  %s%n", r[0], r[1]));
        return out.toString();
    }

    private static String part(String call, Spec spec, Generated generated) {
        if (call.startsWith("on(") || call.startsWith("between(")) return probes(spec);
        if (call.startsWith("when(")) return filter(spec, generated);
        if (call.startsWith("by(")) {
            return "the key of map '" + generated.map() + "', struct " + generated.map() + "_key: " + generated.fields().stream()
                    .map(f -> f.name() + " (" + f.type().describe() + ")").collect(Collectors.joining(", "))
                    + "; a PERCPU_HASH of up to " + Generator.MAP_ENTRIES + " keys, each CPU counting on its own";
        }
        if (call.startsWith("top(")) return "when read, only the " + spec.top() + " largest are kept";
        if (call.startsWith("per(")) {
            return "the interval (bpf_ktime_get_ns() / interval_ns, interval_ns set to " + spec.interval().toNanos()
                    + " before load) is part of the key, so each interval counts on its own in the kernel";
        }
        if (call.startsWith("name(")) return "loading it closes whatever was loaded under the name '" + spec.name() + "' before";
        return action(spec, generated);
    }

    private static String probes(Spec spec) {
        List<Probe> all = new ArrayList<>(spec.starts());
        all.addAll(spec.probes());
        String programs = all.size() <= 3 ? all.stream().map(p -> "program " + p.program() + " in SEC(\"" + p.section() + "\")")
                .collect(Collectors.joining(", ")) : all.size() + " programs, " + all.getFirst().program() + " ... " + all.getLast().program();
        String latency = spec.isLatency() ? "; the start programs keep bpf_ktime_get_ns() per " + spec.match().call()
                + " in HASH start, the end programs take it out and compute elapsed" : "";
        String records = all.stream().anyMatch(p -> p.type() == ProbeType.TRACEPOINT)
                ? "; a tracepoint's fields are read through a struct written from its tracefs format file" : "";
        return programs + latency + records;
    }

    private static String filter(Spec spec, Generated generated) {
        String values = generated.globals().stream().filter(g -> !g.name().startsWith("interval_ns"))
                .map(g -> g.name() + " = " + (g.value() instanceof String s ? "\"" + s + "\"" : g.value())).collect(Collectors.joining(", "));
        return "the program returns at once unless " + BpftraceText.filter(spec.filter(), BpftraceText::value)
                + (values.isEmpty() ? "" : "; the values are const volatile globals set before load (" + values
                + "), so other values re-use the compiled object");
    }

    private static String action(Spec spec, Generated generated) {
        boolean keyed = !generated.fields().isEmpty();
        String perCpu = keyed ? "PERCPU_HASH " + generated.map() : "PERCPU_ARRAY " + generated.map();
        return switch (spec.action()) {
            case Emit e -> "an event per run, struct event, sent through RINGBUF(events) and decoded from BTF into columns "
                    + generated.fields().stream().map(Field::name).collect(Collectors.joining(", "));
            case Printf p -> "an event per run with the values, struct event through RINGBUF(events); Java formats each into the column text";
            case Histogram h -> keyed ? perCpu + ": a count per key and log2 bucket (tracebook_log2_index), read into Hist.log2's table per key"
                    : "HIST_LOG2(hist): a per-CPU counter per power-of-two bucket (hist_log2_add), summed into Hist.log2's table";
            case LinearHistogram h -> perCpu + ": a count per bucket (tracebook_linear_index), read into Hist.linear's table";
            case Aggregate a when a.kind() == Action.Kind.COUNT || a.kind() == Action.Kind.SUM -> perCpu
                    + " of s64: percpu_sum_add adds without atomics, the CPUs are summed when read";
            case Aggregate a -> perCpu + " of struct tracebook_stats (count, sum, min, max per CPU, percpu_stats_add), combined when read";
        };
    }
}
