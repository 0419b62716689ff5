package io.tracebook.bpf.record;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A program in a replay: its statistics as recorded, and attaches that succeed (or fail) as they did when recorded,
 * attaching nothing. An attach the recording does not have (another binary, symbol or process) fails, saying so.
 */
final class ReplayedProgram implements ProgramAccess {
    private final Replayer replayer;
    private final String name;
    private final List<Tape.Attach> attaches;
    private final AtomicInteger attached;
    private final ReadChannel<Stats> stats;
    private final ReadChannel<Integer> runs;

    ReplayedProgram(Replayer replayer, String name, List<Tape.Attach> attaches, AtomicInteger attached, ReadChannel<Stats> stats,
                    ReadChannel<Integer> runs) {
        this.replayer = replayer;
        this.name = name;
        this.attaches = attaches;
        this.attached = attached;
        this.stats = stats;
        this.runs = runs;
    }

    @Override
    public Stats stats() {
        return stats.next(s -> true, () -> "statistics of program '" + name + "'");
    }

    @Override
    public List<Attachment> attach(AttachRequest request) {
        int from = attached.get();
        Tape.Attach match = null;
        for (int i = from; i < attaches.size() && match == null; i++) {
            if (attaches.get(i).request().equals(request)) {
                match = attaches.get(i);
                attached.set(i + 1);
            }
        }
        for (int i = Math.min(from, attaches.size()) - 1; i >= 0 && match == null; i--) {
            if (attaches.get(i).request().equals(request)) match = attaches.get(i);
        }
        if (match == null) {
            if (!replayer.tape().isComplete() && from >= attaches.size()) throw replayer.cutShort("this attach of program '" + name + "'");
            throw replayer.missing("attach of program '" + name + "' as " + request
                    + (attaches.isEmpty() ? " (it was never attached)" : " (recorded: " + attaches.stream().map(a -> a.request().toString()).toList() + ")"));
        }
        if (match.failure() != null) throw match.failure();
        List<Attachment> replayed = new ArrayList<>();
        for (String target : match.targets()) {
            replayed.add(new Attachment() {
                @Override
                public String target() {
                    return target;
                }

                @Override
                public void detach() {
                }
            });
        }
        return replayed;
    }

    /** What the program returned when this run of it was recorded; it does not run. */
    @Override
    public int run() {
        return runs.next(r -> true, () -> "run of program '" + name + "'");
    }

    @Override
    public int fd() {
        throw ReplayedObject.noDescriptor("program '" + name + "'");
    }
}
