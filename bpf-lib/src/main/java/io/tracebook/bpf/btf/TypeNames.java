package io.tracebook.bpf.btf;

/** Spells BTF types the way C would, for messages: "u32", "struct event", "char[16]", "const char *". */
final class TypeNames {
    /** Bounds the walk, so corrupt BTF with a cycle still gets a name. */
    private static final int MAX_DEPTH = 32;

    private final Btf btf;

    TypeNames(Btf btf) {
        this.btf = btf;
    }

    String name(int id) {
        return name(id, 0);
    }

    private String name(int id, int depth) {
        if (depth > MAX_DEPTH) {
            return "...";
        }
        return switch (btf.type(id)) {
            case BtfType.Void v -> "void";
            case BtfType.Int t -> t.name();
            case BtfType.Float t -> t.name();
            case BtfType.Typedef t -> t.name();
            case BtfType.Struct t -> "struct " + orAnon(t.name());
            case BtfType.Union t -> "union " + orAnon(t.name());
            case BtfType.Enum t -> "enum " + orAnon(t.name());
            case BtfType.Enum64 t -> "enum " + orAnon(t.name());
            case BtfType.Fwd t -> (t.union() ? "union " : "struct ") + t.name();
            case BtfType.Ptr t -> pointer(t.type(), depth);
            case BtfType.Array t -> name(innermostElement(t), depth + 1) + dimensions(t);
            case BtfType.Const t -> "const " + name(t.type(), depth + 1);
            case BtfType.Volatile t -> "volatile " + name(t.type(), depth + 1);
            case BtfType.Restrict t -> name(t.type(), depth + 1) + " restrict";
            case BtfType.TypeTag t -> name(t.type(), depth + 1) + " __tag(" + t.name() + ")";
            case BtfType.FuncProto t -> name(t.returnType(), depth + 1) + " " + parameters(t, depth);
            case BtfType.Func t -> "function " + t.name();
            case BtfType.Var t -> "variable " + t.name();
            case BtfType.DataSec t -> "section " + t.name();
            case BtfType.DeclTag t -> "tag " + t.name();
        };
    }

    /** {@code char *}, and C's inside-out spelling for pointers to functions and arrays: {@code int (*)(void *)}, {@code int (*)[4]}. */
    private String pointer(int target, int depth) {
        return switch (btf.type(target)) {
            case BtfType.FuncProto p -> name(p.returnType(), depth + 1) + " (*)" + parameters(p, depth);
            case BtfType.Array a -> name(innermostElement(a), depth + 1) + " (*)" + dimensions(a);
            default -> name(target, depth + 1) + " *";
        };
    }

    /** {@code [2][3]} for {@code int[2][3]}: every dimension, outermost first. */
    private String dimensions(BtfType.Array outermost) {
        StringBuilder dims = new StringBuilder();
        BtfType t = outermost;
        for (int i = 0; i < MAX_DEPTH && t instanceof BtfType.Array a; i++) {
            dims.append('[').append(a.length()).append(']');
            t = btf.type(a.elementType());
        }
        return dims.toString();
    }

    private int innermostElement(BtfType.Array outermost) {
        BtfType.Array a = outermost;
        for (int i = 0; i < MAX_DEPTH && btf.type(a.elementType()) instanceof BtfType.Array inner; i++) {
            a = inner;
        }
        return a.elementType();
    }

    private String parameters(BtfType.FuncProto proto, int depth) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < proto.params().size(); i++) {
            BtfType.Param p = proto.params().get(i);
            if (i > 0) {
                s.append(", ");
            }
            s.append(p.type() == 0 && p.name().isEmpty() ? "..." : name(p.type(), depth + 1));
        }
        return s.append(')').toString();
    }

    private static String orAnon(String name) {
        return name.isEmpty() ? "(anon)" : name;
    }
}
