package io.tracebook.bpf.error;

import java.util.List;

/** A program could not be attached to its probe; {@link #suggestions()} lists the nearest existing names. */
public final class AttachException extends BpfException {
    private final String probe;
    private final List<String> suggestions;

    public AttachException(String message, String probe, List<String> suggestions, String details) {
        super(message, details, null);
        this.probe = probe;
        this.suggestions = List.copyOf(suggestions);
    }

    public String probe() { return probe; }
    public List<String> suggestions() { return suggestions; }
}
