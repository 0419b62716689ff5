package io.tracebook.bpf.sys;

import io.tracebook.bpf.error.AttachException;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.ffi.Errno;
import io.tracebook.bpf.ffi.LibC;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;

/** The kernel's tracing file system: where tracepoints are listed. Mounted on demand. */
public final class Tracefs {
    private static final Path MOUNT_POINT = Path.of("/sys/kernel/tracing");
    private static final Path DEBUGFS_TRACING = Path.of("/sys/kernel/debug/tracing");
    private static volatile List<String> events;
    /** Whose answer {@link #events} is: a recording or replay session reads the list again, through itself. */
    private static volatile HostFiles.Reader eventsBy;

    private Tracefs() {
    }

    /** The tracefs root, mounting tracefs at /sys/kernel/tracing when it is not mounted yet. */
    public static synchronized Path root() {
        if (HostFiles.exists(MOUNT_POINT.resolve("available_events"))) return MOUNT_POINT;
        if (HostFiles.exists(DEBUGFS_TRACING.resolve("available_events"))) return DEBUGFS_TRACING;
        try (Arena arena = Arena.ofConfined()) {
            int rc = LibC.mount(arena.allocateFrom("nodev"), arena.allocateFrom(MOUNT_POINT.toString()),
                    arena.allocateFrom("tracefs"), 0, MemorySegment.NULL);
            int errno = rc == 0 ? 0 : Errno.last();
            // Asked after the mount whatever it returned: a replay answers from its recording, where the mount worked
            // (its own attempt fails without privileges, as it should).
            if (HostFiles.exists(MOUNT_POINT.resolve("available_events"))) return MOUNT_POINT;
            throw new BpfException("tracefs is not mounted and mounting it failed (" + Errno.name(errno)
                    + "): run 'sudo mount -t tracefs nodev " + MOUNT_POINT + "' (./tracebook setup does it)");
        }
    }

    /** Every tracepoint as "category:name", e.g. "syscalls:sys_enter_openat". */
    public static List<String> tracepoints() {
        List<String> list = events;
        if (list == null || eventsBy != HostFiles.current()) {
            try {
                list = List.copyOf(HostFiles.readAllLines(root().resolve("available_events")));
            } catch (IOException e) {
                throw new BpfException("cannot read the tracepoint list: " + e.getMessage(), e);
            }
            events = list;
            eventsBy = HostFiles.current();
        }
        return list;
    }

    /** True when "category:name" is a tracepoint of this kernel. */
    public static boolean hasTracepoint(String category, String name) {
        return HostFiles.isDirectory(root().resolve("events").resolve(category).resolve(name));
    }

    /**
     * Fails with the nearest names when "category:name" is not a tracepoint of this kernel; {@code user} says
     * who wanted it, e.g. "program 'on_open'".
     */
    public static void requireTracepoint(String category, String name, String user) {
        if (hasTracepoint(category, name)) return;
        List<String> near = Suggestions.nearest(category + ":" + name, tracepoints(), 3);
        throw new AttachException("tracepoint " + category + ":" + name + " not found (" + user + ")"
                + Suggestions.didYouMean(near), category + ":" + name, near, "");
    }

    /** The fields of a tracepoint's record, from its {@code format} file. */
    public static List<TracepointField> fields(String category, String name) {
        requireTracepoint(category, name, "reading its fields");
        Path format = root().resolve("events").resolve(category).resolve(name).resolve("format");
        try {
            return TracepointFormat.parse(HostFiles.readString(format));
        } catch (IOException e) {
            throw new BpfException("cannot read " + format + ": " + e.getMessage(), e);
        }
    }
}
