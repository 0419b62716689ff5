package io.tracebook.bpf.analysis;

/**
 * The buckets of log2 histograms kept as {@code u32 slots[N]} (bcc's libbpf-tools and programs like them): slot
 * {@code k} counts values whose floor(log2) is {@code k}, {@code [2^k, 2^(k+1))}, as their {@code log2()} and
 * {@code log2l()} helpers compute it; that makes slot 0 hold both 0 and 1, {@code [0, 2)}. From slot 1 on, the
 * buckets and labels are those of {@link Log2Buckets}.
 */
final class Log2Slots implements Buckets {
    static final Log2Slots INSTANCE = new Log2Slots();

    private Log2Slots() {
    }

    @Override
    public long index(long value) {
        return value < 2 ? 0 : 63 - Long.numberOfLeadingZeros(value);
    }

    @Override
    public long low(long index) {
        return index == 0 ? 0 : 1L << index;
    }

    @Override
    public long high(long index) {
        return index >= 62 ? UNBOUNDED : 1L << (index + 1);
    }

    @Override
    public String label(long index) {
        return index == 0 ? "[0, 2)" : "[" + SizeSuffix.power((int) index) + ", " + SizeSuffix.power((int) index + 1) + ")";
    }
}
