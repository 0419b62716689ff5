package io.tracebook.bpf.record;

/** One attachment of a program: what it is attached to, and how to detach it (a kernel link, or nothing in a replay). */
public interface Attachment {
    /** E.g. "tracepoint/syscalls/sys_enter_openat" or "uprobe /usr/lib/.../libc.so.6:getpid". */
    String target();

    /** Detaches; called once. */
    void detach();
}
