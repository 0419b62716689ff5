package io.tracebook.bpf.chart;

import java.math.BigDecimal;
import java.math.MathContext;

/** The unit of a histogram's values, for readable bucket labels: 16384 ns reads {@code 16.4us}. */
public enum Unit {
    /** Plain numbers: the labels of the histogram table as they are. */
    NONE("", 1),
    NANOSECONDS("ns", 1),
    MICROSECONDS("us", 1_000),
    MILLISECONDS("ms", 1_000_000),
    SECONDS("s", 1_000_000_000),
    /** Sizes: 1024-based, {@code 16KiB}. */
    BYTES("B", 1);

    private static final String[] TIME_SUFFIXES = {"ns", "us", "ms", "s"};
    private static final String[] SIZE_SUFFIXES = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private final String symbol;
    private final long nanos;

    Unit(String symbol, long nanos) {
        this.symbol = symbol;
        this.nanos = nanos;
    }

    /** The short symbol for axis titles ({@code ns}, {@code B}); empty for {@link #NONE}. */
    public String symbol() {
        return symbol;
    }

    /** A value in this unit as a short label: at most three significant digits and the largest unit that keeps it 1 or more. */
    public String format(long value) {
        return switch (this) {
            case NONE -> Long.toString(value);
            case BYTES -> scaled(value, 1024, SIZE_SUFFIXES);
            default -> scaled(BigDecimal.valueOf(value).multiply(BigDecimal.valueOf(nanos)), 1000, TIME_SUFFIXES);
        };
    }

    private static String scaled(long value, int base, String[] suffixes) {
        return scaled(BigDecimal.valueOf(value), base, suffixes);
    }

    private static String scaled(BigDecimal value, int base, String[] suffixes) {
        int i = 0;
        BigDecimal b = BigDecimal.valueOf(base);
        while (i < suffixes.length - 1 && value.abs().compareTo(b) >= 0) {
            value = value.divide(b);
            i++;
        }
        BigDecimal rounded = value.round(new MathContext(3)).stripTrailingZeros();
        return rounded.toPlainString() + suffixes[i];
    }
}
