package io.tracebook.bpf.record;

import io.tracebook.bpf.error.BpfException;
import java.util.List;
import java.util.function.Consumer;

/** A program while recording: the kernel's, its statistics reads and attach calls kept. */
final class RecordingProgram implements ProgramAccess {
    private final Recorder recorder;
    private final int index;
    private final String name;
    private final ProgramAccess kernel;

    RecordingProgram(Recorder recorder, int index, String name, ProgramAccess kernel) {
        this.recorder = recorder;
        this.index = index;
        this.name = name;
        this.kernel = kernel;
    }

    @Override
    public Stats stats() {
        Stats stats = kernel.stats();
        if (recorder.keeps()) {
            recorder.write(RecordType.PROGRAM_STATS, out -> {
                out.putInt(index);
                out.putString(name);
                out.putInt(stats.id());
                out.putLong(stats.missedRuns());
            });
        }
        return stats;
    }

    @Override
    public List<Attachment> attach(AttachRequest request) {
        List<Attachment> attached;
        try {
            attached = kernel.attach(request);
        } catch (BpfException e) {
            write(request, out -> {
                out.putByte(0);
                RecordedFailure.write(out, e);
            });
            throw e;
        }
        write(request, out -> {
            out.putByte(1);
            out.putInt(attached.size());
            for (Attachment a : attached) out.putString(a.target());
        });
        return attached;
    }

    private void write(AttachRequest request, Consumer<RecordBuffer> outcome) {
        if (!recorder.keeps()) return;
        recorder.write(RecordType.ATTACHED, out -> {
            out.putInt(index);
            out.putString(name);
            writeRequest(out, request);
            outcome.accept(out);
        });
        recorder.flush();
    }

    static void writeRequest(RecordBuffer out, AttachRequest request) {
        switch (request) {
            case AttachRequest.Auto a -> out.putByte(0);
            case AttachRequest.Uprobe u -> {
                out.putByte(1);
                out.putString(u.binary());
                out.putString(u.symbol());
                out.putInt(u.pid());
            }
            case AttachRequest.Usdt u -> {
                out.putByte(2);
                out.putString(u.binary());
                out.putString(u.provider());
                out.putString(u.probe());
                out.putInt(u.pid());
            }
            case AttachRequest.PerfEvent e -> {
                out.putByte(3);
                out.putInt(e.type());
                out.putLong(e.config());
                out.putString(e.name());
                out.putLong(e.period());
                out.putByte(e.frequency() ? 1 : 0);
                out.putInt(e.pid());
            }
            case AttachRequest.Timer t -> {
                out.putByte(4);
                out.putLong(t.periodNanos());
            }
        }
    }

    @Override
    public int run() {
        int returned = kernel.run();
        if (recorder.keeps()) {
            recorder.write(RecordType.PROGRAM_RAN, out -> {
                out.putInt(index);
                out.putString(name);
                out.putInt(returned);
            });
        }
        return returned;
    }

    @Override
    public int fd() {
        return kernel.fd();
    }
}
