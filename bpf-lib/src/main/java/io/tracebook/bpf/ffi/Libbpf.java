package io.tracebook.bpf.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.List;

/**
 * Hand-written FFM bindings to libbpf 1.x ({@code libbpf.so.1}).
 * One static method per C function, named and typed as the C declaration (jextract's style):
 * pointers are {@code MemorySegment}, C ints {@code int}, size_t/__u64 {@code long}.
 * Functions that report failure through errno capture it; read it with {@link Errno#last()}.
 */
public final class Libbpf {
    private Libbpf() {
    }

    private static final Binder B = new Binder("libbpf.so.1", LibbpfLoader.lookup());

    private static final NativeFunction LIBBPF_MAJOR_VERSION = B.declare("bpf/libbpf.h", "libbpf_major_version", FunctionDescriptor.of(JAVA_INT));
    private static final NativeFunction LIBBPF_MINOR_VERSION = B.declare("bpf/libbpf.h", "libbpf_minor_version", FunctionDescriptor.of(JAVA_INT));
    private static final NativeFunction LIBBPF_SET_PRINT = B.declare("bpf/libbpf.h", "libbpf_set_print", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final NativeFunction LIBBPF_NUM_POSSIBLE_CPUS = B.declare("bpf/libbpf.h", "libbpf_num_possible_cpus", FunctionDescriptor.of(JAVA_INT));
    private static final NativeFunction BPF_OBJECT__OPEN_FILE = B.declareWithErrno("bpf/libbpf.h", "bpf_object__open_file", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    private static final NativeFunction BPF_OBJECT__LOAD = B.declare("bpf/libbpf.h", "bpf_object__load", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final NativeFunction BPF_OBJECT__CLOSE = B.declare("bpf/libbpf.h", "bpf_object__close", FunctionDescriptor.ofVoid(ADDRESS));
    private static final NativeFunction BPF_OBJECT__BTF = B.declare("bpf/libbpf.h", "bpf_object__btf", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final NativeFunction BPF_OBJECT__NEXT_PROGRAM = B.declare("bpf/libbpf.h", "bpf_object__next_program", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    private static final NativeFunction BPF_OBJECT__NEXT_MAP = B.declare("bpf/libbpf.h", "bpf_object__next_map", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    private static final NativeFunction BPF_OBJECT__FIND_MAP_BY_NAME = B.declare("bpf/libbpf.h", "bpf_object__find_map_by_name", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    private static final NativeFunction BPF_PROGRAM__NAME = B.declare("bpf/libbpf.h", "bpf_program__name", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final NativeFunction BPF_PROGRAM__SECTION_NAME = B.declare("bpf/libbpf.h", "bpf_program__section_name", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final NativeFunction BPF_PROGRAM__FD = B.declare("bpf/libbpf.h", "bpf_program__fd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final NativeFunction BPF_PROGRAM__SET_LOG_BUF = B.declare("bpf/libbpf.h", "bpf_program__set_log_buf", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    private static final NativeFunction BPF_PROGRAM__SET_AUTOLOAD = B.declare("bpf/libbpf.h", "bpf_program__set_autoload", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_BOOLEAN));
    private static final NativeFunction BPF_PROGRAM__AUTOLOAD = B.declare("bpf/libbpf.h", "bpf_program__autoload", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS));
    private static final NativeFunction BPF_PROGRAM__SET_ATTACH_TARGET = B.declare("bpf/libbpf.h", "bpf_program__set_attach_target", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    private static final NativeFunction BPF_PROGRAM__ATTACH = B.declareWithErrno("bpf/libbpf.h", "bpf_program__attach", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final NativeFunction BPF_PROGRAM__ATTACH_UPROBE_OPTS = B.declareWithErrno("bpf/libbpf.h", "bpf_program__attach_uprobe_opts", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
    private static final NativeFunction BPF_PROGRAM__ATTACH_USDT = B.declareWithErrno("bpf/libbpf.h", "bpf_program__attach_usdt", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final NativeFunction BPF_PROGRAM__ATTACH_PERF_EVENT = B.declareWithErrno("bpf/libbpf.h", "bpf_program__attach_perf_event", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
    private static final NativeFunction BPF_LINK__DESTROY = B.declare("bpf/libbpf.h", "bpf_link__destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final NativeFunction BPF_MAP__NAME = B.declare("bpf/libbpf.h", "bpf_map__name", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final NativeFunction BPF_MAP__TYPE = B.declare("bpf/libbpf.h", "bpf_map__type", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final NativeFunction BPF_MAP__KEY_SIZE = B.declare("bpf/libbpf.h", "bpf_map__key_size", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final NativeFunction BPF_MAP__VALUE_SIZE = B.declare("bpf/libbpf.h", "bpf_map__value_size", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final NativeFunction BPF_MAP__MAX_ENTRIES = B.declare("bpf/libbpf.h", "bpf_map__max_entries", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final NativeFunction BPF_MAP__SET_MAX_ENTRIES = B.declare("bpf/libbpf.h", "bpf_map__set_max_entries", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final NativeFunction BPF_MAP__SET_VALUE_SIZE = B.declare("bpf/libbpf.h", "bpf_map__set_value_size", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final NativeFunction BPF_MAP__FD = B.declare("bpf/libbpf.h", "bpf_map__fd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final NativeFunction BPF_MAP__INITIAL_VALUE = B.declare("bpf/libbpf.h", "bpf_map__initial_value", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    private static final NativeFunction BPF_MAP__BTF_KEY_TYPE_ID = B.declare("bpf/libbpf.h", "bpf_map__btf_key_type_id", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final NativeFunction BPF_MAP__BTF_VALUE_TYPE_ID = B.declare("bpf/libbpf.h", "bpf_map__btf_value_type_id", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final NativeFunction PERF_BUFFER__NEW_RAW = B.declareWithErrno("bpf/libbpf.h", "perf_buffer__new_raw", FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final NativeFunction PERF_BUFFER__EPOLL_FD = B.declare("bpf/libbpf.h", "perf_buffer__epoll_fd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final NativeFunction PERF_BUFFER__BUFFER_CNT = B.declare("bpf/libbpf.h", "perf_buffer__buffer_cnt", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
    private static final NativeFunction PERF_BUFFER__BUFFER = B.declare("bpf/libbpf.h", "perf_buffer__buffer", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
    private static final NativeFunction PERF_BUFFER__FREE = B.declare("bpf/libbpf.h", "perf_buffer__free", FunctionDescriptor.ofVoid(ADDRESS));
    private static final NativeFunction BTF__RAW_DATA = B.declare("bpf/btf.h", "btf__raw_data", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    private static final NativeFunction BPF_PROG_TEST_RUN_OPTS = B.declare("bpf/bpf.h", "bpf_prog_test_run_opts", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final NativeFunction BPF_MAP_LOOKUP_ELEM = B.declare("bpf/bpf.h", "bpf_map_lookup_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final NativeFunction BPF_MAP_UPDATE_ELEM = B.declare("bpf/bpf.h", "bpf_map_update_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    private static final NativeFunction BPF_MAP_DELETE_ELEM = B.declare("bpf/bpf.h", "bpf_map_delete_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final NativeFunction BPF_MAP_GET_NEXT_KEY = B.declare("bpf/bpf.h", "bpf_map_get_next_key", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final NativeFunction BPF_MAP_LOOKUP_BATCH = B.declare("bpf/bpf.h", "bpf_map_lookup_batch", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final NativeFunction BPF_OBJ_GET_INFO_BY_FD = B.declare("bpf/bpf.h", "bpf_obj_get_info_by_fd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

    /** Every function declared here, for the header check. */
    public static final List<NativeFunction> FUNCTIONS = B.functions();

    /**
     * Binds the functions that opening, loading, attaching and closing an object call, ahead of the first object
     * (LibbpfWarmUp does, while bpftool and clang work); the others are bound on their first call.
     */
    public static void bindLoadPath() {
        Binder.ensureBound(MethodHandles.lookup(), bpf_object__open_file.class,
                bpf_object__btf.class,
                btf__raw_data.class,
                bpf_object__next_program.class,
                bpf_program__set_log_buf.class,
                bpf_object__load.class,
                libbpf_num_possible_cpus.class,
                bpf_program__name.class,
                bpf_program__section_name.class,
                bpf_program__autoload.class,
                bpf_object__next_map.class,
                bpf_map__name.class,
                bpf_map__type.class,
                bpf_map__key_size.class,
                bpf_map__value_size.class,
                bpf_map__max_entries.class,
                bpf_map__btf_key_type_id.class,
                bpf_map__btf_value_type_id.class,
                bpf_map__fd.class,
                bpf_program__attach.class,
                bpf_link__destroy.class,
                bpf_object__close.class);
    }

    public static int libbpf_major_version() {
        try {
            return (int) libbpf_major_version.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("native call libbpf_major_version failed", t);
        }
    }

    public static int libbpf_minor_version() {
        try {
            return (int) libbpf_minor_version.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("native call libbpf_minor_version failed", t);
        }
    }

    public static MemorySegment libbpf_set_print(MemorySegment fn) {
        try {
            return (MemorySegment) libbpf_set_print.HANDLE.invokeExact(fn);
        } catch (Throwable t) {
            throw new AssertionError("native call libbpf_set_print failed", t);
        }
    }

    public static int libbpf_num_possible_cpus() {
        try {
            return (int) libbpf_num_possible_cpus.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("native call libbpf_num_possible_cpus failed", t);
        }
    }

    public static MemorySegment bpf_object__open_file(MemorySegment path, MemorySegment opts) {
        try {
            return (MemorySegment) bpf_object__open_file.HANDLE.invokeExact(Errno.state(), path, opts);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_object__open_file failed", t);
        }
    }

    public static int bpf_object__load(MemorySegment obj) {
        try {
            return (int) bpf_object__load.HANDLE.invokeExact(obj);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_object__load failed", t);
        }
    }

    public static void bpf_object__close(MemorySegment obj) {
        try {
            bpf_object__close.HANDLE.invokeExact(obj);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_object__close failed", t);
        }
    }

    public static MemorySegment bpf_object__btf(MemorySegment obj) {
        try {
            return (MemorySegment) bpf_object__btf.HANDLE.invokeExact(obj);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_object__btf failed", t);
        }
    }

    public static MemorySegment bpf_object__next_program(MemorySegment obj, MemorySegment prog) {
        try {
            return (MemorySegment) bpf_object__next_program.HANDLE.invokeExact(obj, prog);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_object__next_program failed", t);
        }
    }

    public static MemorySegment bpf_object__next_map(MemorySegment obj, MemorySegment map) {
        try {
            return (MemorySegment) bpf_object__next_map.HANDLE.invokeExact(obj, map);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_object__next_map failed", t);
        }
    }

    public static MemorySegment bpf_object__find_map_by_name(MemorySegment obj, MemorySegment name) {
        try {
            return (MemorySegment) bpf_object__find_map_by_name.HANDLE.invokeExact(obj, name);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_object__find_map_by_name failed", t);
        }
    }

    public static MemorySegment bpf_program__name(MemorySegment prog) {
        try {
            return (MemorySegment) bpf_program__name.HANDLE.invokeExact(prog);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_program__name failed", t);
        }
    }

    public static MemorySegment bpf_program__section_name(MemorySegment prog) {
        try {
            return (MemorySegment) bpf_program__section_name.HANDLE.invokeExact(prog);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_program__section_name failed", t);
        }
    }

    public static int bpf_program__fd(MemorySegment prog) {
        try {
            return (int) bpf_program__fd.HANDLE.invokeExact(prog);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_program__fd failed", t);
        }
    }

    public static int bpf_program__set_log_buf(MemorySegment prog, MemorySegment log_buf, long log_size) {
        try {
            return (int) bpf_program__set_log_buf.HANDLE.invokeExact(prog, log_buf, log_size);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_program__set_log_buf failed", t);
        }
    }

    public static int bpf_program__set_autoload(MemorySegment prog, boolean autoload) {
        try {
            return (int) bpf_program__set_autoload.HANDLE.invokeExact(prog, autoload);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_program__set_autoload failed", t);
        }
    }

    public static boolean bpf_program__autoload(MemorySegment prog) {
        try {
            return (boolean) bpf_program__autoload.HANDLE.invokeExact(prog);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_program__autoload failed", t);
        }
    }

    public static int bpf_program__set_attach_target(MemorySegment prog, int attach_prog_fd, MemorySegment attach_func_name) {
        try {
            return (int) bpf_program__set_attach_target.HANDLE.invokeExact(prog, attach_prog_fd, attach_func_name);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_program__set_attach_target failed", t);
        }
    }

    public static MemorySegment bpf_program__attach(MemorySegment prog) {
        try {
            return (MemorySegment) bpf_program__attach.HANDLE.invokeExact(Errno.state(), prog);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_program__attach failed", t);
        }
    }

    public static MemorySegment bpf_program__attach_uprobe_opts(MemorySegment prog, int pid, MemorySegment binary_path, long func_offset, MemorySegment opts) {
        try {
            return (MemorySegment) bpf_program__attach_uprobe_opts.HANDLE.invokeExact(Errno.state(), prog, pid, binary_path, func_offset, opts);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_program__attach_uprobe_opts failed", t);
        }
    }

    public static MemorySegment bpf_program__attach_usdt(MemorySegment prog, int pid, MemorySegment binary_path, MemorySegment usdt_provider, MemorySegment usdt_name, MemorySegment opts) {
        try {
            return (MemorySegment) bpf_program__attach_usdt.HANDLE.invokeExact(Errno.state(), prog, pid, binary_path, usdt_provider, usdt_name, opts);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_program__attach_usdt failed", t);
        }
    }

    public static MemorySegment bpf_program__attach_perf_event(MemorySegment prog, int pfd) {
        try {
            return (MemorySegment) bpf_program__attach_perf_event.HANDLE.invokeExact(Errno.state(), prog, pfd);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_program__attach_perf_event failed", t);
        }
    }

    public static int bpf_link__destroy(MemorySegment link) {
        try {
            return (int) bpf_link__destroy.HANDLE.invokeExact(link);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_link__destroy failed", t);
        }
    }

    public static MemorySegment bpf_map__name(MemorySegment map) {
        try {
            return (MemorySegment) bpf_map__name.HANDLE.invokeExact(map);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map__name failed", t);
        }
    }

    public static int bpf_map__type(MemorySegment map) {
        try {
            return (int) bpf_map__type.HANDLE.invokeExact(map);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map__type failed", t);
        }
    }

    public static int bpf_map__key_size(MemorySegment map) {
        try {
            return (int) bpf_map__key_size.HANDLE.invokeExact(map);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map__key_size failed", t);
        }
    }

    public static int bpf_map__value_size(MemorySegment map) {
        try {
            return (int) bpf_map__value_size.HANDLE.invokeExact(map);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map__value_size failed", t);
        }
    }

    public static int bpf_map__max_entries(MemorySegment map) {
        try {
            return (int) bpf_map__max_entries.HANDLE.invokeExact(map);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map__max_entries failed", t);
        }
    }

    public static int bpf_map__set_max_entries(MemorySegment map, int max_entries) {
        try {
            return (int) bpf_map__set_max_entries.HANDLE.invokeExact(map, max_entries);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map__set_max_entries failed", t);
        }
    }

    public static int bpf_map__set_value_size(MemorySegment map, int size) {
        try {
            return (int) bpf_map__set_value_size.HANDLE.invokeExact(map, size);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map__set_value_size failed", t);
        }
    }

    public static int bpf_map__fd(MemorySegment map) {
        try {
            return (int) bpf_map__fd.HANDLE.invokeExact(map);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map__fd failed", t);
        }
    }

    public static MemorySegment bpf_map__initial_value(MemorySegment map, MemorySegment psize) {
        try {
            return (MemorySegment) bpf_map__initial_value.HANDLE.invokeExact(map, psize);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map__initial_value failed", t);
        }
    }

    public static int bpf_map__btf_key_type_id(MemorySegment map) {
        try {
            return (int) bpf_map__btf_key_type_id.HANDLE.invokeExact(map);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map__btf_key_type_id failed", t);
        }
    }

    public static int bpf_map__btf_value_type_id(MemorySegment map) {
        try {
            return (int) bpf_map__btf_value_type_id.HANDLE.invokeExact(map);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map__btf_value_type_id failed", t);
        }
    }

    public static MemorySegment perf_buffer__new_raw(int map_fd, long page_cnt, MemorySegment attr, MemorySegment event_cb, MemorySegment ctx, MemorySegment opts) {
        try {
            return (MemorySegment) perf_buffer__new_raw.HANDLE.invokeExact(Errno.state(), map_fd, page_cnt, attr, event_cb, ctx, opts);
        } catch (Throwable t) {
            throw new AssertionError("native call perf_buffer__new_raw failed", t);
        }
    }

    public static int perf_buffer__epoll_fd(MemorySegment pb) {
        try {
            return (int) perf_buffer__epoll_fd.HANDLE.invokeExact(pb);
        } catch (Throwable t) {
            throw new AssertionError("native call perf_buffer__epoll_fd failed", t);
        }
    }

    public static long perf_buffer__buffer_cnt(MemorySegment pb) {
        try {
            return (long) perf_buffer__buffer_cnt.HANDLE.invokeExact(pb);
        } catch (Throwable t) {
            throw new AssertionError("native call perf_buffer__buffer_cnt failed", t);
        }
    }

    /** {@code buf} receives the mapping's base (its perf_event_mmap_page), {@code buf_size} its data area's size. */
    public static int perf_buffer__buffer(MemorySegment pb, int buf_idx, MemorySegment buf, MemorySegment buf_size) {
        try {
            return (int) perf_buffer__buffer.HANDLE.invokeExact(pb, buf_idx, buf, buf_size);
        } catch (Throwable t) {
            throw new AssertionError("native call perf_buffer__buffer failed", t);
        }
    }

    public static void perf_buffer__free(MemorySegment pb) {
        try {
            perf_buffer__free.HANDLE.invokeExact(pb);
        } catch (Throwable t) {
            throw new AssertionError("native call perf_buffer__free failed", t);
        }
    }

    public static MemorySegment btf__raw_data(MemorySegment btf, MemorySegment size) {
        try {
            return (MemorySegment) btf__raw_data.HANDLE.invokeExact(btf, size);
        } catch (Throwable t) {
            throw new AssertionError("native call btf__raw_data failed", t);
        }
    }

    public static int bpf_prog_test_run_opts(int progFd, MemorySegment opts) {
        try {
            return (int) bpf_prog_test_run_opts.HANDLE.invokeExact(progFd, opts);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_prog_test_run_opts failed", t);
        }
    }

    public static int bpf_map_lookup_elem(int fd, MemorySegment key, MemorySegment value) {
        try {
            return (int) bpf_map_lookup_elem.HANDLE.invokeExact(fd, key, value);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map_lookup_elem failed", t);
        }
    }

    public static int bpf_map_update_elem(int fd, MemorySegment key, MemorySegment value, long flags) {
        try {
            return (int) bpf_map_update_elem.HANDLE.invokeExact(fd, key, value, flags);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map_update_elem failed", t);
        }
    }

    public static int bpf_map_delete_elem(int fd, MemorySegment key) {
        try {
            return (int) bpf_map_delete_elem.HANDLE.invokeExact(fd, key);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map_delete_elem failed", t);
        }
    }

    public static int bpf_map_get_next_key(int fd, MemorySegment key, MemorySegment next_key) {
        try {
            return (int) bpf_map_get_next_key.HANDLE.invokeExact(fd, key, next_key);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map_get_next_key failed", t);
        }
    }

    public static int bpf_map_lookup_batch(int fd, MemorySegment in_batch, MemorySegment out_batch, MemorySegment keys, MemorySegment values, MemorySegment count, MemorySegment opts) {
        try {
            return (int) bpf_map_lookup_batch.HANDLE.invokeExact(fd, in_batch, out_batch, keys, values, count, opts);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map_lookup_batch failed", t);
        }
    }

    /** Returns 0, or a negative errno. */
    public static int bpf_obj_get_info_by_fd(int bpf_fd, MemorySegment info, MemorySegment info_len) {
        try {
            return (int) bpf_obj_get_info_by_fd.HANDLE.invokeExact(bpf_fd, info, info_len);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_obj_get_info_by_fd failed", t);
        }
    }

    // One class per function, holding its handle: a handle is bound (FFM spins classes for it) on the first call
    // of its function, not for every function when this class is first used (jextract does the same).
    private static final class libbpf_major_version {
        static final MethodHandle HANDLE = B.bind(LIBBPF_MAJOR_VERSION);
    }

    private static final class libbpf_minor_version {
        static final MethodHandle HANDLE = B.bind(LIBBPF_MINOR_VERSION);
    }

    private static final class libbpf_set_print {
        static final MethodHandle HANDLE = B.bind(LIBBPF_SET_PRINT);
    }

    private static final class libbpf_num_possible_cpus {
        static final MethodHandle HANDLE = B.bind(LIBBPF_NUM_POSSIBLE_CPUS);
    }

    private static final class bpf_object__open_file {
        static final MethodHandle HANDLE = B.bind(BPF_OBJECT__OPEN_FILE);
    }

    private static final class bpf_object__load {
        static final MethodHandle HANDLE = B.bind(BPF_OBJECT__LOAD);
    }

    private static final class bpf_object__close {
        static final MethodHandle HANDLE = B.bind(BPF_OBJECT__CLOSE);
    }

    private static final class bpf_object__btf {
        static final MethodHandle HANDLE = B.bind(BPF_OBJECT__BTF);
    }

    private static final class bpf_object__next_program {
        static final MethodHandle HANDLE = B.bind(BPF_OBJECT__NEXT_PROGRAM);
    }

    private static final class bpf_object__next_map {
        static final MethodHandle HANDLE = B.bind(BPF_OBJECT__NEXT_MAP);
    }

    private static final class bpf_object__find_map_by_name {
        static final MethodHandle HANDLE = B.bind(BPF_OBJECT__FIND_MAP_BY_NAME);
    }

    private static final class bpf_program__name {
        static final MethodHandle HANDLE = B.bind(BPF_PROGRAM__NAME);
    }

    private static final class bpf_program__section_name {
        static final MethodHandle HANDLE = B.bind(BPF_PROGRAM__SECTION_NAME);
    }

    private static final class bpf_program__fd {
        static final MethodHandle HANDLE = B.bind(BPF_PROGRAM__FD);
    }

    private static final class bpf_program__set_log_buf {
        static final MethodHandle HANDLE = B.bind(BPF_PROGRAM__SET_LOG_BUF);
    }

    private static final class bpf_program__set_autoload {
        static final MethodHandle HANDLE = B.bind(BPF_PROGRAM__SET_AUTOLOAD);
    }

    private static final class bpf_program__autoload {
        static final MethodHandle HANDLE = B.bind(BPF_PROGRAM__AUTOLOAD);
    }

    private static final class bpf_program__set_attach_target {
        static final MethodHandle HANDLE = B.bind(BPF_PROGRAM__SET_ATTACH_TARGET);
    }

    private static final class bpf_program__attach {
        static final MethodHandle HANDLE = B.bind(BPF_PROGRAM__ATTACH);
    }

    private static final class bpf_program__attach_uprobe_opts {
        static final MethodHandle HANDLE = B.bind(BPF_PROGRAM__ATTACH_UPROBE_OPTS);
    }

    private static final class bpf_program__attach_usdt {
        static final MethodHandle HANDLE = B.bind(BPF_PROGRAM__ATTACH_USDT);
    }

    private static final class bpf_program__attach_perf_event {
        static final MethodHandle HANDLE = B.bind(BPF_PROGRAM__ATTACH_PERF_EVENT);
    }

    private static final class bpf_link__destroy {
        static final MethodHandle HANDLE = B.bind(BPF_LINK__DESTROY);
    }

    private static final class bpf_map__name {
        static final MethodHandle HANDLE = B.bind(BPF_MAP__NAME);
    }

    private static final class bpf_map__type {
        static final MethodHandle HANDLE = B.bind(BPF_MAP__TYPE);
    }

    private static final class bpf_map__key_size {
        static final MethodHandle HANDLE = B.bind(BPF_MAP__KEY_SIZE);
    }

    private static final class bpf_map__value_size {
        static final MethodHandle HANDLE = B.bind(BPF_MAP__VALUE_SIZE);
    }

    private static final class bpf_map__max_entries {
        static final MethodHandle HANDLE = B.bind(BPF_MAP__MAX_ENTRIES);
    }

    private static final class bpf_map__set_max_entries {
        static final MethodHandle HANDLE = B.bind(BPF_MAP__SET_MAX_ENTRIES);
    }

    private static final class bpf_map__set_value_size {
        static final MethodHandle HANDLE = B.bind(BPF_MAP__SET_VALUE_SIZE);
    }

    private static final class bpf_map__fd {
        static final MethodHandle HANDLE = B.bind(BPF_MAP__FD);
    }

    private static final class bpf_map__initial_value {
        static final MethodHandle HANDLE = B.bind(BPF_MAP__INITIAL_VALUE);
    }

    private static final class bpf_map__btf_key_type_id {
        static final MethodHandle HANDLE = B.bind(BPF_MAP__BTF_KEY_TYPE_ID);
    }

    private static final class bpf_map__btf_value_type_id {
        static final MethodHandle HANDLE = B.bind(BPF_MAP__BTF_VALUE_TYPE_ID);
    }

    private static final class perf_buffer__new_raw {
        static final MethodHandle HANDLE = B.bind(PERF_BUFFER__NEW_RAW);
    }

    private static final class perf_buffer__epoll_fd {
        static final MethodHandle HANDLE = B.bind(PERF_BUFFER__EPOLL_FD);
    }

    private static final class perf_buffer__buffer_cnt {
        static final MethodHandle HANDLE = B.bind(PERF_BUFFER__BUFFER_CNT);
    }

    private static final class perf_buffer__buffer {
        static final MethodHandle HANDLE = B.bind(PERF_BUFFER__BUFFER);
    }

    private static final class perf_buffer__free {
        static final MethodHandle HANDLE = B.bind(PERF_BUFFER__FREE);
    }

    private static final class btf__raw_data {
        static final MethodHandle HANDLE = B.bind(BTF__RAW_DATA);
    }

    private static final class bpf_prog_test_run_opts {
        static final MethodHandle HANDLE = B.bind(BPF_PROG_TEST_RUN_OPTS);
    }

    private static final class bpf_map_lookup_elem {
        static final MethodHandle HANDLE = B.bind(BPF_MAP_LOOKUP_ELEM);
    }

    private static final class bpf_map_update_elem {
        static final MethodHandle HANDLE = B.bind(BPF_MAP_UPDATE_ELEM);
    }

    private static final class bpf_map_delete_elem {
        static final MethodHandle HANDLE = B.bind(BPF_MAP_DELETE_ELEM);
    }

    private static final class bpf_map_get_next_key {
        static final MethodHandle HANDLE = B.bind(BPF_MAP_GET_NEXT_KEY);
    }

    private static final class bpf_map_lookup_batch {
        static final MethodHandle HANDLE = B.bind(BPF_MAP_LOOKUP_BATCH);
    }

    private static final class bpf_obj_get_info_by_fd {
        static final MethodHandle HANDLE = B.bind(BPF_OBJ_GET_INFO_BY_FD);
    }
}
