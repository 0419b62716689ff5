package io.tracebook.kernel.render;

import io.tracebook.bpf.error.BpfException;


/** A BPF error as its short message, with the long form (compiler output, verifier log) folded below. */
final class BpfErrorHtml {

    private BpfErrorHtml() {
    }

    static String html(BpfException e) {
        StringBuilder html = new StringBuilder("<div class=\"tracebook-error\">")
                .append("<pre style=\"color: #b00; white-space: pre-wrap; margin: 0\">")
                .append(TableHtml.escape(headline(e)))
                .append("</pre>");
        if (!e.details().isBlank()) {
            long lines = e.details().lines().count();
            html.append("<details><summary>")
                    .append(lines).append(lines == 1 ? " line" : " lines").append(" of detail")
                    .append("</summary><pre style=\"white-space: pre-wrap\">")
                    .append(TableHtml.escape(e.details()))
                    .append("</pre></details>");
        }
        return html.append("</div>").toString();
    }

    static String text(BpfException e) {
        String details = e.details();
        return details.isBlank() ? headline(e)
                : headline(e) + "\n(" + details.lines().count() + " lines of detail: the HTML view folds them, details() returns them)";
    }

    private static String headline(BpfException e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
