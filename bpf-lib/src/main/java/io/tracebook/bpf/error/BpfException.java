package io.tracebook.bpf.error;

/**
 * Root of every error Tracebook raises. The message is short and says what happened, why and
 * what to do; {@link #details()} carries the long form (full compiler output, verifier log).
 * Every package of the library throws these, so they live at the top of the tree.
 *
 * <p>A message is never empty and never longer than a few lines: one that would be (a quoted source
 * line of thousands of characters, a long tool output) is cut, and kept whole at the start of
 * {@link #details()}.
 */
public class BpfException extends RuntimeException {
    private final String details;
    private volatile String consequence;

    public BpfException(String message) {
        this(message, "", null);
    }

    public BpfException(String message, Throwable cause) {
        this(message, "", cause);
    }

    public BpfException(String message, String details, Throwable cause) {
        this(message, details, cause, true);
    }

    /**
     * For kinds whose stack frames tell the user nothing (a missing privilege): with {@code stackTrace}
     * false none are recorded, so a shell that prints the exception prints only its message.
     */
    protected BpfException(String message, String details, Throwable cause, boolean stackTrace) {
        this(MessageShape.shorten(message), message, details, cause, stackTrace);
    }

    private BpfException(String shown, String message, String details, Throwable cause, boolean stackTrace) {
        super(shown, cause, true, stackTrace);
        this.details = MessageShape.details(message, shown, details);
    }

    /** The long form behind the message: a compiler's full output, a verifier log; empty when there is none. */
    public String details() {
        return details;
    }

    /**
     * Adds what Tracebook did about this failure as the message's last line, e.g. that it closed the object
     * whose attach failed; returns this exception, to be thrown.
     */
    public BpfException withConsequence(String sentence) {
        consequence = sentence;
        return this;
    }

    @Override
    public String getMessage() {
        String message = super.getMessage();
        String then = consequence;
        return then == null ? message : message + "\n" + then;
    }
}
