package io.tracebook.bpf.error;

import java.nio.file.Path;

/**
 * Recording or replaying went wrong: a recording that is missing, cut short, corrupt or of a newer format, a
 * notebook that no longer matches its recording, a disk that filled up while recording. {@link #file()} is the
 * recording concerned (null when there is none).
 */
public final class RecordingException extends BpfException {
    private final Path file;

    public RecordingException(Path file, String message) {
        this(file, message, "", null);
    }

    public RecordingException(Path file, String message, String details, Throwable cause) {
        super(message, details, cause);
        this.file = file;
    }

    public Path file() { return file; }
}
