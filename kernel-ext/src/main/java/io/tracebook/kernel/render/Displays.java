package io.tracebook.kernel.render;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * Rich output from any code running in the Tracebook kernel, during a cell or after it returned
 * (a background thread updating a live chart). {@link #display} shows a value in the cell the
 * calling thread belongs to; {@link #update} redraws it in place, throttled to a few redraws per
 * second, the latest value winning. Values are rendered when they are sent, so pass a snapshot
 * that nobody changes afterwards.
 */
public final class Displays {

    private static volatile LiveDisplays live;

    private Displays() {
    }

    /** Called once by the kernel that publishes the displays. */
    public static void install(LiveDisplays displays) {
        live = displays;
    }

    /** Whether displays work here: in the Tracebook kernel, once it started; not in another kernel or outside one. */
    public static boolean isAvailable() {
        return live != null;
    }

    /** Shows the value, rendered as the given MIME types (all the renderer knows when none); returns its display id. */
    public static String display(Object value, String... mimeTypes) {
        return live().display(value, mimeTypes);
    }

    /** Replaces the content of display {@code id} with {@code value}; never blocks. */
    public static void update(String id, Object value, String... mimeTypes) {
        live().update(id, value, mimeTypes);
    }

    /** Clears the output of the calling thread's cell; with {@code wait}, only when new output arrives (no flicker). */
    public static void clearOutput(boolean wait) {
        live().clearOutput(wait);
    }

    /** The value rendered for Jupyter, as the given MIME types or all the renderer knows. */
    public static DisplayData render(Object value, String... mimeTypes) {
        return live().render(value, mimeTypes);
    }

    private static LiveDisplays live() {
        LiveDisplays displays = live;
        if (displays == null) {
            throw new IllegalStateException("Displays work inside the Tracebook Jupyter kernel only; "
                    + "this JVM is not running it (start a notebook with the \"Java (Tracebook)\" kernel)");
        }
        return displays;
    }
}
