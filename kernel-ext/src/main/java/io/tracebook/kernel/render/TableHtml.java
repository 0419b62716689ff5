package io.tracebook.kernel.render;

import java.util.List;
import java.util.stream.IntStream;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw table as an HTML table that looks like the notebook's own (pandas' "dataframe"
 * class, which Jupyter styles): all rows when few, else the first and last {@value #EDGE_ROWS}
 * with a marker between, and the size below.
 */
final class TableHtml {

    static final int MAX_FULL_ROWS = 30;
    static final int EDGE_ROWS = 10;
    /** Longer text (a stack, a long path) may break anywhere, so that its column, not the page, takes the width it needs. */
    static final int LONG_TEXT = 60;
    private static final String BREAKABLE = " style=\"text-align: left; overflow-wrap: anywhere\"";

    private static final String STYLE = """
            <style>
              .tracebook-table { font-variant-numeric: tabular-nums; }
              .tracebook-table thead th { text-align: right; }
              .tracebook-table tbody th { color: #777; font-weight: normal; text-align: right; }
              .tracebook-table tr.tracebook-gap td, .tracebook-table tr.tracebook-gap th { text-align: center; color: #777; }
              .tracebook-table caption { caption-side: top; text-align: left; white-space: nowrap; font-weight: bold; padding-bottom: 0.3em; }
              .tracebook-size { color: #777; font-size: smaller; margin-top: 0.3em; }
            </style>
            """;

    private TableHtml() {
    }

    static String of(Table table) {
        StringBuilder html = new StringBuilder(STYLE).append("<div>\n<table class=\"dataframe tracebook-table\">\n");
        if (table.name() != null && !table.name().isBlank()) {
            html.append("<caption>").append(escape(table.name())).append("</caption>\n");
        }
        html.append("<thead><tr><th></th>");
        for (Column<?> column : table.columns()) {
            html.append("<th").append(alignment(column)).append(">").append(escape(column.name())).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        int rows = table.rowCount();
        if (rows <= MAX_FULL_ROWS) {
            appendRows(html, table, IntStream.range(0, rows).boxed().toList());
        } else {
            appendRows(html, table, IntStream.range(0, EDGE_ROWS).boxed().toList());
            html.append("<tr class=\"tracebook-gap\"><th>&hellip;</th>")
                    .append("<td>&hellip;</td>".repeat(table.columnCount())).append("</tr>\n");
            appendRows(html, table, IntStream.range(rows - EDGE_ROWS, rows).boxed().toList());
        }
        html.append("</tbody>\n</table>\n<div class=\"tracebook-size\">")
                .append(rows).append(rows == 1 ? " row" : " rows").append(" &times; ")
                .append(table.columnCount()).append(table.columnCount() == 1 ? " column" : " columns")
                .append("</div>\n</div>\n");
        return html.toString();
    }

    private static void appendRows(StringBuilder html, Table table, List<Integer> rows) {
        List<Column<?>> columns = table.columns();
        for (int row : rows) {
            html.append("<tr><th>").append(row).append("</th>");
            for (Column<?> column : columns) {
                String text = ValueText.of(column, row);
                String style = text.length() > LONG_TEXT ? BREAKABLE : alignment(column);
                html.append("<td").append(style).append(">").append(escape(text)).append("</td>");
            }
            html.append("</tr>\n");
        }
    }

    /**
     * Numbers right-aligned (the notebook's default), text left-aligned so that it reads. Inline,
     * because the notebook's own rule for table cells outranks a class selector in some front ends.
     */
    private static String alignment(Column<?> column) {
        return column.type() == ColumnType.STRING ? " style=\"text-align: left\"" : "";
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
