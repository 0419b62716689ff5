package io.tracebook.kernel.bpf;

import io.tracebook.bpf.Bpf;
import io.tracebook.bpf.BpfObject;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What a cell loaded (the BPF objects loaded while it ran; those of earlier cells are left alone) when the cell does
 * not end well. The stop button detaches them: they stay loaded, their maps readable, and {@code attach()} brings
 * the probes back. A cell that fails closes them: nothing it loaded stays in the kernel, so a half-run cell leaves no
 * program behind that nobody holds (an attach that failed, or the first of two loads when the second one failed).
 */
final class CellProbes {

    private volatile Set<BpfObject> loadedBefore = Set.of();
    private volatile boolean stopped;
    private volatile String bpfCellObject;
    private final Set<String> detached = Collections.synchronizedSet(new LinkedHashSet<>());

    void cellStarted() {
        Set<BpfObject> before = Collections.newSetFromMap(new IdentityHashMap<>());
        before.addAll(Bpf.loaded());
        loadedBefore = before;
        stopped = false;
        bpfCellObject = null;
        detached.clear();
    }

    /**
     * The running cell is a {@code %%bpf} cell loading the object named {@code name}: should it fail, its error says
     * so, and closing that object needs no word of its own.
     */
    void bpfCellLoads(String name) {
        bpfCellObject = name;
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

    /** After a cell failed, below its error: closes what it loaded and says so. */
    void cellFailed() {
        Set<String> closed = new LinkedHashSet<>();
        forEachLoadedSinceStart(object -> {
            object.close();
            if (object.name() == null || !object.name().equals(bpfCellObject)) {
                closed.add(describe(object));
            }
        });
        if (!closed.isEmpty()) {
            System.err.println("the cell failed, so what it loaded is closed (" + String.join(", ", closed)
                    + "): no program of it stays in the kernel");
        }
    }

    private synchronized void detachLoadedSinceStart() {
        forEachLoadedSinceStart(object -> {
            boolean hadProbes = !object.links().isEmpty();
            object.detach();
            if (hadProbes) {
                detached.add(describe(object));
            }
        });
    }

    private void forEachLoadedSinceStart(Consumer<BpfObject> action) {
        List<BpfObject> loaded = Bpf.loaded();
        for (BpfObject object : loaded) {
            if (!loadedBefore.contains(object) && !object.isClosed()) {
                action.accept(object);
            }
        }
    }

    private static String describe(BpfObject object) {
        return object.name() == null ? "an unnamed object" : "'" + object.name() + "'";
    }
}
