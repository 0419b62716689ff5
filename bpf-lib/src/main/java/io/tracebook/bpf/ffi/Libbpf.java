package io.tracebook.bpf.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
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

    private static final MethodHandle LIBBPF_MAJOR_VERSION = B.bind("bpf/libbpf.h", "libbpf_major_version", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle LIBBPF_MINOR_VERSION = B.bind("bpf/libbpf.h", "libbpf_minor_version", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle LIBBPF_SET_PRINT = B.bind("bpf/libbpf.h", "libbpf_set_print", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle LIBBPF_NUM_POSSIBLE_CPUS = B.bind("bpf/libbpf.h", "libbpf_num_possible_cpus", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle BPF_OBJECT__OPEN_FILE = B.bindWithErrno("bpf/libbpf.h", "bpf_object__open_file", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle BPF_OBJECT__LOAD = B.bind("bpf/libbpf.h", "bpf_object__load", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle BPF_OBJECT__CLOSE = B.bind("bpf/libbpf.h", "bpf_object__close", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle BPF_OBJECT__BTF = B.bind("bpf/libbpf.h", "bpf_object__btf", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle BPF_OBJECT__NEXT_PROGRAM = B.bind("bpf/libbpf.h", "bpf_object__next_program", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle BPF_OBJECT__NEXT_MAP = B.bind("bpf/libbpf.h", "bpf_object__next_map", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle BPF_OBJECT__FIND_MAP_BY_NAME = B.bind("bpf/libbpf.h", "bpf_object__find_map_by_name", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle BPF_PROGRAM__NAME = B.bind("bpf/libbpf.h", "bpf_program__name", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle BPF_PROGRAM__SECTION_NAME = B.bind("bpf/libbpf.h", "bpf_program__section_name", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle BPF_PROGRAM__FD = B.bind("bpf/libbpf.h", "bpf_program__fd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle BPF_PROGRAM__SET_LOG_BUF = B.bind("bpf/libbpf.h", "bpf_program__set_log_buf", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    private static final MethodHandle BPF_PROGRAM__SET_AUTOLOAD = B.bind("bpf/libbpf.h", "bpf_program__set_autoload", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_BOOLEAN));
    private static final MethodHandle BPF_PROGRAM__AUTOLOAD = B.bind("bpf/libbpf.h", "bpf_program__autoload", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS));
    private static final MethodHandle BPF_PROGRAM__SET_ATTACH_TARGET = B.bind("bpf/libbpf.h", "bpf_program__set_attach_target", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    private static final MethodHandle BPF_PROGRAM__ATTACH = B.bindWithErrno("bpf/libbpf.h", "bpf_program__attach", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle BPF_PROGRAM__ATTACH_UPROBE_OPTS = B.bindWithErrno("bpf/libbpf.h", "bpf_program__attach_uprobe_opts", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
    private static final MethodHandle BPF_PROGRAM__ATTACH_USDT = B.bindWithErrno("bpf/libbpf.h", "bpf_program__attach_usdt", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle BPF_PROGRAM__ATTACH_PERF_EVENT = B.bindWithErrno("bpf/libbpf.h", "bpf_program__attach_perf_event", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle BPF_LINK__DESTROY = B.bind("bpf/libbpf.h", "bpf_link__destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle BPF_MAP__NAME = B.bind("bpf/libbpf.h", "bpf_map__name", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle BPF_MAP__TYPE = B.bind("bpf/libbpf.h", "bpf_map__type", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle BPF_MAP__KEY_SIZE = B.bind("bpf/libbpf.h", "bpf_map__key_size", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle BPF_MAP__VALUE_SIZE = B.bind("bpf/libbpf.h", "bpf_map__value_size", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle BPF_MAP__MAX_ENTRIES = B.bind("bpf/libbpf.h", "bpf_map__max_entries", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle BPF_MAP__SET_MAX_ENTRIES = B.bind("bpf/libbpf.h", "bpf_map__set_max_entries", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle BPF_MAP__SET_VALUE_SIZE = B.bind("bpf/libbpf.h", "bpf_map__set_value_size", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle BPF_MAP__FD = B.bind("bpf/libbpf.h", "bpf_map__fd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle BPF_MAP__INITIAL_VALUE = B.bind("bpf/libbpf.h", "bpf_map__initial_value", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle BPF_MAP__BTF_KEY_TYPE_ID = B.bind("bpf/libbpf.h", "bpf_map__btf_key_type_id", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle BPF_MAP__BTF_VALUE_TYPE_ID = B.bind("bpf/libbpf.h", "bpf_map__btf_value_type_id", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle PERF_BUFFER__NEW_RAW = B.bindWithErrno("bpf/libbpf.h", "perf_buffer__new_raw", FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle PERF_BUFFER__EPOLL_FD = B.bind("bpf/libbpf.h", "perf_buffer__epoll_fd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle PERF_BUFFER__BUFFER_CNT = B.bind("bpf/libbpf.h", "perf_buffer__buffer_cnt", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
    private static final MethodHandle PERF_BUFFER__BUFFER = B.bind("bpf/libbpf.h", "perf_buffer__buffer", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle PERF_BUFFER__FREE = B.bind("bpf/libbpf.h", "perf_buffer__free", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle BTF__RAW_DATA = B.bind("bpf/btf.h", "btf__raw_data", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle BPF_PROG_TEST_RUN_OPTS = B.bind("bpf/bpf.h", "bpf_prog_test_run_opts", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle BPF_MAP_LOOKUP_ELEM = B.bind("bpf/bpf.h", "bpf_map_lookup_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle BPF_MAP_UPDATE_ELEM = B.bind("bpf/bpf.h", "bpf_map_update_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    private static final MethodHandle BPF_MAP_DELETE_ELEM = B.bind("bpf/bpf.h", "bpf_map_delete_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle BPF_MAP_GET_NEXT_KEY = B.bind("bpf/bpf.h", "bpf_map_get_next_key", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle BPF_MAP_LOOKUP_BATCH = B.bind("bpf/bpf.h", "bpf_map_lookup_batch", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle BPF_OBJ_GET_INFO_BY_FD = B.bind("bpf/bpf.h", "bpf_obj_get_info_by_fd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

    /** Every function bound here, for the header check. */
    public static final List<NativeFunction> FUNCTIONS = B.functions();

    public static int libbpf_major_version() {
        try {
            return (int) LIBBPF_MAJOR_VERSION.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("native call libbpf_major_version failed", t);
        }
    }

    public static int libbpf_minor_version() {
        try {
            return (int) LIBBPF_MINOR_VERSION.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("native call libbpf_minor_version failed", t);
        }
    }

    public static MemorySegment libbpf_set_print(MemorySegment fn) {
        try {
            return (MemorySegment) LIBBPF_SET_PRINT.invokeExact(fn);
        } catch (Throwable t) {
            throw new AssertionError("native call libbpf_set_print failed", t);
        }
    }

    public static int libbpf_num_possible_cpus() {
        try {
            return (int) LIBBPF_NUM_POSSIBLE_CPUS.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("native call libbpf_num_possible_cpus failed", t);
        }
    }

    public static MemorySegment bpf_object__open_file(MemorySegment path, MemorySegment opts) {
        try {
            return (MemorySegment) BPF_OBJECT__OPEN_FILE.invokeExact(Errno.state(), path, opts);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_object__open_file failed", t);
        }
    }

    public static int bpf_object__load(MemorySegment obj) {
        try {
            return (int) BPF_OBJECT__LOAD.invokeExact(obj);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_object__load failed", t);
        }
    }

    public static void bpf_object__close(MemorySegment obj) {
        try {
            BPF_OBJECT__CLOSE.invokeExact(obj);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_object__close failed", t);
        }
    }

    public static MemorySegment bpf_object__btf(MemorySegment obj) {
        try {
            return (MemorySegment) BPF_OBJECT__BTF.invokeExact(obj);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_object__btf failed", t);
        }
    }

    public static MemorySegment bpf_object__next_program(MemorySegment obj, MemorySegment prog) {
        try {
            return (MemorySegment) BPF_OBJECT__NEXT_PROGRAM.invokeExact(obj, prog);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_object__next_program failed", t);
        }
    }

    public static MemorySegment bpf_object__next_map(MemorySegment obj, MemorySegment map) {
        try {
            return (MemorySegment) BPF_OBJECT__NEXT_MAP.invokeExact(obj, map);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_object__next_map failed", t);
        }
    }

    public static MemorySegment bpf_object__find_map_by_name(MemorySegment obj, MemorySegment name) {
        try {
            return (MemorySegment) BPF_OBJECT__FIND_MAP_BY_NAME.invokeExact(obj, name);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_object__find_map_by_name failed", t);
        }
    }

    public static MemorySegment bpf_program__name(MemorySegment prog) {
        try {
            return (MemorySegment) BPF_PROGRAM__NAME.invokeExact(prog);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_program__name failed", t);
        }
    }

    public static MemorySegment bpf_program__section_name(MemorySegment prog) {
        try {
            return (MemorySegment) BPF_PROGRAM__SECTION_NAME.invokeExact(prog);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_program__section_name failed", t);
        }
    }

    public static int bpf_program__fd(MemorySegment prog) {
        try {
            return (int) BPF_PROGRAM__FD.invokeExact(prog);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_program__fd failed", t);
        }
    }

    public static int bpf_program__set_log_buf(MemorySegment prog, MemorySegment log_buf, long log_size) {
        try {
            return (int) BPF_PROGRAM__SET_LOG_BUF.invokeExact(prog, log_buf, log_size);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_program__set_log_buf failed", t);
        }
    }

    public static int bpf_program__set_autoload(MemorySegment prog, boolean autoload) {
        try {
            return (int) BPF_PROGRAM__SET_AUTOLOAD.invokeExact(prog, autoload);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_program__set_autoload failed", t);
        }
    }

    public static boolean bpf_program__autoload(MemorySegment prog) {
        try {
            return (boolean) BPF_PROGRAM__AUTOLOAD.invokeExact(prog);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_program__autoload failed", t);
        }
    }

    public static int bpf_program__set_attach_target(MemorySegment prog, int attach_prog_fd, MemorySegment attach_func_name) {
        try {
            return (int) BPF_PROGRAM__SET_ATTACH_TARGET.invokeExact(prog, attach_prog_fd, attach_func_name);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_program__set_attach_target failed", t);
        }
    }

    public static MemorySegment bpf_program__attach(MemorySegment prog) {
        try {
            return (MemorySegment) BPF_PROGRAM__ATTACH.invokeExact(Errno.state(), prog);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_program__attach failed", t);
        }
    }

    public static MemorySegment bpf_program__attach_uprobe_opts(MemorySegment prog, int pid, MemorySegment binary_path, long func_offset, MemorySegment opts) {
        try {
            return (MemorySegment) BPF_PROGRAM__ATTACH_UPROBE_OPTS.invokeExact(Errno.state(), prog, pid, binary_path, func_offset, opts);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_program__attach_uprobe_opts failed", t);
        }
    }

    public static MemorySegment bpf_program__attach_usdt(MemorySegment prog, int pid, MemorySegment binary_path, MemorySegment usdt_provider, MemorySegment usdt_name, MemorySegment opts) {
        try {
            return (MemorySegment) BPF_PROGRAM__ATTACH_USDT.invokeExact(Errno.state(), prog, pid, binary_path, usdt_provider, usdt_name, opts);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_program__attach_usdt failed", t);
        }
    }

    public static MemorySegment bpf_program__attach_perf_event(MemorySegment prog, int pfd) {
        try {
            return (MemorySegment) BPF_PROGRAM__ATTACH_PERF_EVENT.invokeExact(Errno.state(), prog, pfd);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_program__attach_perf_event failed", t);
        }
    }

    public static int bpf_link__destroy(MemorySegment link) {
        try {
            return (int) BPF_LINK__DESTROY.invokeExact(link);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_link__destroy failed", t);
        }
    }

    public static MemorySegment bpf_map__name(MemorySegment map) {
        try {
            return (MemorySegment) BPF_MAP__NAME.invokeExact(map);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map__name failed", t);
        }
    }

    public static int bpf_map__type(MemorySegment map) {
        try {
            return (int) BPF_MAP__TYPE.invokeExact(map);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map__type failed", t);
        }
    }

    public static int bpf_map__key_size(MemorySegment map) {
        try {
            return (int) BPF_MAP__KEY_SIZE.invokeExact(map);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map__key_size failed", t);
        }
    }

    public static int bpf_map__value_size(MemorySegment map) {
        try {
            return (int) BPF_MAP__VALUE_SIZE.invokeExact(map);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map__value_size failed", t);
        }
    }

    public static int bpf_map__max_entries(MemorySegment map) {
        try {
            return (int) BPF_MAP__MAX_ENTRIES.invokeExact(map);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map__max_entries failed", t);
        }
    }

    public static int bpf_map__set_max_entries(MemorySegment map, int max_entries) {
        try {
            return (int) BPF_MAP__SET_MAX_ENTRIES.invokeExact(map, max_entries);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map__set_max_entries failed", t);
        }
    }

    public static int bpf_map__set_value_size(MemorySegment map, int size) {
        try {
            return (int) BPF_MAP__SET_VALUE_SIZE.invokeExact(map, size);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map__set_value_size failed", t);
        }
    }

    public static int bpf_map__fd(MemorySegment map) {
        try {
            return (int) BPF_MAP__FD.invokeExact(map);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map__fd failed", t);
        }
    }

    public static MemorySegment bpf_map__initial_value(MemorySegment map, MemorySegment psize) {
        try {
            return (MemorySegment) BPF_MAP__INITIAL_VALUE.invokeExact(map, psize);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map__initial_value failed", t);
        }
    }

    public static int bpf_map__btf_key_type_id(MemorySegment map) {
        try {
            return (int) BPF_MAP__BTF_KEY_TYPE_ID.invokeExact(map);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map__btf_key_type_id failed", t);
        }
    }

    public static int bpf_map__btf_value_type_id(MemorySegment map) {
        try {
            return (int) BPF_MAP__BTF_VALUE_TYPE_ID.invokeExact(map);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map__btf_value_type_id failed", t);
        }
    }

    public static MemorySegment perf_buffer__new_raw(int map_fd, long page_cnt, MemorySegment attr, MemorySegment event_cb, MemorySegment ctx, MemorySegment opts) {
        try {
            return (MemorySegment) PERF_BUFFER__NEW_RAW.invokeExact(Errno.state(), map_fd, page_cnt, attr, event_cb, ctx, opts);
        } catch (Throwable t) {
            throw new AssertionError("native call perf_buffer__new_raw failed", t);
        }
    }

    public static int perf_buffer__epoll_fd(MemorySegment pb) {
        try {
            return (int) PERF_BUFFER__EPOLL_FD.invokeExact(pb);
        } catch (Throwable t) {
            throw new AssertionError("native call perf_buffer__epoll_fd failed", t);
        }
    }

    public static long perf_buffer__buffer_cnt(MemorySegment pb) {
        try {
            return (long) PERF_BUFFER__BUFFER_CNT.invokeExact(pb);
        } catch (Throwable t) {
            throw new AssertionError("native call perf_buffer__buffer_cnt failed", t);
        }
    }

    /** {@code buf} receives the mapping's base (its perf_event_mmap_page), {@code buf_size} its data area's size. */
    public static int perf_buffer__buffer(MemorySegment pb, int buf_idx, MemorySegment buf, MemorySegment buf_size) {
        try {
            return (int) PERF_BUFFER__BUFFER.invokeExact(pb, buf_idx, buf, buf_size);
        } catch (Throwable t) {
            throw new AssertionError("native call perf_buffer__buffer failed", t);
        }
    }

    public static void perf_buffer__free(MemorySegment pb) {
        try {
            PERF_BUFFER__FREE.invokeExact(pb);
        } catch (Throwable t) {
            throw new AssertionError("native call perf_buffer__free failed", t);
        }
    }

    public static MemorySegment btf__raw_data(MemorySegment btf, MemorySegment size) {
        try {
            return (MemorySegment) BTF__RAW_DATA.invokeExact(btf, size);
        } catch (Throwable t) {
            throw new AssertionError("native call btf__raw_data failed", t);
        }
    }

    public static int bpf_prog_test_run_opts(int progFd, MemorySegment opts) {
        try {
            return (int) BPF_PROG_TEST_RUN_OPTS.invokeExact(progFd, opts);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_prog_test_run_opts failed", t);
        }
    }

    public static int bpf_map_lookup_elem(int fd, MemorySegment key, MemorySegment value) {
        try {
            return (int) BPF_MAP_LOOKUP_ELEM.invokeExact(fd, key, value);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map_lookup_elem failed", t);
        }
    }

    public static int bpf_map_update_elem(int fd, MemorySegment key, MemorySegment value, long flags) {
        try {
            return (int) BPF_MAP_UPDATE_ELEM.invokeExact(fd, key, value, flags);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map_update_elem failed", t);
        }
    }

    public static int bpf_map_delete_elem(int fd, MemorySegment key) {
        try {
            return (int) BPF_MAP_DELETE_ELEM.invokeExact(fd, key);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map_delete_elem failed", t);
        }
    }

    public static int bpf_map_get_next_key(int fd, MemorySegment key, MemorySegment next_key) {
        try {
            return (int) BPF_MAP_GET_NEXT_KEY.invokeExact(fd, key, next_key);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map_get_next_key failed", t);
        }
    }

    public static int bpf_map_lookup_batch(int fd, MemorySegment in_batch, MemorySegment out_batch, MemorySegment keys, MemorySegment values, MemorySegment count, MemorySegment opts) {
        try {
            return (int) BPF_MAP_LOOKUP_BATCH.invokeExact(fd, in_batch, out_batch, keys, values, count, opts);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_map_lookup_batch failed", t);
        }
    }

    /** Returns 0, or a negative errno. */
    public static int bpf_obj_get_info_by_fd(int bpf_fd, MemorySegment info, MemorySegment info_len) {
        try {
            return (int) BPF_OBJ_GET_INFO_BY_FD.invokeExact(bpf_fd, info, info_len);
        } catch (Throwable t) {
            throw new AssertionError("native call bpf_obj_get_info_by_fd failed", t);
        }
    }

}
