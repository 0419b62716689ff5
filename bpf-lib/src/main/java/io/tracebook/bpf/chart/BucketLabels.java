package io.tracebook.bpf.chart;

import io.tracebook.bpf.error.BpfException;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/** Bucket labels of a histogram table, in a unit when one is given: {@code [16.4us, 32.8us)}. */
final class BucketLabels {
    private BucketLabels() {
    }

    static List<String> of(Table hist, Unit unit) {
        for (String column : List.of("bucket", "low", "high", "count")) {
            if (!hist.containsColumn(column)) {
                throw new BpfException("table " + hist.name() + " has no " + column
                        + " column; make histograms with Hist.log2(table, column) or Hist.linear(...)");
            }
        }
        if (unit == Unit.NONE) return hist.stringColumn("bucket").asList();
        LongColumn low = hist.longColumn("low");
        LongColumn high = hist.longColumn("high");
        List<String> labels = new ArrayList<>();
        for (int row = 0; row < hist.rowCount(); row++) labels.add(label(low, high, row, unit));
        return labels;
    }

    private static String label(LongColumn low, LongColumn high, int row, Unit unit) {
        if (low.isMissing(row)) return "(..., " + unit.format(high.getLong(row)) + ")";
        if (high.isMissing(row)) return "[" + unit.format(low.getLong(row)) + ", ...)";
        long lo = low.getLong(row);
        long hi = high.getLong(row);
        if (hi - lo == 1) return "[" + unit.format(lo) + "]";
        return "[" + unit.format(lo) + ", " + unit.format(hi) + ")";
    }
}
