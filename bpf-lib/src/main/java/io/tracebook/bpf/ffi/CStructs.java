package io.tracebook.bpf.ffi;

import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.StructLayout;
import java.util.List;

/** Layouts of the C structs we fill in or read: libbpf's opts structs, perf_event_attr, perf_event_header and perf_event_mmap_page, bpf_prog_info, pollfd. */
public final class CStructs {
    private CStructs() {
    }

    /** Prefix up to {@code object_name}; {@code sz} is set to this prefix's size. */
    public static final StructLayout BPF_OBJECT_OPEN_OPTS = structLayout(
            JAVA_LONG.withName("sz"),
            ADDRESS.withName("object_name"));

    public static final StructLayout BPF_UPROBE_OPTS = structLayout(
            JAVA_LONG.withName("sz"),
            JAVA_LONG.withName("ref_ctr_offset"),
            JAVA_LONG.withName("bpf_cookie"),
            JAVA_BOOLEAN.withName("retprobe"),
            paddingLayout(7),
            ADDRESS.withName("func_name"));

    /** perf_event_attr up to {@code bp_type}; the bit flags word is {@code flags}. */
    public static final StructLayout PERF_EVENT_ATTR = structLayout(
            JAVA_INT.withName("type"),
            JAVA_INT.withName("size"),
            JAVA_LONG.withName("config"),
            JAVA_LONG.withName("sample_period"),
            JAVA_LONG.withName("sample_type"),
            JAVA_LONG.withName("read_format"),
            JAVA_LONG.withName("flags"),
            JAVA_INT.withName("wakeup_events"),
            JAVA_INT.withName("bp_type"));

    /** The header of every record in a perf buffer. */
    public static final StructLayout PERF_EVENT_HEADER = structLayout(
            JAVA_INT.withName("type"),
            JAVA_SHORT.withName("misc"),
            JAVA_SHORT.withName("size"));

    /**
     * The first page of a perf buffer's mapping, from {@code data_head} to {@code data_size}: where the
     * kernel publishes how far it wrote and reads how far the reader got. (The fields before are unused here.)
     */
    public static final StructLayout PERF_EVENT_MMAP_PAGE = structLayout(
            paddingLayout(1024),
            JAVA_LONG.withName("data_head"),
            JAVA_LONG.withName("data_tail"),
            JAVA_LONG.withName("data_offset"),
            JAVA_LONG.withName("data_size"));

    /**
     * bpf_prog_info up to {@code recursion_misses}, the fields we read named. The kernel fills in only as
     * much as the size we pass, so this prefix is enough.
     */
    public static final StructLayout BPF_PROG_INFO = structLayout(
            paddingLayout(4),
            JAVA_INT.withName("id"),
            paddingLayout(200),
            JAVA_LONG.withName("recursion_misses"));

    /** bpf_test_run_opts: running a program once from user space (raw_tp programs: with no context at all). */
    public static final StructLayout BPF_TEST_RUN_OPTS = structLayout(
            JAVA_LONG.withName("sz"),
            ADDRESS.withName("data_in"),
            ADDRESS.withName("data_out"),
            JAVA_INT.withName("data_size_in"),
            JAVA_INT.withName("data_size_out"),
            ADDRESS.withName("ctx_in"),
            ADDRESS.withName("ctx_out"),
            JAVA_INT.withName("ctx_size_in"),
            JAVA_INT.withName("ctx_size_out"),
            JAVA_INT.withName("retval"),
            JAVA_INT.withName("repeat"),
            JAVA_INT.withName("duration"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("cpu"),
            JAVA_INT.withName("batch_size"));

    public static final StructLayout POLLFD = structLayout(
            JAVA_INT.withName("fd"),
            JAVA_SHORT.withName("events"),
            JAVA_SHORT.withName("revents"));

    /** Every hand-written layout, for the header check. Fields whose C name differs are not listed by name. */
    public static final List<CStruct> ALL = List.of(
            new CStruct("bpf/libbpf.h", "bpf_object_open_opts", BPF_OBJECT_OPEN_OPTS),
            new CStruct("bpf/libbpf.h", "bpf_uprobe_opts", BPF_UPROBE_OPTS),
            new CStruct("linux/perf_event.h", "perf_event_attr", PERF_EVENT_ATTR),
            new CStruct("linux/perf_event.h", "perf_event_header", PERF_EVENT_HEADER),
            new CStruct("linux/perf_event.h", "perf_event_mmap_page", PERF_EVENT_MMAP_PAGE),
            new CStruct("linux/bpf.h", "bpf_prog_info", BPF_PROG_INFO),
            new CStruct("bpf/bpf.h", "bpf_test_run_opts", BPF_TEST_RUN_OPTS),
            new CStruct("poll.h", "pollfd", POLLFD));
}
