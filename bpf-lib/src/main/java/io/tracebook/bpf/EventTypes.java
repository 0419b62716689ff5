package io.tracebook.bpf;

import io.tracebook.bpf.btf.Btf;
import io.tracebook.bpf.ffi.Errno;
import io.tracebook.bpf.ffi.LibBpf;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.OptionalInt;

/**
 * Which struct an event map carries. Ring and perf buffers have no value type in BTF, so we look at
 * the structs the user declared (those vmlinux does not have): one candidate is the answer; with
 * several, the one named like the map ("events" carries "event") or named "event".
 */
final class EventTypes {
    private static final int BTF_KIND_STRUCT = 4;
    private static MemorySegment vmlinux;

    private EventTypes() {
    }

    static int resolve(Btf btf, String map, String structName) {
        if (structName != null) {
            String bare = structName.replaceFirst("^struct\\s+", "");
            OptionalInt id = btf.findStruct(bare);
            if (id.isEmpty()) {
                throw new BpfException("no struct '" + bare + "' in this program"
                        + Suggestions.didYouMean(Suggestions.nearest(bare, btf.structNames(), 3)));
            }
            return id.getAsInt();
        }
        List<String> own = btf.structNames().stream().filter(s -> !inKernel(s)).toList();
        if (own.size() == 1) return btf.findStruct(own.getFirst()).getAsInt();
        for (String preferred : List.of(singular(map), "event")) {
            if (own.contains(preferred)) return btf.findStruct(preferred).getAsInt();
        }
        if (own.isEmpty()) {
            throw new BpfException("cannot tell which struct map '" + map + "' carries: the program declares none "
                    + "(declare e.g. 'struct event { u32 pid; };' and submit it), or name one: events(\"" + map + "\", \"task_struct\")");
        }
        throw new BpfException("cannot tell which struct map '" + map + "' carries: " + own
                + "; name it: events(\"" + map + "\", \"" + own.getFirst() + "\")");
    }

    private static String singular(String map) {
        return map.endsWith("s") ? map.substring(0, map.length() - 1) : map;
    }

    private static synchronized boolean inKernel(String struct) {
        if (vmlinux == null) {
            vmlinux = LibBpf.btf__load_vmlinux_btf();
            if (vmlinux.equals(MemorySegment.NULL)) {
                throw new BpfException("cannot read the kernel's BTF (/sys/kernel/btf/vmlinux): " + Errno.name(Errno.last()));
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            return LibBpf.btf__find_by_name_kind(vmlinux, arena.allocateFrom(struct), BTF_KIND_STRUCT) > 0;
        }
    }
}
