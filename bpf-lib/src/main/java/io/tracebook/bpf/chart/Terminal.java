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

    /** All rows, columns aligned: numbers to the right, text to the left, missing values blank. */
    public static String table(Table table) {
        return table(table, Integer.MAX_VALUE);
    }

    /** The first {@code maxRows} rows, columns aligned, and a line saying how many were left out. */
    public static String table(Table table, int maxRows) {
        return TextTable.render(table, maxRows);
    }

    /** Values as a line of block characters from ▁ (zero) to █ (the largest); any value above zero shows above ▁. */
    public static String sparkline(double... values) {
        return Sparkline.of(values);
    }

    /**
     * A {@code Rates} table as sparklines, one line per key: the key, the line, and the largest and
     * the last rate, e.g. {@code bash  ▁▂▅█▃  max 1200/s  last 300/s}.
     */
    public static String sparkline(Table rates) {
        return Sparkline.ofRates(rates);
    }
}
