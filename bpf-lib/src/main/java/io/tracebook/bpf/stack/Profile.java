package io.tracebook.bpf.stack;

import io.tracebook.bpf.Bpf;
import io.tracebook.bpf.BpfMap;
import io.tracebook.bpf.BpfObject;
import io.tracebook.bpf.chart.FlameGraph;
import io.tracebook.bpf.chart.Svg;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A CPU profile, like bpftrace's {@code profile:hz:99 { @[kstack, ustack, comm] = count(); }}:
 * every CPU is sampled {@code hz} times a second and the kernel counts each distinct (process,
 * kernel stack, user stack); nothing is sent per sample. Stacks are named when read, so read
 * while the profiled processes still run (their memory maps are gone after they exit).
 *
 * <pre>
 * try (Profile p = Profile.start(99)) {
 *     Thread.sleep(5000);
 *     p.flameGraph().save(Path.of("cpu.svg"));   // in a notebook, end a cell with p.flameGraph() to see it
 * }
 * </pre>
 */
public final class Profile implements AutoCloseable {
    /** The sampling program; usable on its own with {@code Bpf.c(Profile.SOURCE)} and {@code attachSampling("profile_sample", hz)}. */
    public static final String SOURCE = """
            struct profile_key {
                u32 pid;
                int kernel_stack;
                int user_stack;
                char comm[16];
            };
            STACK_TRACE(stacks, 16384);
            COUNT_BY(samples, struct profile_key, 16384);
            const volatile u32 only_pid = 0;

            SEC("perf_event")
            int profile_sample(void *ctx) {
                u32 pid = bpf_get_current_pid_tgid() >> 32;
                if (pid == 0 || (only_pid && pid != only_pid)) return 0;   /* pid 0: the idle task */
                struct profile_key key = {};
                key.pid = pid;
                key.kernel_stack = bpf_get_stackid(ctx, &stacks, 0);
                key.user_stack = bpf_get_stackid(ctx, &stacks, BPF_F_USER_STACK);
                bpf_get_current_comm(key.comm, sizeof(key.comm));
                count_by_add(&samples, &key);
                return 0;
            }
            """;
    /** Appended to kernel frames in folded stacks, as Brendan Gregg's tools do, so they stand apart from user frames. */
    public static final String KERNEL_SUFFIX = "_[k]";

    private final BpfObject object;
    private final Map<Long, UserSymbols> processes = new HashMap<>();

    private Profile(BpfObject object) {
        this.object = object;
    }

    /** Samples every process on every CPU {@code hz} times a second (99 avoids lock-step with timers). */
    public static Profile start(int hz) {
        return start(hz, 0);
    }

    /** Samples only process {@code pid}. */
    public static Profile start(int hz, long pid) {
        BpfObject object = Bpf.c(SOURCE).set("only_pid", (int) pid).load();
        try {
            object.attachSampling("profile_sample", hz);
        } catch (RuntimeException e) {
            object.close();
            throw e;
        }
        return new Profile(object);
    }

    /**
     * One row per distinct sample: {@code pid}, {@code comm}, {@code user_stack} and
     * {@code kernel_stack} (frames root first, joined with {@code ;}; empty when there is none),
     * and {@code count}, largest count first.
     */
    public Table samples() {
        BpfMap stacks = object.map("stacks");
        KernelSymbols kernel = null;
        LongColumn pid = LongColumn.create("pid");
        StringColumn comm = StringColumn.create("comm");
        StringColumn user = StringColumn.create("user_stack");
        StringColumn kstack = StringColumn.create("kernel_stack");
        LongColumn count = LongColumn.create("count");
        for (Row row : object.map("samples").toTable()) {
            long p = row.getLong("pid");
            long[] kernelAddresses = StackTraces.addresses(stacks, row.getInt("kernel_stack"));
            if (kernelAddresses.length > 0 && kernel == null) kernel = KernelSymbols.load();
            UserSymbols userSymbols = processes.computeIfAbsent(p, this::symbolsOrNull);
            pid.append(p);
            comm.append(row.getString("comm"));
            user.append(String.join(";", names(StackTraces.addresses(stacks, row.getInt("user_stack")),
                    a -> userSymbols == null ? "0x" + Long.toHexString(a) : userSymbols.name(a), "")));
            KernelSymbols k = kernel;
            kstack.append(String.join(";", names(kernelAddresses, k == null ? null : k::name, KERNEL_SUFFIX)));
            count.append(row.getLong("value"));
        }
        return Table.create("profile samples", pid, comm, user, kstack, count).sortDescendingOn("count");
    }

    /**
     * One row per frame of every sample, for questions a flame graph answers by eye: {@code sample}
     * (its row in {@link #samples()}), {@code pid}, {@code comm}, {@code depth} (0 = outermost user
     * frame; kernel frames follow the user ones), {@code frame}, {@code kernel}, {@code leaf} (where
     * the CPU was: sum {@code count} of leaf rows by frame for self time) and the sample's {@code count}.
     */
    public Table frames() {
        Table samples = samples();
        IntColumn sample = IntColumn.create("sample");
        LongColumn pid = LongColumn.create("pid");
        StringColumn comm = StringColumn.create("comm");
        IntColumn depth = IntColumn.create("depth");
        StringColumn frame = StringColumn.create("frame");
        BooleanColumn kernel = BooleanColumn.create("kernel");
        BooleanColumn leaf = BooleanColumn.create("leaf");
        LongColumn count = LongColumn.create("count");
        for (int i = 0; i < samples.rowCount(); i++) {
            List<String> user = frameList(samples.stringColumn("user_stack").get(i));
            List<String> kernelFrames = frameList(samples.stringColumn("kernel_stack").get(i));
            int total = user.size() + kernelFrames.size();
            for (int d = 0; d < total; d++) {
                boolean inKernel = d >= user.size();
                sample.append(i);
                pid.append(samples.longColumn("pid").get(i));
                comm.append(samples.stringColumn("comm").get(i));
                depth.append(d);
                frame.append(inKernel ? kernelFrames.get(d - user.size()).replace(KERNEL_SUFFIX, "") : user.get(d));
                kernel.append(inKernel);
                leaf.append(d == total - 1);
                count.append(samples.longColumn("count").get(i));
            }
        }
        return Table.create("profile frames", sample, pid, comm, depth, frame, kernel, leaf, count);
    }

    private static List<String> frameList(String joined) {
        return joined.isEmpty() ? List.of() : List.of(joined.split(";"));
    }

    /** Folded stacks for {@link FlameGraph}: {@code comm;user frames;kernel frames_[k]} → samples. */
    public Table folded() {
        Map<String, Long> counts = new TreeMap<>();
        for (Row row : samples()) {
            List<String> parts = new ArrayList<>();
            parts.add(row.getString("comm"));
            if (!row.getString("user_stack").isEmpty()) parts.add(row.getString("user_stack"));
            if (!row.getString("kernel_stack").isEmpty()) parts.add(row.getString("kernel_stack"));
            counts.merge(String.join(";", parts), row.getLong("count"), Long::sum);
        }
        Table folded = FlameGraph.folded(counts);
        folded.setName("CPU profile");
        return folded;
    }

    /** The flame graph of {@link #folded()}: a notebook shows it, {@link Svg#save} writes it to a file. */
    public Svg flameGraph() {
        return FlameGraph.svg(folded());
    }

    /** Stops sampling; what was counted stays readable until {@link #close()}. */
    public Profile stop() {
        object.detach();
        return this;
    }

    /** The loaded program, for its maps ({@code stacks}, {@code samples}). */
    public BpfObject object() {
        return object;
    }

    @Override
    public void close() {
        object.close();
    }

    private UserSymbols symbolsOrNull(long pid) {
        try {
            return UserSymbols.of(pid);
        } catch (RuntimeException exited) {
            return null;
        }
    }

    /** Names root first (the map holds the innermost frame first). */
    private static List<String> names(long[] addresses, LongFunction<String> namer, String suffix) {
        List<String> names = new ArrayList<>(addresses.length);
        for (int i = addresses.length - 1; i >= 0; i--) names.add(namer.apply(addresses[i]) + suffix);
        return names;
    }

    /** "Profile: sampling (profile_sample attached); samples(), frames(), flameGraph()", or stopped. */
    @Override
    public String toString() {
        if (object.isClosed()) return "Profile: closed";
        return "Profile: " + (object.links().isEmpty() ? "stopped" : "sampling") + "; samples(), frames() and flameGraph() read it";
    }
}
