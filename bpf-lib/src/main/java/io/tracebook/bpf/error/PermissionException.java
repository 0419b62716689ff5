package io.tracebook.bpf.error;

/** The process lacks a privilege BPF needs; {@link #capability()} names it (e.g. CAP_BPF, CAP_PERFMON). */
public final class PermissionException extends BpfException {
    private final String capability;

    public PermissionException(String message, String capability) {
        super(message);
        this.capability = capability;
    }

    public String capability() { return capability; }
}
