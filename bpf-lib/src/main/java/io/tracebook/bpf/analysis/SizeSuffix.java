package io.tracebook.bpf.analysis;

/** bpftrace's binary-suffixed numbers in histogram labels: 1024 is {@code 1K}, 2^20 {@code 1M}. */
final class SizeSuffix {
    private static final String POWER_SUFFIXES = "KMGTPE";
    private static final long KILO = 1024;
    private static final long MEGA = 1024 * 1024;

    private SizeSuffix() {
    }

    /** 2^power as log2 histograms label it: {@code 512}, {@code 1K}, {@code 16M}, {@code 4G}. */
    static String power(int power) {
        int thousands = Math.min(power / 10, POWER_SUFFIXES.length());
        long mantissa = 1L << (power - 10 * thousands);
        return thousands == 0 ? Long.toString(mantissa) : mantissa + String.valueOf(POWER_SUFFIXES.charAt(thousands - 1));
    }

    /** A linear histogram edge: {@code M} or {@code K} when it divides exactly, else the plain number. */
    static String number(long n) {
        if (n == 0) return "0";
        if (n % MEGA == 0) return n / MEGA + "M";
        if (n % KILO == 0) return n / KILO + "K";
        return Long.toString(n);
    }
}
