package io.tracebook.bpf.btf;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import io.tracebook.bpf.error.BpfException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The types of one BTF blob (an object's {@code .BTF} or the kernel's), parsed once into memory
 * that Java owns, so it outlives the libbpf object it came from. Immutable and thread-safe.
 */
public final class Btf {
    /** typedef/qualifier chains are short; a longer one means a cycle in corrupt data. */
    private static final int MAX_CHAIN = 64;

    private final List<BtfType> types;
    private final Map<String, Integer> composites = new HashMap<>();
    private final Map<String, Integer> functions = new HashMap<>();
    private final Map<String, Integer> typedefs = new HashMap<>();
    private final Map<String, GlobalVar> globals = new LinkedHashMap<>();
    private final List<GlobalVar> globalList = new ArrayList<>();
    private final TypeNames names = new TypeNames(this);

    private Btf(List<BtfType> types) {
        this.types = types;
        for (int id = 1; id < types.size(); id++) {
            switch (types.get(id)) {
                case BtfType.Composite c when !c.name().isEmpty() && c.size() > 0 -> composites.putIfAbsent(c.name(), id);
                case BtfType.DataSec sec -> addGlobals(sec);
                case BtfType.Func f -> functions.putIfAbsent(f.name(), id);
                case BtfType.Typedef t -> typedefs.putIfAbsent(t.name(), id);
                default -> {
                }
            }
        }
    }

    /** Parses raw BTF: a header, a type section and a string section, as in the kernel's {@code .BTF}. */
    public static Btf parse(byte[] raw) {
        return new Btf(BtfReader.read(raw));
    }

    /**
     * Parses raw BTF from native or heap memory, e.g. what {@code btf__raw_data(bpf_object__btf(obj), &size)}
     * returns (sized to {@code size}). Take it after {@code bpf_object__open_*}: libbpf has then filled
     * in the sizes and offsets of the data sections, which the compiler leaves at zero. The bytes are
     * copied; the segment may be freed afterwards.
     */
    public static Btf parse(MemorySegment raw) {
        return parse(raw.toArray(JAVA_BYTE));
    }

    /** These types followed by {@code more}, whose ids continue from {@link #typeCount()} (and may refer to these). */
    public Btf with(List<BtfType> more) {
        List<BtfType> all = new ArrayList<>(types);
        all.addAll(more);
        return new Btf(List.copyOf(all));
    }

    /** Number of type ids, including id 0 ({@code void}). */
    public int typeCount() {
        return types.size();
    }

    public BtfType type(int id) {
        if (id < 0 || id >= types.size()) {
            throw new BpfException("BTF type id " + id + " does not exist; ids run from 0 to "
                    + (types.size() - 1));
        }
        return types.get(id);
    }

    /** Follows typedef, const, volatile, restrict and type tags down to the type they stand for. */
    public int resolve(int id) {
        int current = id;
        for (int i = 0; i < MAX_CHAIN; i++) {
            if (!(type(current) instanceof BtfType.Modifier m)) {
                return current;
            }
            current = m.type();
        }
        throw new BpfException("BTF type [" + id + "] is a chain of more than " + MAX_CHAIN
                + " typedefs/qualifiers, probably a cycle: the BTF is corrupt");
    }

    /** The first complete struct or union with this name. */
    public OptionalInt findStruct(String name) {
        Integer id = composites.get(name);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** The function with this name (a {@link BtfType.Func}, whose type is its prototype). */
    public OptionalInt findFunction(String name) {
        Integer id = functions.get(name);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** The typedef with this name. */
    public OptionalInt findTypedef(String name) {
        Integer id = typedefs.get(name);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** Names of the functions, in no particular order (for suggestions). */
    public List<String> functionNames() {
        return List.copyOf(functions.keySet());
    }

    /** Names of the complete, named structs and unions, in type-id order. */
    public List<String> structNames() {
        List<String> result = new ArrayList<>();
        for (BtfType t : types) {
            if (t instanceof BtfType.Composite c && !c.name().isEmpty() && c.size() > 0) {
                result.add(c.name());
            }
        }
        return result;
    }

    /** The first variable with this name in any data section. */
    public Optional<GlobalVar> global(String name) {
        return Optional.ofNullable(globals.get(name));
    }

    /** Every variable of every data section, in section order. */
    public List<GlobalVar> globals() {
        return Collections.unmodifiableList(globalList);
    }

    /** Size in bytes of a value of this type (pointers are 8 bytes: BPF is a 64-bit target). */
    public long sizeOf(int id) {
        int resolved = resolve(id);
        return switch (type(resolved)) {
            case BtfType.Int t -> t.size();
            case BtfType.Float t -> t.size();
            case BtfType.Ptr t -> 8;
            case BtfType.Composite t -> t.size();
            case BtfType.Enumeration t -> t.size();
            case BtfType.DataSec t -> t.size();
            case BtfType.Var t -> sizeOf(t.type());
            case BtfType.Array t -> Math.multiplyExact((long) t.length(), sizeOf(t.elementType()));
            default -> throw new BpfException(typeName(resolved) + " (BTF type [" + resolved
                    + "]) has no size: only data types (integers, structs, arrays, ...) do");
        };
    }

    /** The type as C would spell it, for messages: "u32", "struct event", "char[16]". */
    public String typeName(int id) {
        return names.name(id);
    }

    private void addGlobals(BtfType.DataSec sec) {
        for (BtfType.VarInfo info : sec.vars()) {
            if (type(info.type()) instanceof BtfType.Var v) {
                GlobalVar g = new GlobalVar(v.name(), sec.name(), info.offset(), info.size(), v.type(), v.linkage());
                globalList.add(g);
                globals.putIfAbsent(v.name(), g);
            }
        }
    }
}
