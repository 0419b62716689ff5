package io.tracebook.bpf.error;

/** The running kernel does not offer what the program needs (kprobes, fentry, ...). */
public final class UnsupportedFeatureException extends BpfException {
    private final String feature;

    public UnsupportedFeatureException(String feature, String message) {
        super(message);
        this.feature = feature;
    }

    public String feature() { return feature; }
}
