package io.tracebook.bench;

import java.util.List;

/** Formats the figures as one plain-text table, columns padded to their widest cell. */
final class ResultTable {
    private static final String[] HEADER = {"figure", "Tracebook", "reference (same run)", "ratio", "target", "result"};

    private ResultTable() {
    }

    static String format(List<Figure> figures) {
        String[][] cells = new String[figures.size() + 1][];
        cells[0] = HEADER;
        for (int i = 0; i < figures.size(); i++) {
            Figure f = figures.get(i);
            cells[i + 1] = new String[] {f.name(), f.value(), f.reference(), f.ratio(), f.target(), f.verdict().name()};
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : cells) {
            for (int c = 0; c < row.length; c++) widths[c] = Math.max(widths[c], row[c].length());
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < cells.length; r++) {
            appendRow(out, cells[r], widths);
            if (r == 0) {
                String[] rule = new String[widths.length];
                for (int c = 0; c < widths.length; c++) rule[c] = "-".repeat(widths[c]);
                appendRow(out, rule, widths);
            }
        }
        return out.toString();
    }

    private static void appendRow(StringBuilder out, String[] row, int[] widths) {
        for (int c = 0; c < row.length; c++) {
            out.append(c == 0 ? "" : " | ").append(row[c]).append(" ".repeat(widths[c] - row[c].length()));
        }
        out.append(System.lineSeparator());
    }
}
