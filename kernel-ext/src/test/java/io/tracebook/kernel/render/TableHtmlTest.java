package io.tracebook.kernel.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TableHtmlTest {

    @Test
    void fractionsShowTwoDecimalsOrThreeSignificantDigits() {
        Table stats = Table.create("usleep(usec): how late it returns",
                LongColumn.create("usec", 100, 2000, 7),
                DoubleColumn.create("avg", 309568.95000000007, 0.000123456, Double.NaN),
                FloatColumn.create("share", 56.7f, 100f, -0.0001f));
        String html = TableHtml.of(stats);
        assertTrue(html.contains("<tr><th>0</th><td>100</td><td>309568.95</td><td>56.7</td></tr>"), html);
        assertTrue(html.contains("<tr><th>1</th><td>2000</td><td>0.000123</td><td>100</td></tr>"), html);
        assertTrue(html.contains("<tr><th>2</th><td>7</td><td></td><td>-0.0001</td></tr>"), "a missing value stays blank:\n" + html);
    }

    @Test
    void decimalsRound() {
        assertEquals("1.01", ValueText.decimal(1.005000001));
        assertEquals("0", ValueText.decimal(-0.0));
        assertEquals("-3.5", ValueText.decimal(-3.5));
        assertEquals("12345678", ValueText.decimal(12345678.0));
    }

    @Test
    void onlyLongTextMayBreakAnywhere() {
        String stack = "asm_sysvec_apic_timer_interrupt_[k];irqentry_exit_to_user_mode_[k];schedule_[k];__schedule_[k]";
        String html = TableHtml.of(Table.create("samples", StringColumn.create("comm", "spinner", "spinner"),
                StringColumn.create("kernel_stack", "", stack)));
        assertTrue(html.contains("<tr><th>0</th><td style=\"text-align: left\">spinner</td><td style=\"text-align: left\"></td></tr>"), html);
        assertTrue(html.contains("<td style=\"text-align: left; overflow-wrap: anywhere\">" + stack + "</td>"), html);
    }

    @Test
    void theTitleIsKeptOnOneLineAboveTheTable() {
        String html = TableHtml.of(Table.create("openat() per reader thread", LongColumn.create("opens", 30)));
        assertTrue(html.contains("<caption>openat() per reader thread</caption>"), html);
        assertTrue(html.contains(".tracebook-table caption { caption-side: top; text-align: left; white-space: nowrap;"), html);
    }
}
