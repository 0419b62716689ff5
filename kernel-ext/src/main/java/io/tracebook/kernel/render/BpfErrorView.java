package io.tracebook.kernel.render;

import io.tracebook.bpf.error.BpfException;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * A BPF error as a notebook shows it: the short message, and the long form (clang's output, the verifier log,
 * {@link LongForm}) in a fold whose control looks like one. As a value ({@code display(e)}) it is both in one
 * output; thrown by a cell, the message is the cell's error output and the fold comes right below it.
 */
final class BpfErrorView {

    /**
     * Notebook 6 resets {@code summary} to {@code display: block}, which hides the disclosure triangle: the summary
     * is a list item again, and coloured and pointed at like a link, so that it reads as something to click.
     */
    private static final String SUMMARY_STYLE =
            "display: list-item; cursor: pointer; color: #1f5fa8; width: fit-content; user-select: none";
    private static final String DETAILS_STYLE = "margin: 0.2em 0 0.4em 0";
    private static final String LONG_FORM_STYLE =
            "white-space: pre-wrap; margin: 0.3em 0 0 1.2em; padding: 0.4em 0.6em; background: #f6f6f6; border-left: 3px solid #ccc";
    private static final String MESSAGE_STYLE = "color: #b00; white-space: pre-wrap; margin: 0";
    private static final int PLAIN_TEXT_LINES = 12;

    private BpfErrorView() {
    }

    /** The error as a value: its message, and the fold below it. */
    static String html(BpfException e) {
        StringBuilder html = new StringBuilder("<div class=\"tracebook-error\"><pre style=\"").append(MESSAGE_STYLE).append("\">")
                .append(TableHtml.escape(headline(e))).append("</pre>");
        LongForm longForm = LongForm.of(e, null);
        if (longForm != null) {
            html.append(foldHtml(longForm));
        }
        return html.append("</div>").toString();
    }

    static String text(BpfException e) {
        LongForm longForm = LongForm.of(e, null);
        return longForm == null ? headline(e) : headline(e) + "\n(" + longForm.label() + ": details() returns it)";
    }

    /**
     * The message of an error a cell threw, as the notebook shows it: where the library's message points at
     * {@code details()} (which a {@code %%bpf} cell's reader has no variable to call), it points at the fold below.
     */
    static String message(BpfException e) {
        return LongForm.of(e, null) == null ? e.getMessage() : e.getMessage().replace("details()", "the fold below");
    }

    /** The fold alone, shown below the message of an error a cell threw; null when the error has no long form. */
    static DisplayData fold(BpfException e, String magicCell) {
        LongForm longForm = LongForm.of(e, magicCell);
        if (longForm == null) {
            return null;
        }
        DisplayData data = new DisplayData(plainText(longForm));
        data.putHTML("<div class=\"tracebook-error-details\">" + foldHtml(longForm) + "</div>");
        return data;
    }

    private static String foldHtml(LongForm longForm) {
        return "<details style=\"" + DETAILS_STYLE + "\"><summary style=\"" + SUMMARY_STYLE + "\">"
                + TableHtml.escape(longForm.label()) + "</summary><pre style=\"" + LONG_FORM_STYLE + "\">"
                + TableHtml.escape(longForm.text()) + "</pre></details>";
    }

    /** For front ends without HTML (a terminal): the first lines of the long form, which is where what matters is. */
    private static String plainText(LongForm longForm) {
        long lines = longForm.text().lines().count();
        String head = String.join("\n", longForm.text().lines().limit(PLAIN_TEXT_LINES).toList());
        return longForm.label() + ":\n" + head + (lines > PLAIN_TEXT_LINES ? "\n... (" + (lines - PLAIN_TEXT_LINES) + " more lines)" : "");
    }

    private static String headline(BpfException e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
