package io.tracebook.bpf;

import io.tracebook.bpf.error.BpfException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Every object loaded in this JVM, and the names they are bound to: loading under a name that is
 * already taken replaces the previous holder, so re-running a cell never piles up probes. Loads
 * under one name are one at a time: threads racing to load "same-cell" leave exactly one object.
 * <p>
 * The replaced object is closed on a closer thread while the new one loads: detaching a tracepoint
 * program waits for the kernel to be done with it (35-40 ms here, more than loading one), which a re-run
 * need not wait for. It counts as closed at once and is no longer listed; {@link #awaitReplacedClosed()}
 * waits until the kernel has let it go, and so do {@link #closeAll()} and the JVM's exit.
 */
final class Session {
    private static final List<BpfObject> LIVE = new ArrayList<>();
    private static final Map<String, BpfObject> NAMED = new LinkedHashMap<>();
    /** Replaced objects the closer has not closed yet. */
    private static final Set<BpfObject> CLOSING = new HashSet<>();
    private static final ExecutorService CLOSER = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("tracebook-closer").daemon(true).factory());
    /** Loads under one name hold its lock (names share 64 locks: unrelated loads rarely wait, and nothing grows). */
    private static final ReentrantLock[] NAME_LOCKS = new ReentrantLock[64];

    static {
        for (int i = 0; i < NAME_LOCKS.length; i++) NAME_LOCKS[i] = new ReentrantLock();
        Runtime.getRuntime().addShutdownHook(new Thread(Session::closeAll, "tracebook-close-all"));
    }

    private Session() {
    }

    /**
     * Loads with {@code load} and registers the result under {@code name} (none when null), closing whatever
     * held the name first. A thread interrupted while another load of the name is under way gives up.
     */
    static BpfObject load(String name, Supplier<BpfObject> load) {
        if (name == null) return register(load.get());
        ReentrantLock lock = NAME_LOCKS[Math.floorMod(name.hashCode(), NAME_LOCKS.length)];
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BpfException("stopped while another load of '" + name + "' was under way; nothing was loaded");
        }
        try {
            release(name);
            return register(load.get());
        } finally {
            lock.unlock();
        }
    }

    /** Takes {@code name} from whatever holds it and has the closer close that. */
    private static void release(String name) {
        BpfObject previous;
        synchronized (Session.class) {
            previous = NAMED.remove(name);
            if (previous == null) return;
            LIVE.remove(previous);
            CLOSING.add(previous);
        }
        previous.markReplaced();
        CLOSER.execute(() -> {
            try {
                previous.close();
            } finally {
                synchronized (Session.class) {
                    CLOSING.remove(previous);
                    Session.class.notifyAll();
                }
            }
        });
    }

    /** Returns once every replaced object is closed; an interrupt ends the wait early (the flag stays set). */
    static synchronized void awaitReplacedClosed() {
        while (!CLOSING.isEmpty()) {
            try {
                Session.class.wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static synchronized BpfObject register(BpfObject object) {
        LIVE.add(object);
        if (object.name() != null) NAMED.put(object.name(), object);
        return object;
    }

    static synchronized void unregister(BpfObject object) {
        LIVE.remove(object);
        if (object.name() != null) NAMED.remove(object.name(), object);
    }

    static synchronized List<BpfObject> live() {
        return List.copyOf(LIVE);
    }

    static void closeAll() {
        for (BpfObject object : live()) object.close();
        awaitReplacedClosed();
    }
}
