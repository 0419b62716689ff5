package io.tracebook.kernel.bpf;

import io.tracebook.kernel.KernelHooks;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;

/**
 * {@code %trace [--for 10s] [--c | --explain] PROBE... CHAIN}: a one-liner of the DSL on a line, as bpftrace takes one
 * on its command line, e.g. {@code %trace tracepoint:raw_syscalls:sys_enter count().by(comm())}. The probes are named as
 * bpftrace names them; {@code between START END} in their place times from one to the other. The chain is the DSL's
 * Java after {@code Trace.on(..)}. It runs as {@code Trace.on(PROBE...).CHAIN.live(duration)}: a live view while it
 * traces (10 s unless {@code --for} says; the stop button ends it sooner), then the final Table as the cell's value.
 * {@code --c} shows the C instead, {@code --explain} what each call became. The work runs as cell code, so errors
 * render as any cell's. In a kernel without {@link KernelHooks} the line's words are all it gets: quotes are lost,
 * so a chain with a string in it needs the Java form there.
 */
final class TraceMagic implements LineMagic<Object, BaseKernel> {
    static final String USAGE = "usage: %trace [--for 10s] [--c | --explain] PROBE... CHAIN, e.g. "
            + "%trace tracepoint:raw_syscalls:sys_enter count().by(comm()); or %trace between START END hist(elapsed())";
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");
    private static final long DEFAULT_MILLIS = 10_000;

    @Override
    public Object eval(BaseKernel kernel, List<String> args) {
        String text = kernel instanceof KernelHooks hooks ? hooks.lineMagicText() : String.join(" ", args);
        return kernel.evalRaw(java(text));
    }

    /** The Java the line stands for. */
    static String java(String text) {
        String rest = text.strip();
        long millis = DEFAULT_MILLIS;
        String finish = null;
        while (rest.startsWith("--")) {
            String option = firstWord(rest);
            rest = rest.substring(option.length()).strip();
            switch (option) {
                case "--for" -> {
                    String duration = firstWord(rest);
                    Matcher m = DURATION.matcher(duration);
                    if (!m.matches()) throw new IllegalArgumentException("--for takes a duration such as 500ms, 10s or 2m, not '" + duration + "'");
                    millis = Long.parseLong(m.group(1)) * switch (m.group(2)) {
                        case "ms" -> 1;
                        case "s" -> 1000;
                        default -> 60_000;
                    };
                    rest = rest.substring(duration.length()).strip();
                }
                case "--c" -> finish = ".c()";
                case "--explain" -> finish = ".explain()";
                default -> throw new IllegalArgumentException("unknown option " + option + "; " + USAGE);
            }
        }
        List<String> probes = new ArrayList<>();
        while (!rest.isEmpty() && !firstWord(rest).contains("(")) {
            String probe = firstWord(rest);
            probes.add(probe);
            rest = rest.substring(probe.length()).strip();
        }
        if (probes.isEmpty() || rest.isEmpty()) throw new IllegalArgumentException(USAGE);
        String start;
        if (probes.getFirst().equals("between")) {
            if (probes.size() != 3) throw new IllegalArgumentException("between takes a start probe and an end probe; " + USAGE);
            start = "io.tracebook.bpf.dsl.Trace.between(" + quoted(probes.subList(1, 3)) + ")";
        } else {
            start = "io.tracebook.bpf.dsl.Trace.on(" + quoted(probes) + ")";
        }
        String chain = rest.startsWith(".") ? rest : "." + rest;
        return start + chain + (finish != null ? finish : ".live(java.time.Duration.ofMillis(" + millis + "))");
    }

    private static String firstWord(String text) {
        int space = 0;
        while (space < text.length() && !Character.isWhitespace(text.charAt(space))) space++;
        return text.substring(0, space);
    }

    private static String quoted(List<String> probes) {
        return String.join(", ", probes.stream().map(BpfCellMagic::javaString).toList());
    }
}
