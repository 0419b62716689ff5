package io.tracebook.bpf.analysis;

/**
 * bpftrace's {@code hist()} buckets: index 0 holds negative values {@code (..., 0)}, 1 holds
 * {@code [0]}, 2 holds {@code [1]}, and index {@code k + 2} holds {@code [2^k, 2^(k+1))}. Unlike
 * bpftrace 0.17, which puts every value of 2^31 or more into {@code [2G, 4G)} (bpftrace issue 856,
 * fixed in 0.20), values up to {@code Long.MAX_VALUE} land in their own power-of-two bucket.
 */
final class Log2Buckets implements Buckets {
    static final Log2Buckets INSTANCE = new Log2Buckets();
    /** Indexes 0 .. 65: negatives, 0, 1, and the 63 powers 2^1 .. 2^63. */
    static final int COUNT = 65;

    private Log2Buckets() {
    }

    @Override
    public long index(long value) {
        if (value < 0) return 0;
        if (value == 0) return 1;
        return 63 - Long.numberOfLeadingZeros(value) + 2;
    }

    @Override
    public long low(long index) {
        if (index == 0) return UNBOUNDED;
        if (index == 1) return 0;
        return 1L << (index - 2);
    }

    @Override
    public long high(long index) {
        if (index == 0) return 0;
        if (index == 1) return 1;
        return index - 1 >= 63 ? UNBOUNDED : 1L << (index - 1);
    }

    @Override
    public String label(long index) {
        if (index == 0) return "(..., 0)";
        if (index == 1) return "[0]";
        if (index == 2) return "[1]";
        int power = (int) index - 2;
        return "[" + SizeSuffix.power(power) + ", " + SizeSuffix.power(power + 1) + ")";
    }
}
