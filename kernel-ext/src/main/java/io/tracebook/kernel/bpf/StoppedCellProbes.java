package io.tracebook.kernel.bpf;

import io.tracebook.bpf.Bpf;
import io.tracebook.bpf.BpfObject;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The stop button detaches what the stopped cell attached: the BPF objects loaded while it ran
 * (those of earlier cells keep their probes). They stay loaded, their maps readable, and
 * {@code attach()} brings the probes back.
 */
final class StoppedCellProbes {

    private volatile Set<BpfObject> loadedBefore = Set.of();
    private volatile boolean stopped;
    private final Set<String> detached = Collections.synchronizedSet(new LinkedHashSet<>());

    void cellStarted() {
        Set<BpfObject> before = Collections.newSetFromMap(new IdentityHashMap<>());
        before.addAll(Bpf.loaded());
        loadedBefore = before;
        stopped = false;
        detached.clear();
    }

    /** On the stop button: detaches at once, off Jupyter's control thread (the cell may hold an object's lock while attaching). */
    void interrupted() {
        stopped = true;
        Thread.ofPlatform().daemon().name("tracebook-detach-stopped-cell").start(this::detachLoadedSinceStart);
    }

    /** On the cell's thread of the kernel after it ended: catches objects loaded after the stop, then says what was detached. */
    void cellEnded() {
        if (!stopped) {
            return;
        }
        detachLoadedSinceStart();
        if (!detached.isEmpty()) {
            System.err.println("stopped: detached the probes this cell attached (" + String.join(", ", detached)
                    + "); the objects stay loaded, call attach() on them to trace again");
        }
    }

    private synchronized void detachLoadedSinceStart() {
        List<BpfObject> loaded = Bpf.loaded();
        for (BpfObject object : loaded) {
            if (!loadedBefore.contains(object) && !object.isClosed()) {
                boolean hadProbes = !object.links().isEmpty();
                object.detach();
                if (hadProbes) {
                    detached.add(object.name() == null ? "an unnamed object" : "'" + object.name() + "'");
                }
            }
        }
    }
}
