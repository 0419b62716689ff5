package io.tracebook.bpf;

import io.tracebook.bpf.ffi.Libbpf;
import java.lang.foreign.MemorySegment;

/** One attachment of a program to a probe. Closing it detaches the program from that probe. */
public final class Link implements AutoCloseable {
    private final String program;
    private final String target;
    private MemorySegment handle;

    Link(String program, String target, MemorySegment handle) {
        this.program = program;
        this.target = target;
        this.handle = handle;
    }

    public String program() {
        return program;
    }

    /** What it is attached to, e.g. "tracepoint/syscalls/sys_enter_openat" or "uprobe /usr/lib/.../libc.so.6:getpid". */
    public String target() {
        return target;
    }

    public synchronized boolean isAttached() {
        return handle != null;
    }

    @Override
    public synchronized void close() {
        if (handle == null) return;
        Libbpf.bpf_link__destroy(handle);
        handle = null;
    }

    @Override
    public String toString() {
        return program + " -> " + target + (isAttached() ? "" : " (detached)");
    }
}
