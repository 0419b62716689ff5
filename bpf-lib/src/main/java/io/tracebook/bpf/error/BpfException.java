package io.tracebook.bpf.error;

/**
 * Root of every error Tracebook raises. The message is short and says what happened, why and
 * what to do; {@link #details()} carries the long form (full compiler output, verifier log).
 * Every package of the library throws these, so they live at the top of the tree.
 */
public class BpfException extends RuntimeException {
    private final String details;

    public BpfException(String message) {
        this(message, "", null);
    }

    public BpfException(String message, Throwable cause) {
        this(message, "", cause);
    }

    public BpfException(String message, String details, Throwable cause) {
        super(message, cause);
        this.details = details == null ? "" : details;
    }

    /** The long form behind the message: a compiler's full output, a verifier log; empty when there is none. */
    public String details() {
        return details;
    }
}
