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

    /** The kinds Tracebook attaches, as the messages about the others list them. */
    static final String TRACING_KINDS = "tracing programs: tracepoint, raw_tp, tp_btf, kprobe, fentry, uprobe, usdt and perf_event";

    private final String[] prefixes;

    ProbeKind(String... prefixes) {
        this.prefixes = prefixes;
    }

    static ProbeKind of(String section) {
        for (ProbeKind kind : values()) {
            for (String p : kind.prefixes) {
                String bare = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
                if (section.equals(bare) || section.startsWith(bare + "/")) return kind;
            }
        }
        return OTHER;
    }

    /** The part after the first '/', e.g. "syscalls/sys_enter_openat"; empty when there is none. */
    static String target(String section) {
        int slash = section.indexOf('/');
        return slash < 0 ? "" : section.substring(slash + 1);
    }

    /** What a program of a kind Tracebook does not attach ({@link #OTHER}) is for, to finish "SEC("xdp") ... which ". */
    static String purpose(String section) {
        String prefix = section.split("[/.]", 2)[0];
        return switch (prefix) {
            case "xdp" -> "attaches to a network interface (XDP)";
            case "socket" -> "filters the packets of a socket";
            case "tc", "tcx", "classifier", "action", "netkit" -> "attaches to the traffic control of a network interface";
            case "cgroup", "cgroup_skb", "sockops", "sk_msg", "sk_skb", "sk_lookup", "sk_reuseport", "flow_dissector", "netfilter",
                 "lwt_in", "lwt_out", "lwt_xmit", "lwt_seg6local", "lirc_mode2" -> "attaches to a cgroup or a hook of the network stack";
            case "iter" -> "runs when a BPF iterator is read";
            case "struct_ops" -> "implements a kernel interface through a struct_ops map";
            case "syscall" -> "runs only when called through BPF_PROG_RUN";
            case "freplace" -> "replaces a function of another BPF program";
            default -> "is no kind of tracing program";
        };
    }

    /** True for SEC("uretprobe...") and friends. */
    static boolean isReturnProbe(String section) {
        return section.startsWith("uretprobe") || section.startsWith("kretprobe");
    }
}
