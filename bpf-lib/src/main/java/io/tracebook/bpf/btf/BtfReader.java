package io.tracebook.bpf.btf;

import io.tracebook.bpf.btf.BtfType.Enumerator;
import io.tracebook.bpf.btf.BtfType.Linkage;
import io.tracebook.bpf.btf.BtfType.Member;
import io.tracebook.bpf.btf.BtfType.Param;
import io.tracebook.bpf.btf.BtfType.VarInfo;
import io.tracebook.bpf.error.BpfException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes raw BTF (header, type section, string section; the layout of the kernel's {@code .BTF})
 * into {@link BtfType}s. The byte order is taken from the magic number.
 */
final class BtfReader {
    private static final int MAGIC = 0xEB9F;
    private static final int MIN_HEADER = 24;

    private static final int KIND_INT = 1;
    private static final int KIND_PTR = 2;
    private static final int KIND_ARRAY = 3;
    private static final int KIND_STRUCT = 4;
    private static final int KIND_UNION = 5;
    private static final int KIND_ENUM = 6;
    private static final int KIND_FWD = 7;
    private static final int KIND_TYPEDEF = 8;
    private static final int KIND_VOLATILE = 9;
    private static final int KIND_CONST = 10;
    private static final int KIND_RESTRICT = 11;
    private static final int KIND_FUNC = 12;
    private static final int KIND_FUNC_PROTO = 13;
    private static final int KIND_VAR = 14;
    private static final int KIND_DATASEC = 15;
    private static final int KIND_FLOAT = 16;
    private static final int KIND_DECL_TAG = 17;
    private static final int KIND_TYPE_TAG = 18;
    private static final int KIND_ENUM64 = 19;

    private final ByteBuffer types;
    private final byte[] raw;
    private final int stringsStart;
    private final int stringsEnd;

    private BtfReader(byte[] raw) {
        this.raw = raw;
        if (raw.length < MIN_HEADER) {
            throw malformed("only " + raw.length + " bytes, shorter than the " + MIN_HEADER + "-byte header");
        }
        ByteBuffer header = ByteBuffer.wrap(raw).order(byteOrder(raw));
        int version = header.get(2) & 0xFF;
        if (version != 1) {
            throw malformed("version " + version + "; this reader knows version 1");
        }
        long headerLength = u32(header.getInt(4));
        long typeOff = u32(header.getInt(8));
        long typeLen = u32(header.getInt(12));
        long strOff = u32(header.getInt(16));
        long strLen = u32(header.getInt(20));
        if (headerLength < MIN_HEADER) {
            throw malformed("header length " + headerLength + " is shorter than " + MIN_HEADER);
        }
        checkSection("type", headerLength + typeOff, typeLen, raw.length);
        checkSection("string", headerLength + strOff, strLen, raw.length);
        if (strLen == 0 || raw[(int) (headerLength + strOff)] != 0) {
            throw malformed("the string section does not start with the empty string");
        }
        this.types = ByteBuffer.wrap(raw, (int) (headerLength + typeOff), (int) typeLen).slice().order(header.order());
        this.stringsStart = (int) (headerLength + strOff);
        this.stringsEnd = (int) (headerLength + strOff + strLen);
    }

    /** All types, indexed by type id; index 0 is {@code void}. */
    static List<BtfType> read(byte[] raw) {
        return new BtfReader(raw).readTypes();
    }

    private static ByteOrder byteOrder(byte[] raw) {
        int little = (raw[0] & 0xFF) | (raw[1] & 0xFF) << 8;
        if (little == MAGIC) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        int big = (raw[0] & 0xFF) << 8 | (raw[1] & 0xFF);
        if (big == MAGIC) {
            return ByteOrder.BIG_ENDIAN;
        }
        throw malformed(String.format("magic 0x%04x is not BTF's 0xeb9f", little));
    }

    private static void checkSection(String what, long start, long length, int total) {
        if (start + length > total) {
            throw malformed("the " + what + " section [" + start + ", " + (start + length)
                    + ") runs past the end of the data (" + total + " bytes)");
        }
    }

    private List<BtfType> readTypes() {
        List<BtfType> result = new ArrayList<>();
        result.add(new BtfType.Void());
        while (types.hasRemaining()) {
            int id = result.size();
            if (types.remaining() < 12) {
                throw malformed("type [" + id + "] is cut off at the end of the type section");
            }
            String name = string(types.getInt());
            int info = types.getInt();
            int sizeOrType = types.getInt();
            int vlen = info & 0xFFFF;
            int kind = (info >>> 24) & 0x1F;
            boolean kindFlag = info < 0;
            try {
                result.add(readType(id, kind, kindFlag, vlen, name, sizeOrType));
            } catch (java.nio.BufferUnderflowException e) {
                throw malformed("type [" + id + "] is cut off at the end of the type section");
            }
        }
        return result;
    }

    private BtfType readType(int id, int kind, boolean kindFlag, int vlen, String name, int sizeOrType) {
        return switch (kind) {
            case KIND_INT -> {
                int data = types.getInt();
                yield new BtfType.Int(name, sizeOrType, (data >>> 24) & 0x0F, (data >>> 16) & 0xFF, data & 0xFF);
            }
            case KIND_PTR -> new BtfType.Ptr(sizeOrType);
            case KIND_ARRAY -> new BtfType.Array(types.getInt(), types.getInt(), types.getInt());
            case KIND_STRUCT -> new BtfType.Struct(name, sizeOrType, members(vlen, kindFlag));
            case KIND_UNION -> new BtfType.Union(name, sizeOrType, members(vlen, kindFlag));
            case KIND_ENUM -> new BtfType.Enum(name, sizeOrType, kindFlag, enumerators(vlen, kindFlag));
            case KIND_ENUM64 -> new BtfType.Enum64(name, sizeOrType, kindFlag, enumerators64(vlen));
            case KIND_FWD -> new BtfType.Fwd(name, kindFlag);
            case KIND_TYPEDEF -> new BtfType.Typedef(name, sizeOrType);
            case KIND_VOLATILE -> new BtfType.Volatile(sizeOrType);
            case KIND_CONST -> new BtfType.Const(sizeOrType);
            case KIND_RESTRICT -> new BtfType.Restrict(sizeOrType);
            case KIND_FUNC -> new BtfType.Func(name, sizeOrType, linkage(id, vlen));
            case KIND_FUNC_PROTO -> new BtfType.FuncProto(sizeOrType, params(vlen));
            case KIND_VAR -> new BtfType.Var(name, sizeOrType, linkage(id, types.getInt()));
            case KIND_DATASEC -> new BtfType.DataSec(name, u32(sizeOrType), varInfos(vlen));
            case KIND_FLOAT -> new BtfType.Float(name, sizeOrType);
            case KIND_DECL_TAG -> new BtfType.DeclTag(name, sizeOrType, types.getInt());
            case KIND_TYPE_TAG -> new BtfType.TypeTag(name, sizeOrType);
            default -> throw malformed("type [" + id + "] has kind " + kind
                    + ", which this reader does not know (BTF from a newer compiler or kernel?)");
        };
    }

    private List<Member> members(int vlen, boolean kindFlag) {
        List<Member> members = new ArrayList<>(vlen);
        for (int i = 0; i < vlen; i++) {
            String name = string(types.getInt());
            int type = types.getInt();
            int offset = types.getInt();
            members.add(kindFlag
                    ? new Member(name, type, offset & 0xFFFFFF, offset >>> 24)
                    : new Member(name, type, u32(offset), 0));
        }
        return List.copyOf(members);
    }

    private List<Enumerator> enumerators(int vlen, boolean signed) {
        List<Enumerator> values = new ArrayList<>(vlen);
        for (int i = 0; i < vlen; i++) {
            String name = string(types.getInt());
            int value = types.getInt();
            values.add(new Enumerator(name, signed ? value : u32(value)));
        }
        return List.copyOf(values);
    }

    private List<Enumerator> enumerators64(int vlen) {
        List<Enumerator> values = new ArrayList<>(vlen);
        for (int i = 0; i < vlen; i++) {
            String name = string(types.getInt());
            long low = u32(types.getInt());
            long high = u32(types.getInt());
            values.add(new Enumerator(name, high << 32 | low));
        }
        return List.copyOf(values);
    }

    private List<Param> params(int vlen) {
        List<Param> params = new ArrayList<>(vlen);
        for (int i = 0; i < vlen; i++) {
            params.add(new Param(string(types.getInt()), types.getInt()));
        }
        return List.copyOf(params);
    }

    private List<VarInfo> varInfos(int vlen) {
        List<VarInfo> vars = new ArrayList<>(vlen);
        for (int i = 0; i < vlen; i++) {
            vars.add(new VarInfo(types.getInt(), u32(types.getInt()), u32(types.getInt())));
        }
        return List.copyOf(vars);
    }

    private static Linkage linkage(int id, int value) {
        return switch (value) {
            case 0 -> Linkage.STATIC;
            case 1 -> Linkage.GLOBAL;
            case 2 -> Linkage.EXTERN;
            default -> throw malformed("type [" + id + "] has linkage " + value + ", expected 0, 1 or 2");
        };
    }

    private String string(int offset) {
        long start = stringsStart + u32(offset);
        if (start >= stringsEnd) {
            throw malformed("name offset " + u32(offset) + " lies outside the string section");
        }
        int end = (int) start;
        while (end < stringsEnd && raw[end] != 0) {
            end++;
        }
        return new String(raw, (int) start, end - (int) start, StandardCharsets.UTF_8);
    }

    private static long u32(int value) {
        return Integer.toUnsignedLong(value);
    }

    private static BpfException malformed(String why) {
        return new BpfException("BTF data is malformed: " + why
                + ". Pass the bytes of btf__raw_data() or of a .BTF section unchanged.");
    }
}
