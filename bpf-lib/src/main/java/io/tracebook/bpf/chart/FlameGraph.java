package io.tracebook.bpf.chart;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Flame graphs of folded stacks: a Table with columns {@code stack} (frames root first, joined
 * with {@code ;}, as in Brendan Gregg's {@code stackcollapse} output) and {@code count}. Each
 * frame is a box as wide as its share of the samples, its callees stacked on top of it; hovering
 * a box shows its full name, samples and percentage.
 */
public final class FlameGraph {
    public static final String STACK = "stack";
    public static final String COUNT = "count";

    private static final int WIDTH = 1200;
    private static final int FRAME_HEIGHT = 17;
    private static final int MARGIN = 10;
    private static final int TITLE_HEIGHT = 34;
    private static final double FONT_SIZE = 12;
    /** DejaVu Sans Mono's advance is 0.602 em; text is cut to what fits at that width. */
    private static final double CHAR_WIDTH = FONT_SIZE * 0.602;
    /** Boxes narrower than this are left out: they could not be seen or hovered. */
    private static final double MIN_WIDTH = 0.1;

    private FlameGraph() {
    }

    /** Counts identical stacks (each a list of frames, root first) into a folded-stacks Table, sorted by stack. */
    public static Table fold(Collection<? extends List<String>> stacks) {
        Map<String, Long> counts = new TreeMap<>();
        for (List<String> frames : stacks) counts.merge(String.join(";", frames), 1L, Long::sum);
        return folded(counts);
    }

    /** A folded-stacks Table from stack → count; stacks that occur twice would have been merged by the map. */
    public static Table folded(Map<String, Long> counts) {
        StringColumn stack = StringColumn.create(STACK);
        LongColumn count = LongColumn.create(COUNT);
        new TreeMap<>(counts).forEach((s, n) -> {
            stack.append(s);
            count.append(n);
        });
        return Table.create("folded stacks", stack, count);
    }

    /** The flame graph of {@code folded}, titled with the table's name. */
    public static Svg svg(Table folded) {
        return svg(folded, folded.name());
    }

    public static Svg svg(Table folded, String title) {
        FrameTree root = new FrameTree("all");
        StringColumn stacks = folded.stringColumn(STACK);
        LongColumn counts = folded.longColumn(COUNT);
        for (int row = 0; row < folded.rowCount(); row++) {
            if (stacks.isMissing(row) || counts.isMissing(row) || counts.getLong(row) <= 0) continue;
            root.add(stacks.get(row).split(";"), counts.getLong(row));
        }
        return new Renderer(root, title).render();
    }

    /** Lays the tree out bottom-up, root at the bottom, one row per stack depth. */
    private static final class Renderer {
        private final FrameTree root;
        private final String title;
        private final int height;
        private final double scale;
        private final StringBuilder out = new StringBuilder();

        Renderer(FrameTree root, String title) {
            this.root = root;
            this.title = title;
            this.height = TITLE_HEIGHT + root.depth() * FRAME_HEIGHT + MARGIN;
            this.scale = root.total == 0 ? 0 : (WIDTH - 2.0 * MARGIN) / root.total;
        }

        Svg render() {
            // no XML declaration: the SVG is also embedded in HTML, where nbconvert's cleaner (lxml) rejects one
            out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                    .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height).append("\">\n")
                    .append("<title>").append(escape(title)).append("</title>\n")
                    .append("<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#fdf8ef\"/>\n")
                    .append("<text x=\"").append(WIDTH / 2).append("\" y=\"22\" text-anchor=\"middle\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"16\">")
                    .append(escape(title)).append("</text>\n")
                    .append("<g font-family=\"DejaVu Sans Mono, monospace\" font-size=\"").append(num(FONT_SIZE)).append("\">\n");
            if (root.total > 0) frame(root, MARGIN, 0);
            out.append("</g>\n</svg>\n");
            String description = "flame graph \"" + title + "\", " + root.total + (root.total == 1 ? " sample" : " samples");
            return new Svg(out.toString(), WIDTH, height, description);
        }

        private void frame(FrameTree node, double x, int level) {
            double width = node.total * scale;
            if (width < MIN_WIDTH) return;
            double y = height - MARGIN - (level + 1) * FRAME_HEIGHT;
            double percent = 100.0 * node.total / root.total;
            out.append("<g><title>").append(escape(node.name)).append(" (").append(node.total)
                    .append(node.total == 1 ? " sample, " : " samples, ").append(String.format(Locale.ROOT, "%.2f", percent)).append("%)</title>")
                    .append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"").append(num(width))
                    .append("\" height=\"").append(FRAME_HEIGHT - 1).append("\" rx=\"2\" fill=\"").append(colour(node.name)).append("\"/>");
            String label = fitted(node.name, width);
            if (!label.isEmpty()) {
                out.append("<text x=\"").append(num(x + 3)).append("\" y=\"").append(num(y + FRAME_HEIGHT - 5)).append("\">")
                        .append(escape(label)).append("</text>");
            }
            out.append("</g>\n");
            double childX = x;
            for (FrameTree child : node.children.values()) {
                frame(child, childX, level + 1);
                childX += child.total * scale;
            }
        }
    }

    /** The name cut to the box's width, ".." marking a cut; empty when not even three characters fit. */
    static String fitted(String name, double width) {
        int fits = (int) ((width - 6) / CHAR_WIDTH);
        if (fits >= name.length()) return name;
        if (fits < 3) return "";
        return name.substring(0, fits - 2) + "..";
    }

    /** Warm colours (reds, oranges, yellows), the same for a name every time so two graphs compare by eye. */
    static String colour(String name) {
        int h = name.hashCode() * 0x9E3779B1;
        double a = ((h >>> 8) & 0xff) / 255.0;
        double b = ((h >>> 16) & 0xff) / 255.0;
        int red = 205 + (int) (50 * a);
        int green = (int) (230 * b);
        int blue = (int) (55 * a);
        return String.format(Locale.ROOT, "#%02x%02x%02x", red, green, blue);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> b.append(c < 0x20 ? ' ' : c);
            }
        }
        return b.toString();
    }
}
