package io.tracebook.bpf.dsl;

import java.util.List;

/**
 * One concrete probe of a one-liner (a wildcard gives one per match), and its program.
 *
 * @param type    the kind
 * @param target  what it names after the kind: ["syscalls", "sys_enter_openat"], ["/usr/lib/.../libc.so.6", "malloc"],
 *                ["hz", "99"]; empty for BEGIN and END
 * @param program the C function's name, e.g. "on_sys_enter_openat"
 */
record Probe(ProbeType type, List<String> target, String program) {
    /** As bpftrace names it, e.g. "tracepoint:syscalls:sys_enter_openat" (the value of {@code probe()}). */
    String label() {
        return target.isEmpty() ? type.bpftraceName() : type.bpftraceName() + ":" + String.join(":", target);
    }

    /** The SEC() name: where libbpf attaches it, or the kind of program Tracebook attaches itself. */
    String section() {
        return switch (type) {
            case TRACEPOINT -> "tracepoint/" + target.get(0) + "/" + target.get(1);
            case RAW_TRACEPOINT -> "raw_tp/" + target.getFirst();
            case TP_BTF -> "tp_btf/" + target.getFirst();
            case UPROBE -> "uprobe";
            case URETPROBE -> "uretprobe";
            case USDT -> "usdt";
            case KPROBE -> "kprobe/" + target.getFirst();
            case KRETPROBE -> "kretprobe/" + target.getFirst();
            case KFUNC -> "fentry/" + target.getFirst();
            case KRETFUNC -> "fexit/" + target.getFirst();
            case PROFILE, INTERVAL -> "perf_event";
            case BEGIN, END -> "raw_tp";
        };
    }

    /** The event's own name: a tracepoint's, a function's, a USDT probe's; "profile", "begin", ... otherwise. */
    String event() {
        return switch (type) {
            case TRACEPOINT, UPROBE, URETPROBE -> target.get(1);
            case USDT -> target.get(2);
            case RAW_TRACEPOINT, TP_BTF, KPROBE, KRETPROBE, KFUNC, KRETFUNC -> target.getFirst();
            case PROFILE, INTERVAL -> type.bpftraceName();
            case BEGIN, END -> type.name().toLowerCase();
        };
    }

    Probe withProgram(String name) {
        return new Probe(type, target, name);
    }

    /** For profile and interval: the time between runs, from the unit and count ("hz", "99" or "ms", "10"). */
    long periodNanos() {
        long count = Long.parseLong(target.get(1));
        return switch (target.getFirst()) {
            case "hz" -> 1_000_000_000L / count;
            case "s" -> count * 1_000_000_000L;
            case "ms" -> count * 1_000_000L;
            case "us" -> count * 1_000L;
            default -> throw new IllegalStateException("unit " + target.getFirst() + " was not checked");
        };
    }
}
