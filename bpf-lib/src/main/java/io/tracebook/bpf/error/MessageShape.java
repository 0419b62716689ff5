package io.tracebook.bpf.error;

/**
 * Keeps every message a user sees short: a few lines of reasonable width, never empty. Whatever does not
 * fit (a 4,000-character source line quoted in a compile error, a long libbpf log) is cut from the
 * message and kept whole in {@code details()}.
 */
final class MessageShape {
    static final int MAX_LINES = 10;
    /** Room for a sentence with a path or two in it; a longer line loses its middle, so that what to do (at the end) stays. */
    static final int MAX_LINE_LENGTH = 500;
    private static final String CUT = " ... ";
    private static final int KEPT_TAIL = 150;
    private static final String NO_MESSAGE = "Tracebook failed without saying why (a bug: please report it, with details())";

    private MessageShape() {
    }

    /** {@code message} as shown: at most {@link #MAX_LINES} lines of at most {@link #MAX_LINE_LENGTH} characters. */
    static String shorten(String message) {
        if (message == null || message.isBlank()) return NO_MESSAGE;
        String[] lines = message.strip().split("\n", -1);
        StringBuilder shown = new StringBuilder();
        int kept = Math.min(lines.length, MAX_LINES);
        for (int i = 0; i < kept; i++) {
            String line = lines[i];
            if (i > 0) shown.append('\n');
            shown.append(line.length() <= MAX_LINE_LENGTH ? line
                    : line.substring(0, MAX_LINE_LENGTH - KEPT_TAIL - CUT.length()) + CUT + line.substring(line.length() - KEPT_TAIL));
        }
        if (lines.length > kept) shown.append("\n... (").append(lines.length - kept).append(" more lines in details())");
        return shown.toString();
    }

    /** The details to keep: a message that had to be cut is kept whole in front of them. */
    static String details(String message, String shown, String details) {
        String rest = details == null ? "" : details;
        if (message == null || message.strip().equals(shown)) return rest;
        return rest.isEmpty() ? message : message + "\n\n" + rest;
    }
}
