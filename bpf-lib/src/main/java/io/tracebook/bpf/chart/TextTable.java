package io.tracebook.bpf.chart;

import io.tracebook.bpf.error.BpfException;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** A Table as aligned text: a header line, a rule, then the rows. */
final class TextTable {
    private static final String GAP = "  ";

    private TextTable() {
    }

    static String render(Table table, int maxRows) {
        if (maxRows < 0) throw new BpfException("maxRows is " + maxRows + "; it must be 0 or more");
        int rows = Math.min(maxRows, table.rowCount());
        List<Column<?>> columns = table.columns();
        List<String[]> cells = new ArrayList<>();
        int[] widths = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            Column<?> column = columns.get(c);
            String[] texts = new String[rows];
            widths[c] = column.name().length();
            for (int row = 0; row < rows; row++) {
                texts[row] = column.isMissing(row) ? "" : column.getString(row);
                widths[c] = Math.max(widths[c], texts[row].length());
            }
            cells.add(texts);
        }
        StringBuilder out = new StringBuilder();
        List<String> header = new ArrayList<>();
        List<String> rule = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            header.add(pad(columns.get(c).name(), widths[c], isNumeric(columns.get(c))));
            rule.add("-".repeat(widths[c]));
        }
        line(out, header);
        line(out, rule);
        for (int row = 0; row < rows; row++) {
            List<String> line = new ArrayList<>();
            for (int c = 0; c < columns.size(); c++) line.add(pad(cells.get(c)[row], widths[c], isNumeric(columns.get(c))));
            line(out, line);
        }
        if (rows < table.rowCount()) out.append("... ").append(table.rowCount() - rows).append(" more rows\n");
        return out.toString();
    }

    private static boolean isNumeric(Column<?> column) {
        return column instanceof NumericColumn<?>;
    }

    private static String pad(String text, int width, boolean right) {
        String fill = " ".repeat(width - text.length());
        return right ? fill + text : text + fill;
    }

    private static void line(StringBuilder out, List<String> cells) {
        out.append(String.join(GAP, cells).stripTrailing()).append('\n');
    }
}
