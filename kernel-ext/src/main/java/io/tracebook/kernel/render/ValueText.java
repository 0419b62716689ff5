package io.tracebook.kernel.render;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.columns.Column;

/**
 * The text of one value of a table (a column at a row) as the notebook shows it: as Tablesaw prints
 * it, except fractional numbers, which Tablesaw prints with every digit of the double
 * ({@code 309568.95000000007}).
 */
final class ValueText {

    private static final int DECIMALS = 2;
    private static final MathContext SMALL = new MathContext(3, RoundingMode.HALF_EVEN);

    private ValueText() {
    }

    static String of(Column<?> column, int row) {
        boolean fractional = column.type() == ColumnType.DOUBLE || column.type() == ColumnType.FLOAT;
        if (!fractional || column.isMissing(row)) {
            return column.getString(row);
        }
        double value = ((NumericColumn<?>) column).getDouble(row);
        return Double.isFinite(value) ? decimal(value) : column.getString(row);
    }

    /** Two decimals, or three significant digits below 1 so that 0.000123 does not read 0. */
    static String decimal(double value) {
        BigDecimal exact = new BigDecimal(value);
        BigDecimal rounded = Math.abs(value) < 1 ? exact.round(SMALL) : exact.setScale(DECIMALS, RoundingMode.HALF_EVEN);
        String text = rounded.stripTrailingZeros().toPlainString();
        return text.equals("-0") ? "0" : text;
    }
}
