package io.tracebook.bpf.dsl;

import java.util.List;

/** The kinds of probe a one-liner can name, with bpftrace's spellings and short forms. */
enum ProbeType {
    TRACEPOINT("tracepoint", "t"),
    RAW_TRACEPOINT("rawtracepoint", "rt"),
    TP_BTF("tp_btf"),
    UPROBE("uprobe", "u"),
    URETPROBE("uretprobe", "ur"),
    USDT("usdt", "U"),
    KPROBE("kprobe", "k"),
    KRETPROBE("kretprobe", "kr"),
    KFUNC("kfunc", "fentry", "f"),
    KRETFUNC("kretfunc", "fexit", "fr"),
    PROFILE("profile", "p"),
    INTERVAL("interval", "i"),
    BEGIN("BEGIN"),
    END("END");

    private final List<String> spellings;

    ProbeType(String... spellings) {
        this.spellings = List.of(spellings);
    }

    /** The name bpftrace prints, e.g. "tracepoint". */
    String bpftraceName() {
        return spellings.getFirst();
    }

    static ProbeType of(String word) {
        for (ProbeType type : values()) {
            if (type.spellings.contains(word)) return type;
        }
        return null;
    }

    static List<String> allSpellings() {
        return java.util.Arrays.stream(values()).map(ProbeType::bpftraceName).toList();
    }

    /** Programs that see a pt_regs: arguments are registers. */
    boolean hasRegisters() {
        return this == UPROBE || this == URETPROBE || this == KPROBE || this == KRETPROBE;
    }

    /** Probes that fire where a function returns, so {@code retval()} means something. */
    boolean isReturn() {
        return this == URETPROBE || this == KRETPROBE || this == KRETFUNC;
    }

    /** Probes typed by the kernel's BTF: named arguments with C types. */
    boolean hasBtfArguments() {
        return this == TP_BTF || this == RAW_TRACEPOINT || this == KFUNC || this == KRETFUNC;
    }

    /** Probes that read user memory: their pointers are the traced program's. */
    boolean inUserSpace() {
        return this == UPROBE || this == URETPROBE || this == USDT;
    }
}
