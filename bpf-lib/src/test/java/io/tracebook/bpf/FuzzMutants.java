package io.tracebook.bpf;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mutants of a few valid programs (none includes vmlinux.h itself: without the precompiled prelude each compile takes
 * 1.5 s, and {@link FuzzNasties} has such a source), as a careless edit or a bad paste makes them: characters and lines deleted,
 * duplicated, swapped or repeated, tokens and nasty fragments inserted, numbers and SEC() names replaced, the
 * source cut short. Seeded, so a failure repeats. Numbers are replaced only by values whose maps the kernel can
 * allocate without strain: a mutant must never make it allocate gigabytes on a shared machine.
 */
final class FuzzMutants {
    /** Programs and maps are named harden_fz*, so that bpftool can count ours. */
    static final String PREFIX = "harden_fz";

    static final List<String> VALID = List.of("""
            struct event { u32 pid; u64 ts; char comm[16]; };
            RINGBUF(harden_fz_events);

            SEC("tracepoint/syscalls/sys_enter_getpgid")
            int harden_fz_ring(void *ctx)
            {
            	struct event *e = bpf_ringbuf_reserve(&harden_fz_events, sizeof(*e), 0);
            	if (!e)
            		return 0;
            	e->pid = bpf_get_current_pid_tgid() >> 32;
            	e->ts = bpf_ktime_get_ns();
            	bpf_get_current_comm(e->comm, sizeof(e->comm));
            	bpf_ringbuf_submit(e, 0);
            	return 0;
            }
            """, """
            HASH(harden_fz_counts, u32, u64, 1024);
            const volatile u32 harden_fz_skip = 0;

            SEC("tracepoint/syscalls/sys_enter_getpriority")
            int harden_fz_hash(void *ctx)
            {
            	u32 pid = bpf_get_current_pid_tgid() >> 32;
            	if (pid == harden_fz_skip)
            		return 0;
            	u64 one = 1, *n = bpf_map_lookup_elem(&harden_fz_counts, &pid);
            	if (n)
            		__sync_fetch_and_add(n, 1);
            	else
            		bpf_map_update_elem(&harden_fz_counts, &pid, &one, BPF_NOEXIST);
            	return 0;
            }
            """, """
            typedef struct { u32 pid; u32 ppid; char comm[16]; } task_t;
            PERFBUF(harden_fz_tasks);

            SEC("tp_btf/task_newtask")
            int BPF_PROG(harden_fz_btf, struct task_struct *task, u64 clone_flags)
            {
            	task_t t = {};
            	t.pid = BPF_CORE_READ(task, tgid);
            	t.ppid = BPF_CORE_READ(task, real_parent, tgid);
            	bpf_probe_read_kernel_str(t.comm, sizeof(t.comm), task->comm);
            	bpf_perf_event_output(ctx, &harden_fz_tasks, BPF_F_CURRENT_CPU, &t, sizeof(t));
            	return 0;
            }
            """, """
            /* sizes of renamed tasks' names, per CPU */
            ARRAY(harden_fz_sizes, u64, 17);
            PERCPU_ARRAY(harden_fz_calls, u64, 1);
            u64 harden_fz_total = 0;

            SEC("raw_tp/task_rename")
            int harden_fz_raw(void *ctx)
            {
            	u32 zero = 0;
            	u64 *calls = bpf_map_lookup_elem(&harden_fz_calls, &zero);
            	if (calls)
            		(*calls)++;
            	for (int i = 0; i < 16; i++) {
            		u32 slot = i;
            		u64 *size = bpf_map_lookup_elem(&harden_fz_sizes, &slot);
            		if (size)
            			*size += i;
            	}
            	__sync_fetch_and_add(&harden_fz_total, 1);
            	return 0;
            }
            """, """
            struct call { u64 start; };
            HASH(harden_fz_starts, u32, struct call, 64);

            #define SELF(x) (x)

            SEC("uprobe")
            int harden_fz_entry(struct pt_regs *ctx)
            {
            	u32 tid = (u32)bpf_get_current_pid_tgid();
            	struct call c = { .start = SELF(bpf_ktime_get_ns()) };
            	bpf_map_update_elem(&harden_fz_starts, &tid, &c, BPF_ANY);
            	return 0;
            }
            """);

    private static final List<String> TOKENS = List.of("{", "}", "(", ")", ";", ",", "*", "&", "/*", "*/", "//", "\"", "'", "#",
            "\\", "\n", "0x", "1e999", "\u00e9", "\u00ff\u00fe", "\uD800", "\u0000", "\t\t\t", "return", "struct", "typedef", "union",
            "#include \"/dev/zero\"\n", "#include <vmlinux.h>\n", "#include \"/nonexistent.h\"\n", "#define return\n", "#if 0\n",
            "#endif\n", "#error harden\n", "SEC(\"xdp\")", "SEC(\"license\")", "SEC(\"\")", "__attribute__((section(\"maps\")))",
            "*(volatile int *)0 = 1;", "bpf_probe_read_kernel(0, 8, 0);", "char big[4096];", "for (;;) {}", "while (1) {}",
            "goto harden_out;", "bpf_printk(\"%s\", 0);", "bpf_tail_call(ctx, 0, 0);", "static", "volatile", "const", "__u128",
            "RINGBUF(harden_fz_more);", "HASH(harden_fz_h, struct nope, u64, 8);", "ARRAY(harden_fz_a, u64, 0);",
            "int harden_fz_f(void *ctx) { return 0; }", "struct task_struct t;", "extern int harden_fz_nothing;");
    private static final List<String> NUMBERS = List.of("0", "1", "7", "16", "4096", "65536", "100000", "0x10", "1u");
    private static final List<String> SECTIONS = List.of("tracepoint/syscalls/sys_enter_getpgid", "tracepoint/syscalls/sys_enter_opnat",
            "tracepoint/", "tracepoint/syscalls", "tp/syscalls/sys_enter_getpgid", "raw_tp/sys_enter_getpgid", "raw_tp/", "raw_tp/nope",
            "tp_btf/task_rename", "tp_btf/sched_swtich", "tp_btf/", "xdp", "socket", "iter/task", "struct_ops/x", "kprobe/do_sys_open",
            "fentry/do_sys_open", "lsm/file_open", "uprobe", "usdt", "perf_event", "uprobe//bin/true:main", "license", ".maps", "",
            "tracepoint/syscalls/sys_enter_" + "getpgid".repeat(200), "tracepoint/caf\u00e9/x");
    private static final Pattern NUMBER = Pattern.compile("\\b\\d+\\b");
    private static final Pattern SEC = Pattern.compile("SEC\\(\"([^\"]*)\"\\)");

    private FuzzMutants() {
    }

    /** {@code count} mutants, round robin over {@link #VALID}, each with one to three mutations. */
    static List<FuzzCase> of(long seed, int count) {
        Random random = new Random(seed);
        List<FuzzCase> mutants = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int base = i % VALID.size();
            String source = VALID.get(base);
            StringBuilder how = new StringBuilder();
            for (int m = 1 + random.nextInt(3); m > 0; m--) {
                Mutation mutation = Mutation.values()[random.nextInt(Mutation.values().length)];
                source = mutation.apply(source, random);
                how.append(how.isEmpty() ? "" : "+").append(mutation.name().toLowerCase());
            }
            mutants.add(FuzzCase.of("mutant " + i + " of program " + base + " (" + how + ")", source));
        }
        return mutants;
    }

    private enum Mutation {
        DELETE_CHARACTER {
            String apply(String s, Random r) {
                if (s.isEmpty()) return s;
                int at = r.nextInt(s.length());
                return s.substring(0, at) + s.substring(at + 1);
            }
        },
        DELETE_LINE {
            String apply(String s, Random r) {
                List<String> lines = lines(s);
                lines.remove(r.nextInt(lines.size()));
                return String.join("\n", lines);
            }
        },
        DUPLICATE_LINE {
            String apply(String s, Random r) {
                List<String> lines = lines(s);
                int at = r.nextInt(lines.size());
                lines.add(at, lines.get(at));
                return String.join("\n", lines);
            }
        },
        SWAP_LINES {
            String apply(String s, Random r) {
                List<String> lines = lines(s);
                int a = r.nextInt(lines.size());
                int b = r.nextInt(lines.size());
                String line = lines.get(a);
                lines.set(a, lines.get(b));
                lines.set(b, line);
                return String.join("\n", lines);
            }
        },
        REPEAT_LINE {
            String apply(String s, Random r) {
                List<String> lines = lines(s);
                int at = r.nextInt(lines.size());
                return String.join("\n", lines.subList(0, at)) + "\n" + (lines.get(at) + "\n").repeat(1 + r.nextInt(200))
                        + String.join("\n", lines.subList(at, lines.size()));
            }
        },
        INSERT_TOKEN {
            String apply(String s, Random r) {
                int at = r.nextInt(s.length() + 1);
                return s.substring(0, at) + TOKENS.get(r.nextInt(TOKENS.size())) + s.substring(at);
            }
        },
        REPLACE_NUMBER {
            String apply(String s, Random r) {
                return replaceOne(NUMBER, s, r, NUMBERS.get(r.nextInt(NUMBERS.size())), 0);
            }
        },
        REPLACE_SEC {
            String apply(String s, Random r) {
                return replaceOne(SEC, s, r, SECTIONS.get(r.nextInt(SECTIONS.size())), 1);
            }
        },
        RENAME {
            String apply(String s, Random r) {
                String[] names = {"harden_fz_caf\u00e9", "harden_fz_" + "x".repeat(300), "key", "task_struct", "bpf_map_lookup_elem", "_"};
                return replaceOne(Pattern.compile("\\bharden_fz_\\w+"), s, r, names[r.nextInt(names.length)], 0);
            }
        },
        TRUNCATE {
            String apply(String s, Random r) {
                return s.substring(0, r.nextInt(s.length() + 1));
            }
        };

        abstract String apply(String source, Random random);

        private static List<String> lines(String s) {
            List<String> lines = new ArrayList<>(List.of(s.split("\n", -1)));
            return lines;
        }

        /** {@code source} with one match of {@code pattern} (picked at random) having its group {@code group} replaced. */
        private static String replaceOne(Pattern pattern, String source, Random random, String replacement, int group) {
            List<int[]> spans = new ArrayList<>();
            Matcher m = pattern.matcher(source);
            while (m.find()) spans.add(new int[] {m.start(group), m.end(group)});
            if (spans.isEmpty()) return source;
            int[] span = spans.get(random.nextInt(spans.size()));
            return source.substring(0, span[0]) + replacement + source.substring(span[1]);
        }
    }
}
