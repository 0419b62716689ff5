package io.tracebook.bpf.display;

import java.io.PrintStream;
import tech.tablesaw.api.Table;

/**
 * Redraws a live view in a terminal: on an ANSI terminal the previous frame is erased (cursor up,
 * clear to end); elsewhere (a pipe, a log) frames are printed one after the other.
 */
public final class TerminalSurface implements LiveSurface {
    private static final int MAX_ROWS = 20;

    private final PrintStream out;
    private final boolean ansi;
    private int previousLines;

    public TerminalSurface(PrintStream out) {
        this(out, isAnsiTerminal());
    }

    public TerminalSurface(PrintStream out, boolean ansi) {
        this.out = out;
        this.ansi = ansi;
    }

    private static boolean isAnsiTerminal() {
        String term = System.getenv("TERM");
        return term != null && !term.isEmpty() && !term.equals("dumb") && System.getenv("CI") == null;
    }

    @Override
    public synchronized void show(Object frame) {
        draw(frame);
    }

    @Override
    public synchronized void update(Object frame) {
        if (ansi && previousLines > 0) out.print("\033[" + previousLines + "A\033[J");
        draw(frame);
    }

    private void draw(Object frame) {
        String text = text(frame);
        out.println(text);
        out.flush();
        previousLines = (int) text.lines().count();
    }

    static String text(Object frame) {
        if (frame instanceof Table t) {
            return t.rowCount() > MAX_ROWS ? t.last(MAX_ROWS).print(MAX_ROWS) + "\n(" + t.rowCount() + " rows, last " + MAX_ROWS + " shown)" : t.print(MAX_ROWS);
        }
        return String.valueOf(frame);
    }
}
