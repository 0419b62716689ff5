package io.tracebook.bpf.error;

/**
 * A one-liner of the DSL ({@code Trace.on(..)...}) that cannot work as written: {@link #call()} is the call
 * that is wrong, e.g. {@code hist(arg("filename"))}. Raised at that call, before anything reaches clang; an
 * error in the C a one-liner generated is one too, naming the call whose C failed, with the generated C and
 * the compiler's or verifier's own words in {@link #details()} and the original error as the cause.
 */
public final class OneLinerException extends BpfException {
    private final String call;

    public OneLinerException(String call, String message) {
        this(call, message, "", null);
    }

    public OneLinerException(String call, String message, String details, Throwable cause) {
        super(message, details, cause);
        this.call = call;
    }

    /** The DSL call that is wrong, as written: {@code when(comm().eq("bash"))}. */
    public String call() {
        return call;
    }
}
