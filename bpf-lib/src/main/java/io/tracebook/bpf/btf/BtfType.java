package io.tracebook.bpf.btf;

import java.util.List;

/**
 * One BTF type, one record per BTF kind. Type references are type ids into the same {@link Btf}
 * (id 0 is {@code void}). Sizes and offsets are as BTF stores them: sizes in bytes, member
 * offsets in bits.
 */
public sealed interface BtfType {

    /** The type's name; empty for anonymous types and for kinds that have none (pointers, qualifiers). */
    default String name() {
        return "";
    }

    /** Linkage of a {@link Func} or a {@link Var}. */
    enum Linkage { STATIC, GLOBAL, EXTERN }

    /** Kinds that only qualify or rename another type: typedef, const, volatile, restrict, type tag. */
    sealed interface Modifier extends BtfType permits Typedef, Volatile, Const, Restrict, TypeTag {
        int type();
    }

    /** STRUCT and UNION. */
    sealed interface Composite extends BtfType permits Struct, Union {
        int size();

        List<Member> members();
    }

    /** ENUM and ENUM64. */
    sealed interface Enumeration extends BtfType permits Enum, Enum64 {
        int size();

        /** Whether the values are signed (BTF's kind_flag; compilers older than clang 15 never set it). */
        boolean signed();

        List<Enumerator> values();
    }

    /** Type id 0. */
    record Void() implements BtfType {
    }

    /**
     * An integer type. {@code bitOffset} and {@code bits} are the INT's own bit range, which only
     * old-style bit fields use; {@code encoding} is a combination of {@link #SIGNED}, {@link #CHAR}, {@link #BOOL}.
     */
    record Int(String name, int size, int encoding, int bitOffset, int bits) implements BtfType {
        public static final int SIGNED = 1;
        public static final int CHAR = 2;
        public static final int BOOL = 4;

        public boolean isSigned() {
            return (encoding & SIGNED) != 0;
        }

        public boolean isBool() {
            return (encoding & BOOL) != 0;
        }

        /** {@code char} itself: clang encodes it as a plain signed byte named "char", pahole may set CHAR. */
        public boolean isChar() {
            return size == 1 && ((encoding & CHAR) != 0 || name.equals("char"));
        }
    }

    record Ptr(int type) implements BtfType {
    }

    record Array(int elementType, int indexType, int length) implements BtfType {
    }

    /** A struct or union member; {@code bitfieldSize} is 0 unless the member is a bit field. */
    record Member(String name, int type, long bitOffset, int bitfieldSize) {
    }

    record Struct(String name, int size, List<Member> members) implements Composite {
    }

    record Union(String name, int size, List<Member> members) implements Composite {
    }

    record Enumerator(String name, long value) {
    }

    /** A 1, 2, 4 or 8 byte enum; values are read as signed or unsigned 32-bit numbers according to {@link #signed()}. */
    record Enum(String name, int size, boolean signed, List<Enumerator> values) implements Enumeration {
    }

    record Enum64(String name, int size, boolean signed, List<Enumerator> values) implements Enumeration {
    }

    /** A struct or union that is only declared. */
    record Fwd(String name, boolean union) implements BtfType {
    }

    record Typedef(String name, int type) implements Modifier {
    }

    record Volatile(int type) implements Modifier {
    }

    record Const(int type) implements Modifier {
    }

    record Restrict(int type) implements Modifier {
    }

    /** {@code type} is the id of the function's {@link FuncProto}. */
    record Func(String name, int type, Linkage linkage) implements BtfType {
    }

    /** A parameter; a trailing one with no name and type 0 marks a variadic function. */
    record Param(String name, int type) {
    }

    record FuncProto(int returnType, List<Param> params) implements BtfType {
    }

    record Var(String name, int type, Linkage linkage) implements BtfType {
    }

    /** Where one {@link Var} lies inside a {@link DataSec}. */
    record VarInfo(int type, long offset, long size) {
    }

    record DataSec(String name, long size, List<VarInfo> vars) implements BtfType {
    }

    record Float(String name, int size) implements BtfType {
    }

    /** {@code componentIndex} is -1 when the tag is on {@code type} itself, else the member or parameter index. */
    record DeclTag(String name, int type, int componentIndex) implements BtfType {
    }

    record TypeTag(String name, int type) implements Modifier {
    }
}
