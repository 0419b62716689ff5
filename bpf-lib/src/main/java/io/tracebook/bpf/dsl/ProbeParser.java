package io.tracebook.bpf.dsl;

import io.tracebook.bpf.btf.VmlinuxBtf;
import io.tracebook.bpf.error.AttachException;
import io.tracebook.bpf.error.OneLinerException;
import io.tracebook.bpf.sys.Binaries;
import io.tracebook.bpf.sys.ProbeCatalog;
import io.tracebook.bpf.sys.Suggestions;
import io.tracebook.bpf.sys.Tracefs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Reads bpftrace's probe names ({@code tracepoint:sched:sched*}, {@code uprobe:libc:malloc}, {@code profile:hz:99}) into probes. */
final class ProbeParser {
    private static final Set<String> TIME_UNITS = Set.of("hz", "s", "ms", "us");

    private ProbeParser() {
    }

    /** The probes {@code spec} names, a wildcard expanded to every match; {@code call} is the DSL call, for messages. */
    static List<Probe> parse(String spec, String call) {
        List<String> parts = Arrays.asList(spec.strip().split(":", -1));
        ProbeType type = ProbeType.of(parts.getFirst());
        if (type == null) {
            List<String> near = Suggestions.nearest(parts.getFirst(), ProbeType.allSpellings(), 3);
            throw new OneLinerException(call, "'" + spec + "' is not a probe: it starts with '" + parts.getFirst()
                    + "', which is no probe kind" + Suggestions.didYouMean(near) + " (kinds: " + String.join(", ", ProbeType.allSpellings())
                    + "; e.g. \"tracepoint:syscalls:sys_enter_openat\")");
        }
        List<String> target = parts.subList(1, parts.size());
        if (!(type == ProbeType.TRACEPOINT) && spec.matches(".*[*?].*")) {
            throw new OneLinerException(call, "'" + spec + "': wildcards work in tracepoint names only; name one "
                    + type.bpftraceName() + " probe per on(..) argument");
        }
        return switch (type) {
            case TRACEPOINT -> tracepoints(spec, target, call);
            case RAW_TRACEPOINT, TP_BTF -> List.of(rawTracepoint(type, spec, target, call));
            case UPROBE, URETPROBE -> List.of(uprobe(type, spec, target, call));
            case USDT -> List.of(usdt(spec, target, call));
            case KPROBE, KRETPROBE -> List.of(new Probe(type, List.of(one(spec, target, call, "kprobe:vfs_read")), ""));
            case KFUNC, KRETFUNC -> List.of(kfunc(type, spec, target, call));
            case PROFILE, INTERVAL -> List.of(timed(type, spec, target, call));
            case BEGIN, END -> {
                if (!target.isEmpty()) throw new OneLinerException(call, "'" + spec + "': " + type + " takes nothing after it");
                yield List.of(new Probe(type, List.of(), ""));
            }
        };
    }

    private static List<Probe> tracepoints(String spec, List<String> target, String call) {
        if (target.size() != 2 || target.get(0).isEmpty() || target.get(1).isEmpty()) {
            throw new OneLinerException(call, "'" + spec + "' is not a tracepoint: write tracepoint:category:event, "
                    + "e.g. tracepoint:syscalls:sys_enter_openat (list them with Trace.list(\"tracepoint:*\"))");
        }
        if (!spec.contains("*") && !spec.contains("?")) {
            Tracefs.requireTracepoint(target.get(0), target.get(1), call);
            return List.of(new Probe(ProbeType.TRACEPOINT, List.copyOf(target), ""));
        }
        List<Probe> matches = new ArrayList<>();
        for (String name : ProbeCatalog.list("tracepoint:" + target.get(0) + ":" + target.get(1))) {
            String[] p = name.split(":");
            matches.add(new Probe(ProbeType.TRACEPOINT, List.of(p[1], p[2]), ""));
        }
        if (matches.isEmpty()) {
            throw new AttachException("no tracepoint matches " + spec + " (" + call + "); list them with Trace.list(\"tracepoint:"
                    + target.get(0) + ":*\")", spec, List.of(), "");
        }
        return matches;
    }

    private static Probe rawTracepoint(ProbeType type, String spec, List<String> target, String call) {
        String event = one(spec, target, call, type.bpftraceName() + ":sched_switch");
        List<String> events = Tracefs.tracepoints().stream().map(t -> t.substring(t.indexOf(':') + 1)).toList();
        boolean typed = VmlinuxBtf.get().findTypedef("btf_trace_" + event).isPresent();
        if (!events.contains(event) || !typed) {
            List<String> near = Suggestions.nearest(event, events, 3);
            throw new AttachException(type.bpftraceName() + " " + event + " not found (" + call + ")"
                    + (events.contains(event) ? ": the kernel's BTF has no btf_trace_" + event + " for it" : Suggestions.didYouMean(near)),
                    event, near, "");
        }
        return new Probe(type, List.of(event), "");
    }

    private static Probe uprobe(ProbeType type, String spec, List<String> target, String call) {
        if (target.size() != 2 || target.get(0).isEmpty() || target.get(1).isEmpty()) {
            throw new OneLinerException(call, "'" + spec + "' is not a uprobe: write " + type.bpftraceName()
                    + ":binary:function, e.g. " + type.bpftraceName() + ":libc:malloc or " + type.bpftraceName() + ":/bin/bash:readline");
        }
        return new Probe(type, List.of(Binaries.resolve(target.get(0)), target.get(1)), "");
    }

    private static Probe usdt(String spec, List<String> target, String call) {
        if (target.size() != 3 || target.stream().anyMatch(String::isEmpty)) {
            throw new OneLinerException(call, "'" + spec + "' is not a USDT probe: write usdt:binary:provider:name, "
                    + "e.g. usdt:/usr/lib/jvm/.../libjvm.so:hotspot:thread__start");
        }
        return new Probe(ProbeType.USDT, List.of(Binaries.resolve(target.get(0)), target.get(1), target.get(2)), "");
    }

    private static Probe kfunc(ProbeType type, String spec, List<String> target, String call) {
        String function = one(spec, target, call, type.bpftraceName() + ":vfs_read");
        if (VmlinuxBtf.get().findFunction(function).isEmpty()) {
            List<String> near = Suggestions.nearest(function, VmlinuxBtf.get().functionNames(), 3);
            throw new AttachException("kernel function " + function + " not found in the kernel's BTF (" + call + ")"
                    + Suggestions.didYouMean(near), function, near, "");
        }
        return new Probe(type, List.of(function), "");
    }

    private static Probe timed(ProbeType type, String spec, List<String> target, String call) {
        List<String> t = type == ProbeType.PROFILE && target.size() == 1 ? List.of("hz", target.getFirst()) : target;
        String example = type == ProbeType.PROFILE ? "profile:hz:99" : "interval:s:1";
        if (t.size() != 2 || !TIME_UNITS.contains(t.get(0)) || !t.get(1).matches("[1-9][0-9]{0,8}")) {
            throw new OneLinerException(call, "'" + spec + "' is not a " + type.bpftraceName() + " probe: write " + type.bpftraceName()
                    + ":unit:count with a unit of hz, s, ms or us and a positive count, e.g. " + example);
        }
        Probe probe = new Probe(type, List.copyOf(t), "");
        if (probe.periodNanos() < 10_000) {
            throw new OneLinerException(call, "'" + spec + "' fires every " + probe.periodNanos() + " ns: the kernel does not "
                    + "keep up below 10 us; use a longer period");
        }
        return probe;
    }

    private static String one(String spec, List<String> target, String call, String example) {
        if (target.size() != 1 || target.getFirst().isEmpty()) {
            throw new OneLinerException(call, "'" + spec + "' names " + target.size() + " things after the kind; write one, e.g. " + example);
        }
        return target.getFirst();
    }
}
