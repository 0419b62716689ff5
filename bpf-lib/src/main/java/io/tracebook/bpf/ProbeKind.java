package io.tracebook.bpf;

/** What a program's SEC() name says about how it attaches. */
enum ProbeKind {
    TRACEPOINT("tracepoint/", "tp/"),
    RAW_TRACEPOINT("raw_tracepoint/", "raw_tp/", "raw_tracepoint.w/", "raw_tp.w/"),
    TP_BTF("tp_btf/"),
    KPROBE("kprobe", "kretprobe", "ksyscall", "kretsyscall", "kprobe.multi", "kretprobe.multi"),
    FENTRY("fentry", "fexit", "fmod_ret", "fentry.s", "fexit.s", "fmod_ret.s", "lsm"),
    UPROBE("uprobe", "uretprobe", "uprobe.s", "uretprobe.s"),
    USDT("usdt"),
    PERF_EVENT("perf_event"),
    OTHER();

    private final String[] prefixes;

    ProbeKind(String... prefixes) {
        this.prefixes = prefixes;
    }

    static ProbeKind of(String section) {
        for (ProbeKind kind : values()) {
            for (String p : kind.prefixes) {
                if (section.equals(p) || section.startsWith(p.endsWith("/") ? p : p + "/")) return kind;
            }
        }
        return OTHER;
    }

    /** The part after the first '/', e.g. "syscalls/sys_enter_openat"; empty when there is none. */
    static String target(String section) {
        int slash = section.indexOf('/');
        return slash < 0 ? "" : section.substring(slash + 1);
    }

    /** True for SEC("uretprobe...") and friends. */
    static boolean isReturnProbe(String section) {
        return section.startsWith("uretprobe") || section.startsWith("kretprobe");
    }
}
