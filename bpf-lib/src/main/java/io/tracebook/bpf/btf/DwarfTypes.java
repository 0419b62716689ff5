package io.tracebook.bpf.btf;

import io.tracebook.bpf.btf.DwarfReader.Die;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Struct and union definitions from an object's DWARF (clang {@code -g}), as BTF types. clang writes BTF only for
 * the types of globals, maps and function signatures: a struct a program only fills on the stack and sends (the
 * event of most real-world tools, defined in their header) is in the DWARF alone. {@link #withStruct} adds such a
 * struct, and every type it uses, to an object's BTF.
 */
public final class DwarfTypes {
    private static final int ATE_BOOLEAN = 0x02;
    private static final int ATE_FLOAT = 0x04;
    private static final int ATE_SIGNED = 0x05;
    private static final int ATE_SIGNED_CHAR = 0x06;

    private final DwarfReader dwarf;
    private final int firstId;
    private final List<BtfType> added = new ArrayList<>();
    private final Map<Long, Integer> ids = new HashMap<>();

    private DwarfTypes(DwarfReader dwarf, int firstId) {
        this.dwarf = dwarf;
        this.firstId = firstId;
    }

    /**
     * {@code btf} with struct or union {@code name} of {@code objectFile}'s DWARF added, so that {@link Btf#findStruct}
     * finds it; empty when the object has no DWARF or no complete struct of that name in it.
     */
    public static Optional<Btf> withStruct(Btf btf, Path objectFile, String name) {
        DwarfReader dwarf = dwarf(objectFile);
        if (dwarf == null) return Optional.empty();
        Optional<Die> definition = definitions(dwarf).stream().filter(d -> d.name().equals(name)).findFirst();
        if (definition.isEmpty()) return Optional.empty();
        DwarfTypes types = new DwarfTypes(dwarf, btf.typeCount());
        types.convert(definition.get());
        return Optional.of(btf.with(types.added));
    }

    /** Names of the complete structs and unions in {@code objectFile}'s DWARF (none without DWARF). */
    public static Set<String> structNames(Path objectFile) {
        DwarfReader dwarf = dwarf(objectFile);
        Set<String> names = new LinkedHashSet<>();
        if (dwarf != null) definitions(dwarf).forEach(d -> names.add(d.name()));
        return names;
    }

    /**
     * The object's DWARF; null when it has none, or the file is gone (a compile cache may have dropped it, a replay
     * may have none: {@code objectFile} null).
     */
    private static DwarfReader dwarf(Path objectFile) {
        return objectFile != null && Files.isRegularFile(objectFile) ? DwarfReader.read(ElfSections.read(objectFile)) : null;
    }

    /** Named, complete struct and union definitions, wherever they are nested (a local's type sits in its function). */
    private static List<Die> definitions(DwarfReader dwarf) {
        List<Die> found = new ArrayList<>();
        collect(dwarf.topLevel(), found);
        return found;
    }

    private static void collect(List<Die> dies, List<Die> found) {
        for (Die d : dies) {
            boolean composite = d.tag() == DwarfReader.TAG_STRUCTURE_TYPE || d.tag() == DwarfReader.TAG_UNION_TYPE;
            if (composite && !d.name().isEmpty() && !d.has(DwarfReader.AT_DECLARATION)) found.add(d);
            collect(d.children(), found);
        }
    }

    /** The BTF id of the DWARF type at {@code offset}; 0 (void) when there is none. */
    private int typeOf(Die die) {
        return die.has(DwarfReader.AT_TYPE) ? convert(dwarf.at(die.number(DwarfReader.AT_TYPE, 0))) : 0;
    }

    private int convert(Die die) {
        Integer known = ids.get(die.offset());
        if (known != null) return known;
        int id = firstId + added.size();
        ids.put(die.offset(), id);
        added.add(null); // reserved: a struct's members may point back at it
        added.set(id - firstId, type(die));
        return id;
    }

    private BtfType type(Die die) {
        String name = die.name();
        int size = (int) die.number(DwarfReader.AT_BYTE_SIZE, 0);
        return switch (die.tag()) {
            case DwarfReader.TAG_BASE_TYPE -> baseType(name, size, (int) die.number(DwarfReader.AT_ENCODING, 0));
            case DwarfReader.TAG_STRUCTURE_TYPE, DwarfReader.TAG_UNION_TYPE -> composite(die, name, size);
            case DwarfReader.TAG_ARRAY_TYPE -> array(typeOf(die), die.children().stream()
                    .filter(c -> c.tag() == DwarfReader.TAG_SUBRANGE_TYPE).toList(), 0);
            case DwarfReader.TAG_POINTER_TYPE -> new BtfType.Ptr(typeOf(die));
            case DwarfReader.TAG_TYPEDEF -> new BtfType.Typedef(name, typeOf(die));
            case DwarfReader.TAG_CONST_TYPE -> new BtfType.Const(typeOf(die));
            case DwarfReader.TAG_VOLATILE_TYPE, DwarfReader.TAG_ATOMIC_TYPE -> new BtfType.Volatile(typeOf(die));
            case DwarfReader.TAG_RESTRICT_TYPE -> new BtfType.Restrict(typeOf(die));
            case DwarfReader.TAG_ENUMERATION_TYPE -> enumeration(die, name, size);
            case DwarfReader.TAG_SUBROUTINE_TYPE -> new BtfType.FuncProto(0, List.of());
            default -> new BtfType.Void();
        };
    }

    private static BtfType baseType(String name, int size, int encoding) {
        if (encoding == ATE_FLOAT) return new BtfType.Float(name, size);
        int btfEncoding = switch (encoding) {
            case ATE_BOOLEAN -> BtfType.Int.BOOL;
            case ATE_SIGNED, ATE_SIGNED_CHAR -> BtfType.Int.SIGNED; // as clang encodes them in BTF: "char" is text by its name
            default -> 0;
        };
        return new BtfType.Int(name, size, btfEncoding, 0, size * 8);
    }

    private BtfType composite(Die die, String name, int size) {
        if (die.has(DwarfReader.AT_DECLARATION)) return new BtfType.Fwd(name, die.tag() == DwarfReader.TAG_UNION_TYPE);
        List<BtfType.Member> members = new ArrayList<>();
        for (Die m : die.children()) {
            if (m.tag() != DwarfReader.TAG_MEMBER) continue;
            int bits = (int) m.number(DwarfReader.AT_BIT_SIZE, 0);
            members.add(new BtfType.Member(m.name(), typeOf(m), bitOffset(m, bits), bits));
        }
        return die.tag() == DwarfReader.TAG_UNION_TYPE ? new BtfType.Union(name, size, members) : new BtfType.Struct(name, size, members);
    }

    /**
     * Where a member starts, in bits from the struct's start. DWARF 4+ may say it directly (DW_AT_data_bit_offset);
     * clang also writes bit fields the DWARF 2 way, as a storage unit at a byte offset and the field's distance from
     * that unit's most significant bit (DW_AT_bit_offset), which on a little-endian target counts from the top.
     */
    private long bitOffset(Die m, int bits) {
        if (m.has(DwarfReader.AT_DATA_BIT_OFFSET)) return m.number(DwarfReader.AT_DATA_BIT_OFFSET, 0);
        long start = 8 * m.number(DwarfReader.AT_DATA_MEMBER_LOCATION, 0);
        if (!m.has(DwarfReader.AT_BIT_OFFSET)) return start;
        long unitBits = 8 * (m.has(DwarfReader.AT_BYTE_SIZE) ? m.number(DwarfReader.AT_BYTE_SIZE, 0) : byteSize(m));
        return start + unitBits - m.number(DwarfReader.AT_BIT_OFFSET, 0) - bits;
    }

    /** The byte size of the type of {@code die}, through typedefs and qualifiers. */
    private long byteSize(Die die) {
        Die t = die;
        for (int depth = 0; depth < 64 && !t.has(DwarfReader.AT_BYTE_SIZE) && t.has(DwarfReader.AT_TYPE); depth++) {
            t = dwarf.at(t.number(DwarfReader.AT_TYPE, 0));
        }
        return t.number(DwarfReader.AT_BYTE_SIZE, 0);
    }

    /** {@code T a[2][3]} is an array of 2 arrays of 3: one subrange per dimension, outermost first. */
    private BtfType array(int element, List<Die> dimensions, int from) {
        Die range = dimensions.isEmpty() ? null : dimensions.get(from);
        int length = range == null ? 0 : (int) (range.has(DwarfReader.AT_COUNT) ? range.number(DwarfReader.AT_COUNT, 0)
                : range.number(DwarfReader.AT_UPPER_BOUND, -1) + 1);
        if (from + 1 >= dimensions.size()) return new BtfType.Array(element, 0, length);
        int inner = firstId + added.size();
        added.add(null); // reserved before the inner dimensions add theirs
        added.set(inner - firstId, array(element, dimensions, from + 1));
        return new BtfType.Array(inner, 0, length);
    }

    private static BtfType enumeration(Die die, String name, int size) {
        List<BtfType.Enumerator> values = new ArrayList<>();
        for (Die e : die.children()) {
            long value = e.number(DwarfReader.AT_CONST_VALUE, 0);
            // as clang 14 writes BTF: values as unsigned numbers of the enum's size, no signedness
            values.add(new BtfType.Enumerator(e.name(), size >= 8 ? value : value & ((1L << (8 * size)) - 1)));
        }
        return size > 4 ? new BtfType.Enum64(name, size, false, values) : new BtfType.Enum(name, size, false, values);
    }
}
