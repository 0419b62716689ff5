package io.tracebook.bpf.error;

/**
 * The process lacks a privilege BPF needs; {@link #capability()} names it (e.g. CAP_BPF, CAP_PERFMON).
 * The message is one sentence saying what to do, and the exception carries no stack frames: where the
 * missing privilege was noticed is of no use to the user, and jshell would print those frames.
 */
public final class PermissionException extends BpfException {
    private final String capability;

    public PermissionException(String message, String capability) {
        super(message, "", null, false);
        this.capability = capability;
    }

    public String capability() { return capability; }
}
