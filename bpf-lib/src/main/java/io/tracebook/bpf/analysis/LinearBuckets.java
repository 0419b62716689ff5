package io.tracebook.bpf.analysis;

import io.tracebook.bpf.error.BpfException;

/**
 * bpftrace's {@code lhist(value, min, max, step)} buckets: index 0 holds {@code (..., min)}, index
 * {@code i} in 1..n holds {@code [min + (i-1)*step, min + i*step)}, and index n+1 holds
 * {@code [max, ...)}, where n = (max - min) / step. bpftrace requires min >= 0; negative minimums
 * work here too.
 */
final class LinearBuckets implements Buckets {
    static final long MAX_BUCKETS = 1_000_000;

    private final long min;
    private final long max;
    private final long step;
    private final long buckets;

    LinearBuckets(long min, long max, long step) {
        if (step < 1) throw new BpfException("linear histogram step is " + step + "; it must be 1 or more");
        if (max <= min) {
            throw new BpfException("linear histogram range [" + min + ", " + max + ") is empty; max must be above min");
        }
        long range;
        try {
            range = Math.subtractExact(max, min);
        } catch (ArithmeticException e) {
            throw new BpfException("linear histogram range [" + min + ", " + max + ") is wider than a long; narrow it");
        }
        if (range % step != 0) {
            // bpftrace then files the values of the last, partial bucket under [max, ...); refuse instead.
            throw new BpfException("linear histogram range [" + min + ", " + max + ") is not a whole number of steps of "
                    + step + "; choose max = " + (min + (range / step + 1) * step) + " or a step that divides " + range);
        }
        if (range / step > MAX_BUCKETS) {
            throw new BpfException("linear histogram [" + min + ", " + max + ") in steps of " + step + " has "
                    + range / step + " buckets, more than " + MAX_BUCKETS + "; use a larger step or Hist.log2");
        }
        this.min = min;
        this.max = max;
        this.step = step;
        this.buckets = range / step;
    }

    @Override
    public long index(long value) {
        if (value < min) return 0;
        if (value >= max) return buckets + 1;
        return 1 + (value - min) / step;
    }

    @Override
    public long low(long index) {
        return index == 0 ? UNBOUNDED : min + (index - 1) * step;
    }

    @Override
    public long high(long index) {
        return index == buckets + 1 ? UNBOUNDED : min + index * step;
    }

    @Override
    public String label(long index) {
        if (index == 0) return "(..., " + SizeSuffix.number(min) + ")";
        if (index == buckets + 1) return "[" + SizeSuffix.number(max) + ", ...)";
        return "[" + SizeSuffix.number(low(index)) + ", " + SizeSuffix.number(high(index)) + ")";
    }
}
