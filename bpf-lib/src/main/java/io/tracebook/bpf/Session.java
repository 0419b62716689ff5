package io.tracebook.bpf;

import io.tracebook.bpf.error.BpfException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Every object loaded in this JVM, and the names they are bound to: loading under a name that is
 * already taken closes the previous holder first, so re-running a cell never piles up probes. Loads
 * under one name are one at a time: threads racing to load "same-cell" leave exactly one object.
 */
final class Session {
    private static final List<BpfObject> LIVE = new ArrayList<>();
    private static final Map<String, BpfObject> NAMED = new LinkedHashMap<>();
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

    /** Closes whatever holds {@code name}. */
    private static void release(String name) {
        BpfObject previous;
        synchronized (Session.class) {
            previous = NAMED.get(name);
        }
        if (previous != null) previous.close();
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
    }
}
