package io.tracebook.bpf.chart;

import tech.tablesaw.api.NumericColumn;

/**
 * The pixels XChart is asked to leave between the ticks of a value axis. XChart picks a step of
 * 1, 2 or 5 times a power of ten from this hint, so counts up to 6 get ticks at 0.5, 1.5, ...;
 * asking for about {@code axisPixels / max} pixels per tick keeps whole-number values on whole-number ticks.
 */
final class TickSpacing {
    /** Across: wide enough for a label like "30,000" with room on either side. */
    static final int ACROSS = 90;
    /** Up: XChart's own default. */
    static final int UP = 44;

    private TickSpacing() {
    }

    static int of(NumericColumn<?> values, int axisPixels, int minimum) {
        double max = 0;
        for (int row = 0; row < values.size(); row++) {
            double v = values.getDouble(row);
            if (Double.isNaN(v)) continue;
            if (v != Math.rint(v)) return minimum;
            max = Math.max(max, Math.abs(v));
        }
        return max == 0 ? minimum : (int) Math.max(minimum, Math.ceil(axisPixels / max));
    }
}
