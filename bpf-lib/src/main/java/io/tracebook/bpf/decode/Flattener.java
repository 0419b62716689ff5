package io.tracebook.bpf.decode;

import io.tracebook.bpf.btf.Btf;
import io.tracebook.bpf.btf.BtfType;
import io.tracebook.bpf.error.BpfException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a BTF type into the leaf fields of a flat row: nested structs and unions become dotted names
 * ({@code in.a}), members of anonymous ones keep their own names, arrays become {@code arr[0]},
 * {@code arr[1]}..., and {@code char[N]} stays one text field.
 */
final class Flattener {
    private final Btf btf;
    private final List<Leaf> leaves = new ArrayList<>();

    private Flattener(Btf btf) {
        this.btf = btf;
    }

    /** Leaves of {@code typeId}; a type that is not a struct, union or array is one leaf named {@code nameForScalar}. */
    static List<Leaf> flatten(Btf btf, int typeId, String nameForScalar) {
        Flattener f = new Flattener(btf);
        String path = isComposite(btf, typeId) ? "" : nameForScalar;
        f.add(typeId, path, 0, 0);
        f.checkUniqueNames(typeId);
        return List.copyOf(f.leaves);
    }

    /** Whether the type is a struct or union, whose columns are named after its members. */
    static boolean isComposite(Btf btf, int typeId) {
        return btf.type(btf.resolve(typeId)) instanceof BtfType.Composite;
    }

    /** Whether the type has several fields (struct, union, non-char array) rather than being one value. */
    static boolean isRecord(Btf btf, int typeId) {
        BtfType t = btf.type(btf.resolve(typeId));
        return t instanceof BtfType.Composite || (t instanceof BtfType.Array a && !isChar(btf, a.elementType()));
    }

    private static boolean isChar(Btf btf, int typeId) {
        return btf.type(btf.resolve(typeId)) instanceof BtfType.Int i && i.isChar();
    }

    /** Adds the leaves of a value of {@code typeId} starting {@code bitOffset} bits into the record. */
    private void add(int typeId, String path, long bitOffset, int bitfieldSize) {
        int id = btf.resolve(typeId);
        String cType = btf.typeName(typeId);
        switch (btf.type(id)) {
            case BtfType.Composite c -> {
                for (BtfType.Member m : c.members()) {
                    boolean anonymous = m.name().isEmpty();
                    if (anonymous && !(btf.type(btf.resolve(m.type())) instanceof BtfType.Composite)) {
                        continue; // an unnamed bit field is padding
                    }
                    String child = anonymous ? path : join(path, m.name());
                    add(m.type(), child, bitOffset + m.bitOffset(), m.bitfieldSize());
                }
            }
            case BtfType.Array a when isChar(btf, a.elementType()) -> {
                if (a.length() > 0) {
                    leaves.add(new Leaf(path, byteOffset(bitOffset, path), new CharArrayCodec(a.length()), cType));
                }
            }
            case BtfType.Array a -> {
                long elementBits = btf.sizeOf(a.elementType()) * 8;
                for (int i = 0; i < a.length(); i++) {
                    add(a.elementType(), path + "[" + i + "]", bitOffset + i * elementBits, 0);
                }
            }
            case BtfType.Int i -> addInt(i, path, bitOffset, bitfieldSize, cType);
            case BtfType.Enumeration e -> {
                IntegerBits bits = bits(bitOffset, bitfieldSize, e.size(), 0, e.size() * 8, e.signed());
                leaves.add(new Leaf(path, bitOffset / 8,
                        new IntegerCodec(bits, IntegerCodec.Shape.ENUM, new EnumNames(e, bits)), cType));
            }
            case BtfType.Ptr p -> leaves.add(new Leaf(path, byteOffset(bitOffset, path),
                    new IntegerCodec(IntegerBits.whole(8, false), IntegerCodec.Shape.LONG, null), cType));
            case BtfType.Float f when f.size() == 4 || f.size() == 8 ->
                    leaves.add(new Leaf(path, byteOffset(bitOffset, path), new FloatCodec(f.size()), cType));
            case BtfType.Var v -> add(v.type(), path, bitOffset, bitfieldSize);
            case BtfType.Fwd f -> throw new BpfException(cannotDecode(path, cType)
                    + ": it is only declared here, so its fields are unknown. Define the "
                    + (f.union() ? "union" : "struct") + " in the BPF program (or include a header that does).");
            default -> throw new BpfException(cannotDecode(path, cType)
                    + ": only integers, bools, enums, floats, pointers, structs, unions and arrays map to columns.");
        }
    }

    private void addInt(BtfType.Int i, String path, long bitOffset, int bitfieldSize, String cType) {
        if (i.size() == 16) {
            if (bitfieldSize != 0 || bitOffset % 8 != 0) {
                throw new BpfException(cannotDecode(path, cType) + ": 128-bit bit fields are not supported.");
            }
            leaves.add(new Leaf(path, bitOffset / 8, new Int128Codec(i.isSigned()), cType));
            return;
        }
        IntegerBits bits = bits(bitOffset, bitfieldSize, i.size(), i.bitOffset(), i.bits(), i.isSigned());
        IntegerCodec.Shape shape = i.isBool() ? IntegerCodec.Shape.BOOL : IntegerCodec.numberShape(i.size(), i.isSigned());
        leaves.add(new Leaf(path, (bitOffset + i.bitOffset()) / 8, new IntegerCodec(bits, shape, null), cType));
    }

    /**
     * Where an integer of {@code size} bytes lies: a member's bit field size wins; otherwise an INT's own
     * bit range (the older BTF encoding of bit fields); otherwise the whole integer.
     */
    private static IntegerBits bits(long bitOffset, int bitfieldSize, int size, int intBitOffset, int intBits,
                                    boolean signed) {
        long start = bitOffset + intBitOffset;
        int width = bitfieldSize != 0 ? bitfieldSize : intBits;
        if (start % 8 == 0 && width == size * 8) {
            return IntegerBits.whole(size, signed);
        }
        return IntegerBits.bitField(start, width, signed);
    }

    private long byteOffset(long bitOffset, String path) {
        if (bitOffset % 8 != 0) {
            throw new BpfException("field " + path + " starts at bit " + bitOffset
                    + ", inside a byte; only integers can be bit fields. The BTF looks corrupt.");
        }
        return bitOffset / 8;
    }

    private void checkUniqueNames(int typeId) {
        Set<String> seen = new HashSet<>();
        for (Leaf leaf : leaves) {
            if (!seen.add(leaf.name())) {
                throw new BpfException(btf.typeName(typeId) + " flattens to two columns named " + leaf.name()
                        + " (anonymous structs or unions with a common member?); rename one of the fields.");
            }
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String cannotDecode(String path, String cType) {
        return "cannot decode " + (path.isEmpty() ? "" : "field " + path + " of type ") + cType + " into a column";
    }
}
