package io.tracebook.bpf.record;

import io.tracebook.bpf.sys.HostFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/** The machine's kernel-describing files while recording: read as usual, each answer kept once. */
final class RecordingFiles implements HostFiles.Reader {
    static final int EXISTS = 1;
    static final int DIRECTORY = 2;
    static final int READ = 3;

    private final Recorder recorder;
    private final Set<String> kept = new HashSet<>();

    RecordingFiles(Recorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public byte[] read(Path file) throws IOException {
        try {
            byte[] bytes = HostFiles.REAL.read(file);
            keep(READ, file, out -> {
                out.putByte(1);
                out.putBlob(bytes);
            });
            return bytes;
        } catch (IOException e) {
            keep(READ, file, out -> {
                out.putByte(0);
                out.putString(String.valueOf(e.getMessage()));
            });
            throw e;
        }
    }

    @Override
    public boolean exists(Path path) {
        boolean answer = HostFiles.REAL.exists(path);
        keep(EXISTS, path, out -> out.putByte(answer ? 1 : 0));
        return answer;
    }

    @Override
    public boolean isDirectory(Path path) {
        boolean answer = HostFiles.REAL.isDirectory(path);
        keep(DIRECTORY, path, out -> out.putByte(answer ? 1 : 0));
        return answer;
    }

    private void keep(int op, Path path, Consumer<RecordBuffer> answer) {
        synchronized (kept) {
            if (!kept.add(op + ":" + path)) return;
        }
        recorder.write(RecordType.HOST_FILE, out -> {
            out.putByte(op);
            out.putString(path.toString());
            answer.accept(out);
        });
    }
}
