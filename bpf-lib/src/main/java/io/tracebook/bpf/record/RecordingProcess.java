package io.tracebook.bpf.record;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * A process started while recording: the real one, with its pid, what the notebook read of its output and error
 * streams, and its exit status kept, for a replay to play back.
 */
final class RecordingProcess extends Process {
    static final int OUTPUT = 1;
    static final int ERROR = 2;

    private final Recorder recorder;
    private final String name;
    private final int occurrence;
    private final Process process;
    private final InputStream output;
    private final InputStream error;
    private boolean exitKept;

    RecordingProcess(Recorder recorder, String name, int occurrence, Process process) {
        this.recorder = recorder;
        this.name = name;
        this.occurrence = occurrence;
        this.process = process;
        this.output = new Kept(process.getInputStream(), OUTPUT);
        this.error = new Kept(process.getErrorStream(), ERROR);
    }

    @Override
    public OutputStream getOutputStream() {
        return process.getOutputStream();
    }

    @Override
    public InputStream getInputStream() {
        return output;
    }

    @Override
    public InputStream getErrorStream() {
        return error;
    }

    @Override
    public int waitFor() throws InterruptedException {
        int code = process.waitFor();
        keepExit(code);
        return code;
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        boolean exited = process.waitFor(timeout, unit);
        if (exited) keepExit(process.exitValue());
        return exited;
    }

    @Override
    public int exitValue() {
        int code = process.exitValue();
        keepExit(code);
        return code;
    }

    private synchronized void keepExit(int code) {
        if (exitKept) return;
        exitKept = true;
        recorder.write(RecordType.PROCESS_EXITED, out -> {
            out.putString(name);
            out.putInt(occurrence);
            out.putInt(code);
        });
    }

    @Override
    public void destroy() {
        process.destroy();
    }

    @Override
    public Process destroyForcibly() {
        process.destroyForcibly();
        return this;
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public ProcessHandle toHandle() {
        return process.toHandle();
    }

    /** Keeps every byte read through it, as read. */
    private final class Kept extends FilterInputStream {
        private final int stream;

        Kept(InputStream in, int stream) {
            super(in);
            this.stream = stream;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) keep(new byte[] {(byte) b});
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) keep(Arrays.copyOfRange(b, off, off + n));
            return n;
        }

        private void keep(byte[] bytes) {
            recorder.write(RecordType.PROCESS_OUTPUT, out -> {
                out.putString(name);
                out.putInt(occurrence);
                out.putByte(stream);
                out.putBlob(bytes);
            });
            recorder.flush();
        }
    }
}
