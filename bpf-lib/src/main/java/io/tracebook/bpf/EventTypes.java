package io.tracebook.bpf;

import io.tracebook.bpf.btf.Btf;
import io.tracebook.bpf.btf.BtfType;
import io.tracebook.bpf.btf.GlobalVar;
import io.tracebook.bpf.compile.TypeAnchors;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.sys.Suggestions;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Which struct an event map carries. Ring and perf buffers have no value type in BTF, so we look at
 * the structs the user defined (the compiler anchors each in BTF, see {@link TypeAnchors}): one is the
 * answer; with several, the one named like the map ("events" carries "event") or named "event".
 */
final class EventTypes {
    private EventTypes() {
    }

    static int resolve(Btf btf, String map, String structName) {
        if (structName != null) {
            String bare = structName.replaceFirst("^(struct|union)\\s+", "");
            Integer typedef = userStructs(btf).get(bare);
            OptionalInt id = typedef != null ? OptionalInt.of(typedef) : btf.findStruct(bare);
            if (id.isEmpty()) {
                throw new BpfException("no struct '" + bare + "' in this program"
                        + Suggestions.didYouMean(Suggestions.nearest(bare, btf.structNames(), 3)));
            }
            return id.getAsInt();
        }
        Map<String, Integer> own = userStructs(btf);
        if (new HashSet<>(own.values()).size() == 1) return own.values().iterator().next();
        for (String preferred : List.of(singular(map), map, "event")) {
            if (own.containsKey(preferred)) return own.get(preferred);
        }
        if (own.isEmpty()) {
            throw new BpfException("cannot tell which struct map '" + map + "' carries: the program defines none "
                    + "(define e.g. 'struct event { u32 pid; };' and submit that), or name one: events(\"" + map + "\", \"task_struct\")");
        }
        throw new BpfException("cannot tell which struct map '" + map + "' carries among " + own.keySet()
                + ": name it, e.g. events(\"" + map + "\", \"" + own.keySet().iterator().next() + "\")");
    }

    /** Structs and unions defined in the user's source (typedef names included), from the compiler's anchors. */
    private static Map<String, Integer> userStructs(Btf btf) {
        Map<String, Integer> structs = new LinkedHashMap<>();
        for (GlobalVar var : btf.globals()) {
            if (!var.section().equals(TypeAnchors.SECTION)) continue;
            if (btf.type(btf.resolve(var.type())) instanceof BtfType.Ptr(int target)) {
                int id = btf.resolve(target);
                String name = var.name().substring(TypeAnchors.PREFIX.length());
                if (btf.type(id) instanceof BtfType.Composite c && c.size() > 0) structs.put(name, id);
            }
        }
        return structs;
    }

    private static String singular(String map) {
        return map.endsWith("s") ? map.substring(0, map.length() - 1) : map;
    }
}
