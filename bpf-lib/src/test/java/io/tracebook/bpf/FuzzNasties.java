package io.tracebook.bpf;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-made hostile and careless sources: one for each way in that a user found (issue 16) and a few more. To add
 * one, add a line: {@code FuzzCase.of("what it is", source)}.
 */
final class FuzzNasties {
    private static final String PROGRAM = "SEC(\"tracepoint/syscalls/sys_enter_getpgid\") int harden_fz_n(void *ctx) { return 0; }\n";

    private FuzzNasties() {
    }

    /** {@code dir} holds the FIFO one case includes (a file that never ends). */
    static List<FuzzCase> all(Path dir) throws IOException, InterruptedException {
        List<FuzzCase> cases = new ArrayList<>(List.of(
                FuzzCase.of("empty", ""),
                FuzzCase.of("only blanks", " \t\n".repeat(1000)),
                FuzzCase.of("a megabyte of blank lines", "\n".repeat(1 << 20) + PROGRAM),
                FuzzCase.of("half a million unclosed comments", PROGRAM + "/*".repeat(1 << 19)),
                FuzzCase.of("a million opening braces", PROGRAM + "{".repeat(1 << 20)),
                FuzzCase.of("sixty thousand unclosed typedefs", PROGRAM + "typedef struct {".repeat(1 << 16)),
                FuzzCase.of("a million quotes", PROGRAM + "\"".repeat(1 << 20)),
                FuzzCase.of("nesting 100k parentheses deep", PROGRAM + "int harden_x = " + "(".repeat(100_000) + "1;"),
                FuzzCase.of("a string literal of a megabyte", PROGRAM + "const char harden_s[] = \"" + "x".repeat(1 << 20) + "\";"),
                FuzzCase.of("include /dev/zero", "#include \"/dev/zero\"\n" + PROGRAM),
                FuzzCase.of("include /dev/urandom", "#include \"/dev/urandom\"\n" + PROGRAM),
                FuzzCase.of("include /dev/stdin", "#include \"/dev/stdin\"\n" + PROGRAM),
                FuzzCase.of("include /proc/self/fd/0", "#include \"/proc/self/fd/0\"\n" + PROGRAM),
                FuzzCase.of("include a directory", "#include \"/\"\n" + PROGRAM),
                FuzzCase.of("include a missing file", "#include <harden/nope.h>\n" + PROGRAM),
                FuzzCase.stopped("include a FIFO nobody writes", "#include \"" + HostileSources.fifo(dir) + "\"\n" + PROGRAM, Duration.ofMillis(300)),
                FuzzCase.of("lines of NUL characters", "\0".repeat(4000).concat("\n").repeat(20) + PROGRAM),
                FuzzCase.of("a lone surrogate", PROGRAM + "// \uDC00\n"),
                FuzzCase.of("a macro of 2^20 terms (clang crashes)", HostileSources.doubling("1+", 20, "int harden_x(void) { return X20 1; }")),
                FuzzCase.of("2^16 warnings (megabytes of output)", HostileSources.doubling("{ int unused; }", 16,
                        "SEC(\"tracepoint/syscalls/sys_enter_getpgid\") int harden_fz_w(void *ctx) { X16 return 0; }")),
                FuzzCase.of("#error", "#error harden says no\n" + PROGRAM),
                FuzzCase.of("no SEC()", "int harden_fz_nosec(void *ctx) { return 0; }\n"),
                FuzzCase.of("an unknown SEC()", "SEC(\"foo/bar\") int harden_fz_foo(void *ctx) { return 0; }\n"),
                FuzzCase.of("a non-ASCII program name", PROGRAM.replace("harden_fz_n", "harden_fz_caf\u00e9")),
                FuzzCase.of("a non-ASCII map name", "HASH(harden_fz_m\u00e4p, u32, u64, 8);\n" + PROGRAM),
                FuzzCase.of("a non-ASCII global", "u64 harden_fz_gr\u00fc\u00dfe = 1;\n" + PROGRAM),
                FuzzCase.of("an ARRAY of 4 TiB", "struct harden_kib { char b[1024]; };\nARRAY(harden_fz_big, struct harden_kib, 0xffffffffu);\n"
                        + "SEC(\"tracepoint/syscalls/sys_enter_getpgid\") int harden_fz_b(void *ctx) { u32 k = 0;"
                        + " return bpf_map_lookup_elem(&harden_fz_big, &k) != 0; }\n"),
                FuzzCase.of("struct_ops", "SEC(\"struct_ops/x\") int harden_fz_ops(void *ctx) { return 0; }\n"),
                FuzzCase.of("xdp", "SEC(\"xdp\") int harden_fz_xdp(struct xdp_md *ctx) { return 2; }\n"),
                FuzzCase.of("socket", "SEC(\"socket\") int harden_fz_sock(void *ctx) { return 0; }\n"),
                FuzzCase.of("iter", "SEC(\"iter/task\") int harden_fz_iter(struct bpf_iter__task *ctx) { return 0; }\n"),
                FuzzCase.of("kprobe (none here)", "SEC(\"kprobe/do_sys_openat2\") int harden_fz_kp(void *ctx) { return 0; }\n"),
                FuzzCase.of("fentry (none here)", "SEC(\"fentry/do_sys_openat2\") int BPF_PROG(harden_fz_fe) { return 0; }\n"),
                FuzzCase.of("a tracepoint typo", PROGRAM.replace("getpgid", "getpgdi")),
                FuzzCase.of("a raw_tp the kernel refuses", "SEC(\"raw_tp/sys_enter_getpgid\") int harden_fz_r(void *ctx) { return 0; }\n"),
                FuzzCase.of("a tp_btf typo", "SEC(\"tp_btf/sched_swtich\") int BPF_PROG(harden_fz_t, bool p) { return 0; }\n"),
                FuzzCase.of("a tracepoint name of 10k characters", PROGRAM.replace("getpgid", "x".repeat(10_000))),
                FuzzCase.of("a null dereference", "SEC(\"tracepoint/syscalls/sys_enter_getpgid\") int harden_fz_v(void *ctx)"
                        + " { return *(volatile int *)0; }\n"),
                FuzzCase.of("a stack of 4 KiB", "SEC(\"tracepoint/syscalls/sys_enter_getpgid\") int harden_fz_s(void *ctx)"
                        + " { volatile char b[4096]; b[100] = 1; return b[100]; }\n"),
                FuzzCase.of("an endless loop", "SEC(\"tracepoint/syscalls/sys_enter_getpgid\") int harden_fz_l(void *ctx)"
                        + " { volatile int i = 0; while (i >= 0) i = i; return 0; }\n"),
                FuzzCase.of("a GPL helper without GPL", "char LICENSE[] SEC(\"license\") = \"Proprietary\";\n"
                        + "SEC(\"tracepoint/syscalls/sys_enter_getpgid\") int harden_fz_g(void *ctx) { bpf_printk(\"hi\"); return 0; }\n"),
                FuzzCase.of("two functions of one name", PROGRAM + PROGRAM),
                FuzzCase.of("a struct clashing with vmlinux.h", "struct task_struct { int x; };\n" + PROGRAM),
                FuzzCase.of("breaking vmlinux.h with a macro", "#define task_struct 1\n#include \"vmlinux.h\"\n" + PROGRAM),
                FuzzCase.of("fifty programs", PROGRAM.replace("harden_fz_n", "harden_fz_n%d").repeat(50).formatted(range(50)))));
        return cases;
    }

    private static Object[] range(int n) {
        Object[] numbers = new Object[n];
        for (int i = 0; i < n; i++) numbers[i] = i;
        return numbers;
    }
}
