package io.tracebook.bpf.chart;

import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/** One look for every chart: DejaVu Sans (present on plain Debian with fonts-dejavu-core), white background, muted colours. */
final class ChartStyle {
    static final int WIDTH = 900;
    static final int HEIGHT = 520;
    static final Color[] SERIES = {
        new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868), new Color(0xC44E52), new Color(0x8172B3),
        new Color(0x937860), new Color(0xDA8BC3), new Color(0x8C8C8C), new Color(0xCCB974), new Color(0x64B5CD)
    };
    private static final String FONT = "DejaVu Sans";
    private static final Color TEXT = new Color(0x333333);
    private static final Color GRID = new Color(0xE5E5E5);

    private ChartStyle() {
    }

    static void apply(AxesChartStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setChartFontColor(TEXT);
        styler.setChartTitleFont(new Font(FONT, Font.BOLD, 16));
        styler.setChartTitleBoxVisible(false);
        styler.setAxisTitleFont(new Font(FONT, Font.PLAIN, 13));
        styler.setAxisTickLabelsFont(new Font(FONT, Font.PLAIN, 11));
        styler.setAxisTickLabelsColor(TEXT);
        styler.setLegendFont(new Font(FONT, Font.PLAIN, 12));
        styler.setLegendBorderColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setPlotGridLinesColor(GRID);
        styler.setPlotGridVerticalLinesVisible(false);
        styler.setSeriesColors(SERIES);
        styler.setChartPadding(14);
        styler.setAntiAlias(true);
    }
}
