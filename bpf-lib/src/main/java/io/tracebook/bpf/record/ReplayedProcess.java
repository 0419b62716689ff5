package io.tracebook.bpf.record;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A process in a replay: nothing runs. It has the recorded pid; its output and error streams give what the notebook
 * read of them when recorded (each piece at its recorded time, at the recorded pace); what is written to it is
 * dropped; waiting for it gives the recorded exit status (0 if it never exited while recorded). {@link #toHandle()} has no process to give and says so.
 */
final class ReplayedProcess extends Process {
    private final Replayer replayer;
    private final Tape.TapeProcess recorded;
    private final InputStream output;
    private final InputStream error;

    ReplayedProcess(Replayer replayer, Tape.TapeProcess recorded) {
        this.replayer = replayer;
        this.recorded = recorded;
        this.output = new Played(recorded.output.getOrDefault(RecordingProcess.OUTPUT, List.of()));
        this.error = new Played(recorded.output.getOrDefault(RecordingProcess.ERROR, List.of()));
    }

    @Override
    public OutputStream getOutputStream() {
        return OutputStream.nullOutputStream();
    }

    @Override
    public InputStream getInputStream() {
        return output;
    }

    @Override
    public InputStream getErrorStream() {
        return error;
    }

    /** At the recorded pace, returns when it exited when recorded. */
    @Override
    public int waitFor() {
        if (recorded.exitCode != null) replayer.clock().reach(recorded.exitedAt);
        return exitValue();
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) {
        waitFor();
        return true;
    }

    @Override
    public int exitValue() {
        return recorded.exitCode == null ? 0 : recorded.exitCode;
    }

    @Override
    public CompletableFuture<Process> onExit() {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public void destroy() {
    }

    @Override
    public boolean isAlive() {
        return false;
    }

    @Override
    public long pid() {
        return recorded.pid;
    }

    @Override
    public ProcessHandle toHandle() {
        throw new UnsupportedOperationException("process " + recorded.pid + " is replayed from a recording: there is no process to "
                + "handle; keep what you need of it with Recorded.value when recording");
    }

    /** The recorded pieces of one stream, in order. */
    private final class Played extends InputStream {
        private final List<Tape.Timed<byte[]>> pieces;
        private int piece;
        private int at;

        Played(List<Tape.Timed<byte[]>> pieces) {
            this.pieces = pieces;
        }

        @Override
        public synchronized int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            if (len == 0) return 0;
            if (piece >= pieces.size()) return -1;
            Tape.Timed<byte[]> current = pieces.get(piece);
            if (at == 0) replayer.clock().reach(current.time());
            int n = Math.min(len, current.value().length - at);
            System.arraycopy(current.value(), at, b, off, n);
            at += n;
            if (at == current.value().length) {
                piece++;
                at = 0;
            }
            return n;
        }

        @Override
        public synchronized int available() {
            return piece < pieces.size() ? pieces.get(piece).value().length - at : 0;
        }
    }
}
