package io.tracebook.bpf.btf;

import io.tracebook.bpf.error.BpfException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The debugging information entries (DIEs) of an object's {@code .debug_info}, DWARF 2 to 5, 32- and 64-bit
 * format, with their attributes decoded to numbers and strings: enough to read type definitions. References
 * become absolute offsets into {@code .debug_info}. The object is relocatable, and its references into
 * {@code .debug_str} through {@code .debug_str_offsets} are REL relocations against section symbols, whose
 * addend is the value in place: reading the values as they are gives the offsets.
 */
final class DwarfReader {
    static final int TAG_ARRAY_TYPE = 0x01;
    static final int TAG_ENUMERATION_TYPE = 0x04;
    static final int TAG_MEMBER = 0x0d;
    static final int TAG_POINTER_TYPE = 0x0f;
    static final int TAG_STRUCTURE_TYPE = 0x13;
    static final int TAG_SUBROUTINE_TYPE = 0x15;
    static final int TAG_TYPEDEF = 0x16;
    static final int TAG_UNION_TYPE = 0x17;
    static final int TAG_SUBRANGE_TYPE = 0x21;
    static final int TAG_BASE_TYPE = 0x24;
    static final int TAG_CONST_TYPE = 0x26;
    static final int TAG_ENUMERATOR = 0x28;
    static final int TAG_VOLATILE_TYPE = 0x35;
    static final int TAG_RESTRICT_TYPE = 0x37;
    static final int TAG_ATOMIC_TYPE = 0x47;

    static final int AT_NAME = 0x03;
    static final int AT_BYTE_SIZE = 0x0b;
    static final int AT_BIT_OFFSET = 0x0c;
    static final int AT_BIT_SIZE = 0x0d;
    static final int AT_CONST_VALUE = 0x1c;
    static final int AT_UPPER_BOUND = 0x2f;
    static final int AT_COUNT = 0x37;
    static final int AT_DATA_MEMBER_LOCATION = 0x38;
    static final int AT_DECLARATION = 0x3c;
    static final int AT_ENCODING = 0x3e;
    static final int AT_TYPE = 0x49;
    static final int AT_DATA_BIT_OFFSET = 0x6b;
    private static final int AT_STR_OFFSETS_BASE = 0x72;

    private static final int TAG_COMPILE_UNIT = 0x11;
    private static final int UT_COMPILE = 1;
    private static final int UT_TYPE = 2;
    private static final int UT_PARTIAL = 3;

    /** One entry: its tag, attributes (Long, String or byte[] values) and children. */
    record Die(long offset, int tag, Map<Integer, Object> attributes, List<Die> children) {
        String name() {
            return attributes.get(AT_NAME) instanceof String s ? s : "";
        }

        long number(int attribute, long otherwise) {
            return attributes.get(attribute) instanceof Long n ? n : otherwise;
        }

        boolean has(int attribute) {
            return attributes.containsKey(attribute);
        }
    }

    private record Spec(int attribute, int form, long implicitConst) {
    }

    private record Abbrev(int tag, boolean children, List<Spec> specs) {
    }

    private record Unit(long start, int offsetSize, int addressSize) {
    }

    /**
     * A string given by index into the unit's slice of .debug_str_offsets (DWARF 5), whose start the compile unit's
     * DW_AT_str_offsets_base gives, maybe after the strings that need it: looked up once the unit is read.
     */
    private record StringIndex(long index) {
    }

    private final ByteBuffer info;
    private final ByteBuffer abbrev;
    private final ByteBuffer str;
    private final ByteBuffer strOffsets;
    private final ByteBuffer lineStr;
    private final Map<Long, Die> byOffset = new HashMap<>();
    private final List<Die> roots = new ArrayList<>();

    private DwarfReader(ElfSections elf) {
        this.info = elf.get(".debug_info").orElseThrow(() -> new BpfException("no .debug_info"));
        this.abbrev = elf.get(".debug_abbrev").orElseThrow(() -> new BpfException("no .debug_abbrev"));
        this.str = elf.get(".debug_str").orElse(null);
        this.strOffsets = elf.get(".debug_str_offsets").orElse(null);
        this.lineStr = elf.get(".debug_line_str").orElse(null);
    }

    /** Every unit's top-level entries (the children of its compile unit), or null when the object has no DWARF. */
    static DwarfReader read(ElfSections elf) {
        if (elf.get(".debug_info").isEmpty() || elf.get(".debug_abbrev").isEmpty()) return null;
        DwarfReader reader = new DwarfReader(elf);
        reader.readUnits();
        return reader;
    }

    List<Die> topLevel() {
        return roots;
    }

    Die at(long offset) {
        Die die = byOffset.get(offset);
        if (die == null) throw new BpfException("the object's DWARF refers to an entry at " + offset + " that is not there: it looks corrupt");
        return die;
    }

    private void readUnits() {
        int at = 0;
        while (at + 11 <= info.limit()) {
            long length = Integer.toUnsignedLong(info.getInt(at));
            int offsetSize = 4;
            int header = at + 4;
            if (length == 0xffffffffL) {
                length = info.getLong(at + 4);
                offsetSize = 8;
                header = at + 12;
            }
            int end = (int) (header + length);
            int version = Short.toUnsignedInt(info.getShort(header));
            int pos = header + 2;
            long abbrevOffset;
            int addressSize;
            int unitType = UT_COMPILE;
            if (version >= 5) {
                unitType = info.get(pos++);
                addressSize = info.get(pos++);
                abbrevOffset = offsetSize == 8 ? info.getLong(pos) : Integer.toUnsignedLong(info.getInt(pos));
                pos += offsetSize;
                if (unitType == UT_TYPE) pos += 8 + offsetSize; // type signature, type offset
                else if (unitType != UT_COMPILE && unitType != UT_PARTIAL) pos += 8; // skeleton/split: dwo id
            } else {
                abbrevOffset = offsetSize == 8 ? info.getLong(pos) : Integer.toUnsignedLong(info.getInt(pos));
                pos += offsetSize;
                addressSize = info.get(pos++);
            }
            Unit unit = new Unit(at, offsetSize, addressSize);
            Map<Long, Abbrev> abbrevs = abbrevs(abbrevOffset);
            info.position(pos);
            List<Die> top = new ArrayList<>();
            readDies(unit, abbrevs, end, top);
            for (Die d : top) {
                resolveStrings(unit, d, d.number(AT_STR_OFFSETS_BASE, 8));
                roots.addAll(d.tag() == TAG_COMPILE_UNIT ? d.children() : List.of(d));
            }
            at = end;
        }
    }

    /** Reads sibling entries (and their children) up to a null entry or {@code end}. */
    private void readDies(Unit unit, Map<Long, Abbrev> abbrevs, int end, List<Die> siblings) {
        while (info.position() < end) {
            long offset = info.position();
            long code = uleb(info);
            if (code == 0) return;
            Abbrev a = abbrevs.get(code);
            if (a == null) throw new BpfException("the object's DWARF uses abbreviation " + code + ", which it does not define: it looks corrupt");
            Map<Integer, Object> attributes = new HashMap<>();
            for (Spec s : a.specs()) {
                Object value = value(unit, s.form(), s.implicitConst());
                if (value != null) attributes.put(s.attribute(), value);
            }
            Die die = new Die(offset, a.tag(), attributes, new ArrayList<>());
            byOffset.put(offset, die);
            siblings.add(die);
            if (a.children()) readDies(unit, abbrevs, end, die.children());
        }
    }

    /** Replaces the unit's {@link StringIndex} values by their strings; {@code base}: its DW_AT_str_offsets_base. */
    private void resolveStrings(Unit unit, Die die, long base) {
        die.attributes().replaceAll((attribute, value) -> value instanceof StringIndex(long index) ? strx(unit, base, index) : value);
        for (Die child : die.children()) resolveStrings(unit, child, base);
    }

    private Object value(Unit unit, int form, long implicitConst) {
        return switch (form) {
            case 0x01 -> unit.addressSize() == 8 ? info.getLong() : Integer.toUnsignedLong(info.getInt()); // addr
            case 0x03 -> block(Short.toUnsignedInt(info.getShort()));
            case 0x04 -> block(info.getInt());
            case 0x05 -> (long) Short.toUnsignedInt(info.getShort()); // data2
            case 0x06 -> Integer.toUnsignedLong(info.getInt()); // data4
            case 0x07 -> info.getLong(); // data8
            case 0x08 -> cString(info, info.position(), true); // string
            case 0x09, 0x18 -> block((int) uleb(info)); // block, exprloc
            case 0x0a -> block(Byte.toUnsignedInt(info.get()));
            case 0x0b -> (long) Byte.toUnsignedInt(info.get()); // data1
            case 0x0c -> (long) info.get(); // flag
            case 0x0d -> sleb(info); // sdata
            case 0x0e -> string(str, offset(unit)); // strp
            case 0x0f -> uleb(info); // udata
            case 0x10 -> offset(unit); // ref_addr: already absolute
            case 0x11 -> unit.start() + Byte.toUnsignedInt(info.get());
            case 0x12 -> unit.start() + Short.toUnsignedInt(info.getShort());
            case 0x13 -> unit.start() + Integer.toUnsignedLong(info.getInt());
            case 0x14 -> unit.start() + info.getLong();
            case 0x15 -> unit.start() + uleb(info);
            case 0x16 -> value(unit, (int) uleb(info), implicitConst); // indirect
            case 0x17, 0x1d -> offset(unit); // sec_offset, strp_sup
            case 0x19 -> 1L; // flag_present
            case 0x1a -> new StringIndex(uleb(info));
            case 0x1b, 0x22, 0x23 -> uleb(info); // addrx, loclistx, rnglistx
            case 0x1c -> Integer.toUnsignedLong(info.getInt()); // ref_sup4
            case 0x1e -> block(16); // data16
            case 0x1f -> string(lineStr, offset(unit)); // line_strp
            case 0x20, 0x24 -> info.getLong(); // ref_sig8, ref_sup8
            case 0x21 -> implicitConst;
            case 0x25 -> new StringIndex(Byte.toUnsignedInt(info.get()));
            case 0x26 -> new StringIndex(Short.toUnsignedInt(info.getShort()));
            case 0x27 -> new StringIndex(uint24());
            case 0x28 -> new StringIndex(Integer.toUnsignedLong(info.getInt()));
            case 0x29 -> (long) Byte.toUnsignedInt(info.get());
            case 0x2a -> (long) Short.toUnsignedInt(info.getShort());
            case 0x2b -> (long) uint24();
            case 0x2c -> Integer.toUnsignedLong(info.getInt());
            default -> throw new BpfException("the object's DWARF uses attribute form 0x" + Integer.toHexString(form)
                    + ", which this reader does not know");
        };
    }

    private long offset(Unit unit) {
        return unit.offsetSize() == 8 ? info.getLong() : Integer.toUnsignedLong(info.getInt());
    }

    private int uint24() {
        return Byte.toUnsignedInt(info.get()) | Byte.toUnsignedInt(info.get()) << 8 | Byte.toUnsignedInt(info.get()) << 16;
    }

    private byte[] block(int length) {
        byte[] bytes = new byte[length];
        info.get(bytes);
        return bytes;
    }

    private String strx(Unit unit, long base, long index) {
        if (strOffsets == null) return "";
        int at = (int) (base + index * unit.offsetSize());
        long offset = unit.offsetSize() == 8 ? strOffsets.getLong(at) : Integer.toUnsignedLong(strOffsets.getInt(at));
        return string(str, offset);
    }

    private static String string(ByteBuffer section, long offset) {
        return section == null ? "" : cString(section, (int) offset, false);
    }

    /** The NUL-terminated string at {@code at}; {@code advance} moves the buffer past it (inline strings). */
    private static String cString(ByteBuffer b, int at, boolean advance) {
        int end = at;
        while (b.get(end) != 0) end++;
        byte[] bytes = new byte[end - at];
        b.get(at, bytes);
        if (advance) b.position(end + 1);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private Map<Long, Abbrev> abbrevs(long offset) {
        Map<Long, Abbrev> table = new HashMap<>();
        ByteBuffer b = abbrev.duplicate().order(abbrev.order());
        b.position((int) offset);
        while (true) {
            long code = uleb(b);
            if (code == 0) return table;
            int tag = (int) uleb(b);
            boolean children = b.get() != 0;
            List<Spec> specs = new ArrayList<>();
            while (true) {
                int attribute = (int) uleb(b);
                int form = (int) uleb(b);
                if (attribute == 0 && form == 0) break;
                specs.add(new Spec(attribute, form, form == 0x21 ? sleb(b) : 0));
            }
            table.put(code, new Abbrev(tag, children, specs));
        }
    }

    private static long uleb(ByteBuffer b) {
        return leb128(b, false);
    }

    private static long sleb(ByteBuffer b) {
        return leb128(b, true);
    }

    /** A LEB128 number: 7 bits a byte, low first, the top bit saying another follows; a signed one extends bit 6 of the last. */
    private static long leb128(ByteBuffer b, boolean signed) {
        long result = 0;
        int shift = 0;
        byte x;
        do {
            x = b.get();
            result |= (long) (x & 0x7f) << shift;
            shift += 7;
        } while ((x & 0x80) != 0);
        if (signed && shift < 64 && (x & 0x40) != 0) result |= -1L << shift;
        return result;
    }
}
