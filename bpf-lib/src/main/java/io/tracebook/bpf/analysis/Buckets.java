package io.tracebook.bpf.analysis;

/**
 * How a histogram maps values to bucket indexes, and each bucket's edges and label. An edge of
 * {@link #UNBOUNDED} means the bucket is open on that side (it becomes a missing value in the table).
 */
sealed interface Buckets permits Log2Buckets, Log2Slots, LinearBuckets {
    long UNBOUNDED = Long.MIN_VALUE;

    long index(long value);

    /** The lowest value in the bucket, or {@link #UNBOUNDED}. */
    long low(long index);

    /** The first value above the bucket, or {@link #UNBOUNDED}. */
    long high(long index);

    String label(long index);
}
