package io.tracebook.bpf;

import io.tracebook.bpf.btf.Btf;
import io.tracebook.bpf.btf.BtfType;
import io.tracebook.bpf.btf.DwarfTypes;
import io.tracebook.bpf.btf.GlobalVar;
import io.tracebook.bpf.compile.TypeAnchors;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.sys.Suggestions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Which struct an event map carries. Ring and perf buffers have no value type in BTF, so we look at the structs
 * the user defined, in the source or in a header it includes with quotes (the compiler anchors each in BTF, see
 * {@link TypeAnchors}): one is the answer; with several, the one named like the map ("events" carries "event") or
 * named "event". A struct named by the user is looked up in BTF, then in the object's DWARF: a prebuilt object
 * compiled with {@code -g} keeps there the structs it only used on the stack.
 */
final class EventTypes {
    /** The struct: its type id in {@code btf}, which is the object's BTF or that BTF with the struct added from DWARF. */
    record EventType(Btf btf, int typeId) {
    }

    private EventTypes() {
    }

    /** {@code compiledHere}: the object was compiled by Tracebook (so its structs are anchored), not prebuilt. */
    static EventType resolve(Btf btf, Path objectFile, boolean compiledHere, String map, String structName) {
        if (structName != null) return named(btf, objectFile, structName.replaceFirst("^(struct|union)\\s+", ""));
        Map<String, Integer> own = userStructs(btf);
        if (new HashSet<>(own.values()).size() == 1) return new EventType(btf, own.values().iterator().next());
        for (String preferred : List.of(singular(map), map, "event")) {
            if (own.containsKey(preferred)) return new EventType(btf, own.get(preferred));
        }
        if (!own.isEmpty()) {
            throw new BpfException("cannot tell which struct map '" + map + "' carries among " + own.keySet()
                    + ": name it, e.g. events(\"" + map + "\", \"" + own.keySet().iterator().next() + "\")");
        }
        if (compiledHere) {
            throw new BpfException("cannot tell which struct map '" + map + "' carries: the program defines none "
                    + "(define e.g. 'struct event { u32 pid; };' and submit that), or name one: events(\"" + map + "\", \"task_struct\")");
        }
        throw new BpfException("cannot tell which struct map '" + map + "' carries: this object was compiled elsewhere, and clang "
                + "keeps in BTF only the structs of globals, maps and functions; name the struct, e.g. events(\"" + map + "\", \""
                + singular(map) + "\"), which is found in the object's DWARF if it was compiled with clang -g");
    }

    private static EventType named(Btf btf, Path objectFile, String name) {
        Integer typedef = userStructs(btf).get(name);
        OptionalInt id = typedef != null ? OptionalInt.of(typedef) : btf.findStruct(name);
        if (id.isPresent()) return new EventType(btf, id.getAsInt());
        var fromDwarf = DwarfTypes.withStruct(btf, objectFile, name);
        if (fromDwarf.isPresent()) return new EventType(fromDwarf.get(), fromDwarf.get().findStruct(name).getAsInt());
        Set<String> dwarfNames = DwarfTypes.structNames(objectFile);
        List<String> candidates = new ArrayList<>(userStructs(btf).keySet());
        candidates.addAll(dwarfNames);
        if (candidates.isEmpty()) candidates.addAll(btf.structNames());
        String advice = dwarfNames.isEmpty() ? " (the object has no DWARF to look in: compile it with clang -g, or open its .bpf.c "
                + "with Bpf.file, which keeps every struct it and its headers define)" : "";
        throw new BpfException("no struct '" + name + "' in this program" + Suggestions.didYouMean(Suggestions.nearest(name, candidates, 3))
                + advice);
    }

    /**
     * Structs and unions defined in the user's source and headers (typedef names included), from the compiler's anchors;
     * CO-RE flavors of kernel types ({@code task_struct___x}) are the kernel's, not candidates.
     */
    private static Map<String, Integer> userStructs(Btf btf) {
        Map<String, Integer> structs = new LinkedHashMap<>();
        for (GlobalVar var : btf.globals()) {
            if (!var.section().equals(TypeAnchors.SECTION)) continue;
            if (btf.type(btf.resolve(var.type())) instanceof BtfType.Ptr(int target)) {
                int id = btf.resolve(target);
                String name = var.name().substring(TypeAnchors.PREFIX.length());
                if (btf.type(id) instanceof BtfType.Composite c && c.size() > 0 && !name.contains("___")) structs.put(name, id);
            }
        }
        return structs;
    }

    private static String singular(String map) {
        return map.endsWith("s") ? map.substring(0, map.length() - 1) : map;
    }
}
