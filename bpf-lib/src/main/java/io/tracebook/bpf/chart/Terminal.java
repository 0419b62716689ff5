package io.tracebook.bpf.chart;

import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Text renderings for jshell and terminals. */
public final class Terminal {
    private static final int BAR_WIDTH = 52;

    private Terminal() {
    }

    /**
     * A histogram table ({@code bucket}, {@code count}, as {@code Hist.log2}/{@code Hist.linear}
     * make) in bpftrace's layout, one line per row:
     * <pre>[16, 32)              12 |@@@@@@@@@@@@@                                       |</pre>
     * The longest bar is 52 {@code @} wide. No rows give an empty string, as bpftrace prints nothing.
     */
    public static String hist(Table hist) {
        StringColumn bucket = hist.stringColumn("bucket");
        NumericColumn<?> count = hist.numberColumn("count");
        long max = 0;
        for (int row = 0; row < hist.rowCount(); row++) max = Math.max(max, (long) count.getDouble(row));
        StringBuilder out = new StringBuilder();
        for (int row = 0; row < hist.rowCount(); row++) {
            long n = (long) count.getDouble(row);
            // float arithmetic, as bpftrace rounds it, so the bars come out the same length
            int width = max == 0 ? 0 : (int) (n / (float) max * BAR_WIDTH);
            out.append(String.format("%-16s%8d |%-" + BAR_WIDTH + "s|\n", bucket.get(row), n, "@".repeat(width)));
        }
        return out.toString();
    }
}
