package io.tracebook.bpf.dsl;

import io.tracebook.bpf.dsl.Node.Builtin;
import io.tracebook.bpf.dsl.Node.BuiltinValue;
import io.tracebook.bpf.dsl.Node.IndexedArg;
import io.tracebook.bpf.dsl.Node.NamedArg;
import io.tracebook.bpf.dsl.Node.ReadString;
import io.tracebook.bpf.error.OneLinerException;
import io.tracebook.bpf.record.Backends;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import tech.tablesaw.api.Table;

/**
 * One-liners without C: bpftrace's language as Java calls, which write readable C, show it, and run it through
 * {@code Bpf.c} (cache, loss counting and errors as for any snippet).
 * <pre>
 * import static io.tracebook.bpf.dsl.Trace.*;
 *
 * on("tracepoint:raw_syscalls:sys_enter").count().by(comm()).run(Duration.ofSeconds(5));      // @[comm] = count()
 * on("tracepoint:syscalls:sys_exit_read").when(pid().eq(1234)).hist(arg("ret")).run(..);     // /pid == 1234/ { @ = hist(args.ret) }
 * between("tracepoint:syscalls:sys_enter_read", "tracepoint:syscalls:sys_exit_read").hist(elapsed()).by(comm());
 * on("tracepoint:syscalls:sys_enter_openat").printf("%s %s\n", comm(), str(arg("filename")));
 * </pre>
 * Probes are named as bpftrace names them: {@code tracepoint:cat:event} (wildcards: one program per match),
 * {@code rawtracepoint:event}, {@code tp_btf:event}, {@code uprobe:binary:function}, {@code uretprobe:..},
 * {@code usdt:binary:provider:name}, {@code profile:hz:99}, {@code interval:s:1}, {@code BEGIN}, {@code END},
 * and {@code kprobe:}/{@code kretprobe:}/{@code kfunc:}/{@code kretfunc:} where the kernel has them.
 */
public final class Trace {
    /** How much of a string {@link #str(Num)} reads, as bpftrace's default: 63 characters and the NUL. */
    public static final int STRING_LENGTH = 64;

    static {
        // A one-liner reads the machine's tracefs and BTF before any object exists (its probes, their fields): in a
        // replay those reads must come from the recording, so the session's backend is chosen before the first.
        Backends.current();
    }

    private Trace() {
    }

    /** The probes a one-liner runs at, as bpftrace names them; each may hold wildcards (tracepoints). */
    public static Probes on(String... probes) {
        String call = "on(" + quoted(probes) + ")";
        if (probes.length == 0) throw new OneLinerException(call, "on() needs a probe, e.g. on(\"tracepoint:syscalls:sys_enter_openat\")");
        List<Probe> parsed = new ArrayList<>();
        for (String p : probes) parsed.addAll(ProbeParser.parse(p, call));
        List<Probe> named = named(parsed, new HashSet<>());
        return new Probes(new Spec(List.of(probes), List.of(), named, List.of(), null, null, null, List.of(), 0, null, null, List.of(call)));
    }

    /**
     * The time from {@code start} to {@code end} on the same thread, bpftrace's {@code @start[tid] = nsecs} then
     * {@code nsecs - @start[tid]}: use {@link #elapsed()} in the action, e.g. {@code .hist(elapsed()).by(comm())}.
     */
    public static Probes between(String start, String end) {
        return between(start, end, tid());
    }

    /** As {@link #between(String, String)}, a start matched with its end by {@code match} (a request's address, a pid). */
    public static Probes between(String start, String end, Num match) {
        String call = "between(\"" + start + "\", \"" + end + "\"" + (match.node().equals(new BuiltinValue(Builtin.TID)) ? "" : ", " + match.call()) + ")";
        Set<String> taken = new HashSet<>();
        List<Probe> starts = named(ProbeParser.parse(start, call), taken);
        List<Probe> ends = named(ProbeParser.parse(end, call), taken);
        return new Probes(new Spec(List.of(end), List.of(start), ends, starts, match, null, null, List.of(), 0, null, null, List.of(call)));
    }

    /** Program names: on_ and the event, _return for return probes; unique in the object. */
    private static List<Probe> named(List<Probe> probes, Set<String> taken) {
        List<Probe> named = new ArrayList<>();
        for (Probe p : probes) {
            String base = CText.identifier("on_" + p.event() + (p.type().isReturn() ? "_return" : ""));
            String name = base;
            for (int i = 2; taken.contains(name); i++) name = base + "_" + i;
            taken.add(name);
            named.add(p.withProgram(name));
        }
        return named;
    }

    private static String quoted(String... probes) {
        return Arrays.stream(probes).map(p -> "\"" + p + "\"").collect(Collectors.joining(", "));
    }

    /** The probes matching {@code search}, bpftrace's {@code -l}: one column, {@code probe}. */
    public static Table list(String search) {
        return ProbeListing.list(search);
    }

    /** What a probe offers, bpftrace's {@code -lv}: its fields or arguments, their C types, and how to read each in the DSL. */
    public static Table describe(String probe) {
        return ProbeListing.describe(probe);
    }

    // ---- values: bpftrace's builtins ----

    /** The process id (bpftrace's {@code pid}: the thread group). */
    public static Num pid() {
        return builtin(Builtin.PID);
    }

    /** The thread id. */
    public static Num tid() {
        return builtin(Builtin.TID);
    }

    public static Num uid() {
        return builtin(Builtin.UID);
    }

    /** The CPU the probe fired on. */
    public static Num cpu() {
        return builtin(Builtin.CPU);
    }

    /** Nanoseconds since boot, CLOCK_MONOTONIC ({@code System.nanoTime()}'s clock). */
    public static Num nsecs() {
        return builtin(Builtin.NSECS);
    }

    /** What the function returned, at uretprobe, kretprobe and kretfunc probes. */
    public static Num retval() {
        return builtin(Builtin.RETVAL);
    }

    /** Nanoseconds from the start probe of {@link #between} to its end, on the same thread (or whatever matched them). */
    public static Num elapsed() {
        return builtin(Builtin.ELAPSED);
    }

    /** The thread's name (16 bytes, as the kernel keeps it). */
    public static Str comm() {
        return new Str(new BuiltinValue(Builtin.COMM), "comm()", "comm");
    }

    /** The name of the probe that fired, e.g. {@code tracepoint:sched:sched_switch}: a key for wildcard probes. */
    public static Str probe() {
        return new Str(new BuiltinValue(Builtin.PROBE), "probe()", "probe");
    }

    /** The kernel stack. */
    public static Stack kstack() {
        return new Stack(new BuiltinValue(Builtin.KSTACK), "kstack()", "kstack");
    }

    /** The user stack (named within its process, whose pid the results carry). */
    public static Stack ustack() {
        return new Stack(new BuiltinValue(Builtin.USTACK), "ustack()", "ustack");
    }

    /** A tracepoint's field ({@code args.filename}), or a named argument of a tp_btf, raw tracepoint or kfunc probe. */
    public static Arg arg(String name) {
        return new Arg(new NamedArg(name), "arg(\"" + name + "\")", Expr.columnName("arg(\"" + name + "\")", name));
    }

    /** bpftrace's {@code arg0}, {@code arg1}, ...: a uprobe's or kprobe's register arguments, a USDT probe's, a raw tracepoint's. */
    public static Arg arg(int index) {
        if (index < 0) throw new OneLinerException("arg(" + index + ")", "arguments count from 0: arg(0) is the first");
        return new Arg(new IndexedArg(index), "arg(" + index + ")", "arg" + index);
    }

    /** The text {@code value} points to (or holds, for a char array), up to 63 characters: bpftrace's {@code str()}. */
    public static Str str(Num value) {
        return str(value, STRING_LENGTH);
    }

    /** As {@link #str(Num)}, reading up to {@code length - 1} characters (2 to 256). */
    public static Str str(Num value, int length) {
        String call = "str(" + value.call() + (length == STRING_LENGTH ? "" : ", " + length) + ")";
        if (length < 2 || length > 256) {
            throw new OneLinerException(call, "str(.., " + length + ") reads " + length + " bytes: choose 2 to 256 (each string is built on the 512-byte BPF stack)");
        }
        return new Str(new ReadString(value.node(), length), call, value.name());
    }

    /** Holds when {@code filter} does not. */
    public static Filter not(Filter filter) {
        return Filter.not(filter);
    }

    private static Num builtin(Builtin b) {
        String name = b.name().toLowerCase();
        return new Num(new BuiltinValue(b), name + "()", name);
    }
}
