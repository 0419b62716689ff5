package io.tracebook.kernel.cell;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;
import org.dflib.jjava.jupyter.messages.publish.PublishStream.StreamType;

/**
 * {@code System.out} and {@code System.err} of the kernel JVM. Text written by a thread that a cell
 * started goes to that cell as Jupyter {@code stream} messages, collected for {@value #FLUSH_MILLIS} ms
 * so a chatty loop sends a few messages per second rather than one per line; text from other threads
 * goes to the kernel's own terminal.
 */
public final class CellStreams {

    static final long FLUSH_MILLIS = 50;

    private final Iopub iopub;
    private final Map<CellContext, Pending> pending = new ConcurrentHashMap<>();
    private final PrintStream out;
    private final PrintStream err;
    private final PrintStream kernelErr;

    public CellStreams(Iopub iopub, PrintStream kernelOut, PrintStream kernelErr) {
        this.iopub = iopub;
        this.kernelErr = kernelErr;
        this.out = new PrintStream(new Routed(StreamType.OUT, kernelOut), true, StandardCharsets.UTF_8);
        this.err = new PrintStream(new Routed(StreamType.ERR, kernelErr), true, StandardCharsets.UTF_8);
        Thread.ofPlatform().name("cell-output-flusher").daemon(true).start(this::flushPeriodically);
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    /** The kernel process's own stderr (the terminal running Jupyter), for what concerns no cell. */
    public PrintStream kernelErr() {
        return kernelErr;
    }

    /** Sends what the cell printed so far; called before its displays and its reply so the order holds. */
    public synchronized void flush(CellContext cell) {
        if (cell == null) {
            return;
        }
        out.flush();
        err.flush();
        Pending drained = pending.remove(cell);
        if (drained != null) {
            drained.publish(iopub, cell);
        }
    }

    private void flushPeriodically() {
        while (true) {
            try {
                TimeUnit.MILLISECONDS.sleep(FLUSH_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            for (CellContext cell : pending.keySet()) {
                flush(cell);
            }
        }
    }

    private final class Routed extends OutputStream {
        private final StreamType type;
        private final PrintStream kernelStream;

        Routed(StreamType type, PrintStream kernelStream) {
            this.type = type;
            this.kernelStream = kernelStream;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            CellContext cell = CellContext.current();
            if (cell == null) {
                kernelStream.write(bytes, offset, length);
                return;
            }
            // compute() makes appending atomic with flush()'s removal: no text lands in a drained buffer.
            pending.compute(cell, (key, p) -> (p == null ? new Pending() : p).append(type, bytes, offset, length));
        }
    }

    /** A cell's unsent text, in order, as runs of one stream type. */
    private static final class Pending {
        private final List<StreamType> types = new ArrayList<>();
        private final List<ByteArrayOutputStream> runs = new ArrayList<>();

        Pending append(StreamType type, byte[] bytes, int offset, int length) {
            if (types.isEmpty() || types.getLast() != type) {
                types.add(type);
                runs.add(new ByteArrayOutputStream());
            }
            runs.getLast().write(bytes, offset, length);
            return this;
        }

        void publish(Iopub iopub, CellContext cell) {
            for (int i = 0; i < runs.size(); i++) {
                String text = runs.get(i).toString(StandardCharsets.UTF_8);
                if (!text.isEmpty()) {
                    iopub.publish(cell, new PublishStream(types.get(i), text));
                }
            }
        }
    }
}
