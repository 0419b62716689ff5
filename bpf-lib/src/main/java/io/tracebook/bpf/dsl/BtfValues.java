package io.tracebook.bpf.dsl;

import io.tracebook.bpf.btf.Btf;
import io.tracebook.bpf.btf.BtfType;
import io.tracebook.bpf.dsl.ValueType.Composite;
import io.tracebook.bpf.dsl.ValueType.Pointer;
import io.tracebook.bpf.dsl.ValueType.Text;
import io.tracebook.bpf.dsl.ValueType.TextPointer;
import io.tracebook.bpf.dsl.ValueType.Unusable;

/** Kernel BTF types as the DSL sees them, and spelled as C for the generated program. */
final class BtfValues {
    private BtfValues() {
    }

    static ValueType of(Btf btf, int id) {
        int resolved = btf.resolve(id);
        return switch (btf.type(resolved)) {
            case BtfType.Int i when i.size() <= 8 -> new ValueType.Integer(i.size(), i.isSigned() && !i.isBool());
            case BtfType.Enumeration e when e.size() <= 8 -> new ValueType.Integer(e.size(), e.signed());
            case BtfType.Ptr p -> pointer(btf, p.type(), cType(btf, id));
            case BtfType.Composite c -> new Composite(resolved, cType(btf, resolved));
            case BtfType.Array a when btf.type(btf.resolve(a.elementType())) instanceof BtfType.Int i && i.isChar() -> new Text(a.length());
            default -> new Unusable(cType(btf, id));
        };
    }

    /** A pointer's target: text, a walkable struct (forward declarations found by name), or just an address. */
    private static ValueType pointer(Btf btf, int target, String cType) {
        boolean user = false;
        int current = target;
        for (int i = 0; i < 16 && btf.type(current) instanceof BtfType.Modifier m; i++) {
            if (m instanceof BtfType.TypeTag tag && tag.name().equals("user")) user = true;
            current = m.type();
        }
        return switch (btf.type(current)) {
            case BtfType.Int i when i.isChar() -> new TextPointer(user);
            case BtfType.Composite c -> new Pointer(current, cType);
            case BtfType.Fwd f -> new Pointer(btf.findStruct(f.name()).orElse(0), cType);
            default -> new Pointer(0, cType);
        };
    }

    /** The type as C spells it in a declaration; BTF's type tags ({@code __user}) are left out, as vmlinux.h leaves them. */
    static String cType(Btf btf, int id) {
        return btf.typeName(id).replaceAll(" __tag\\([^)]*\\)", "");
    }

    /** A parameter declaration for BPF_PROG: {@code struct linux_binprm *bprm}; a number where C cannot spell the type simply. */
    static String declaration(Btf btf, int id, String name) {
        String type = cType(btf, id);
        if (type.contains("(")) return "u64 " + name;
        return type.endsWith("*") ? type + name : type + " " + name;
    }
}
