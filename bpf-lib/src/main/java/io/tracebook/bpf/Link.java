package io.tracebook.bpf;

import io.tracebook.bpf.record.Attachment;

/** One attachment of a program to a probe. Closing it detaches the program from that probe. */
public final class Link implements AutoCloseable {
    private final String program;
    private Attachment attachment;
    private final String target;

    Link(String program, Attachment attachment) {
        this.program = program;
        this.attachment = attachment;
        this.target = attachment.target();
    }

    public String program() {
        return program;
    }

    /** What it is attached to, e.g. "tracepoint/syscalls/sys_enter_openat" or "uprobe /usr/lib/.../libc.so.6:getpid". */
    public String target() {
        return target;
    }

    public synchronized boolean isAttached() {
        return attachment != null;
    }

    @Override
    public synchronized void close() {
        if (attachment == null) return;
        attachment.detach();
        attachment = null;
    }

    @Override
    public String toString() {
        return program + " -> " + target + (isAttached() ? "" : " (detached)");
    }
}
