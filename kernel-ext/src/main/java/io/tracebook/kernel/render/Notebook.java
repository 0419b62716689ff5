package io.tracebook.kernel.render;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/** The functions cells call without qualification (imported statically into every session), named as in IJava and JJava. */
public final class Notebook {

    private Notebook() {
    }

    /** Shows the value below the cell and returns the display id for {@link #updateDisplay}. */
    public static String display(Object value, String... mimeTypes) {
        return Displays.display(value, mimeTypes);
    }

    /** Redraws display {@code id}; works from background threads after the cell returned. */
    public static void updateDisplay(String id, Object value, String... mimeTypes) {
        Displays.update(id, value, mimeTypes);
    }

    /** Clears the cell's output so far. */
    public static void clearOutput() {
        Displays.clearOutput(false);
    }

    /** The value rendered as Jupyter output; as a cell's last expression it shows as such. */
    public static DisplayData render(Object value, String... mimeTypes) {
        return Displays.render(value, mimeTypes);
    }
}
