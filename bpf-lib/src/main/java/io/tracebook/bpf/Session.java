package io.tracebook.bpf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every object loaded in this JVM, and the names they are bound to: loading under a name that is
 * already taken closes the previous holder first, so re-running a cell never piles up probes.
 */
final class Session {
    private static final List<BpfObject> LIVE = new ArrayList<>();
    private static final Map<String, BpfObject> NAMED = new LinkedHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Session::closeAll, "tracebook-close-all"));
    }

    private Session() {
    }

    /** Closes whatever holds {@code name}; call before loading its replacement. */
    static void release(String name) {
        BpfObject previous;
        synchronized (Session.class) {
            previous = name == null ? null : NAMED.get(name);
        }
        if (previous != null) previous.close();
    }

    static synchronized void register(BpfObject object) {
        LIVE.add(object);
        if (object.name() != null) NAMED.put(object.name(), object);
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
