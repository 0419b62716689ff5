// Who opens files? Two seconds of openat() calls as a table.   ./tracebook jshell examples/opensnoop.jsh
try (var o = Bpf.c("""
        struct event { u32 pid; u64 ts; char comm[16]; };
        RINGBUF(events);
        const volatile u32 skip_pid = 0;

        SEC("tracepoint/syscalls/sys_enter_openat")
        int on_open(void *ctx) {
            u32 pid = bpf_get_current_pid_tgid() >> 32;
            if (pid == skip_pid) return 0;
            struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
            if (!e) return 0;
            e->pid = pid;
            e->ts = bpf_ktime_get_ns();
            bpf_get_current_comm(e->comm, sizeof(e->comm));
            bpf_ringbuf_submit(e, 0);
            return 0;
        }
        """).set("skip_pid", 1).load().attach()) {
    Table t = o.events("events").collect(Duration.ofSeconds(2));
    System.out.println(t.print(20));
    System.out.println(t.rowCount() + " opens; by process:");
    System.out.println(t.countBy("comm").sortDescendingOn("Count").print(10));
}
