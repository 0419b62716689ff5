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

    /** {@code hz} times a second on every online CPU. */
    record Sampling(int hz) implements AttachRequest {
    }

    /** Every {@code periodNanos} on the first online CPU. */
    record Timer(long periodNanos) implements AttachRequest {
    }
}
