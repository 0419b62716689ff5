package io.tracebook.bpf.record;

import io.tracebook.bpf.sys.HostFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The recording machine's kernel-describing files, as the recording read them: a replay's one-liners check their
 * probes against the tracepoints and types the recording kernel had, on a machine that may not read its own.
 */
final class ReplayedFiles implements HostFiles.Reader {
    private final Replayer replayer;

    ReplayedFiles(Replayer replayer) {
        this.replayer = replayer;
    }

    @Override
    public byte[] read(Path file) throws IOException {
        Object answer = answer(RecordingFiles.READ, file, "read of " + file);
        if (answer instanceof String failure) throw new IOException(failure);
        return ((byte[]) answer).clone();
    }

    @Override
    public boolean exists(Path path) {
        return (Boolean) answer(RecordingFiles.EXISTS, path, "look for " + path);
    }

    @Override
    public boolean isDirectory(Path path) {
        return (Boolean) answer(RecordingFiles.DIRECTORY, path, "look for the directory " + path);
    }

    private Object answer(int op, Path path, String what) {
        Object answer = replayer.tape().hostFiles.get(op + ":" + path);
        if (answer == null) throw replayer.absent(what + " (the recording machine's files answer only what the recording asked)");
        return answer;
    }
}
