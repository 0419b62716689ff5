package io.tracebook.bpf.record;

/** Where a program is asked to attach, as the user asked it (before paths are resolved): what a replay compares. */
public sealed interface AttachRequest {
    /** Where its SEC() name says. */
    record Auto() implements AttachRequest {
    }

    /** {@code symbol} of {@code binary} ("libc", a path, a program on PATH), in process {@code pid} or all (-1). */
    record Uprobe(String binary, String symbol, int pid) implements AttachRequest {
    }

    /** The USDT probe {@code provider:probe} of {@code binary}, in process {@code pid} or all (-1). */
    record Usdt(String binary, String provider, String probe, int pid) implements AttachRequest {
    }

    /**
     * Perf event {@code type}/{@code config} ({@code name}, as perf names it), sampled every {@code period} events or,
     * when {@code frequency}, {@code period} times a second: on every online CPU ({@code pid} -1), or in each thread of
     * process {@code pid} and those it starts.
     */
    record PerfEvent(int type, long config, String name, long period, boolean frequency, int pid) implements AttachRequest {
        /** "cpu-clock at 99 Hz", "page-faults every 100 events". */
        public String rate() {
            return name + (frequency ? " at " + period + " Hz" : " every " + period + (period == 1 ? " event" : " events"));
        }
    }

    /** Every {@code periodNanos} on the first online CPU. */
    record Timer(long periodNanos) implements AttachRequest {
    }
}
