package io.tracebook.bpf.btf;

import io.tracebook.bpf.btf.BtfType.Linkage;


/**
 * Renders parsed types the way {@code bpftool btf dump file F} (format raw) prints them, so the parser
 * can be compared with libbpf's own reading of the same bytes, type by type and field by field.
 */
final class BpftoolFormat {
    private BpftoolFormat() {
    }

    static String dump(Btf btf) {
        StringBuilder out = new StringBuilder();
        for (int id = 1; id < btf.typeCount(); id++) {
            out.append(type(btf, id)).append('\n');
        }
        return out.toString();
    }

    private static String type(Btf btf, int id) {
        BtfType t = btf.type(id);
        StringBuilder s = new StringBuilder("[" + id + "] " + kind(t) + " " + quoted(t.name()));
        switch (t) {
            case BtfType.Int i -> s.append(" size=").append(i.size()).append(" bits_offset=").append(i.bitOffset())
                    .append(" nr_bits=").append(i.bits()).append(" encoding=").append(encoding(i.encoding()));
            case BtfType.Ptr p -> s.append(" type_id=").append(p.type());
            case BtfType.Modifier m -> s.append(" type_id=").append(m.type());
            case BtfType.Array a -> s.append(" type_id=").append(a.elementType()).append(" index_type_id=")
                    .append(a.indexType()).append(" nr_elems=").append(a.length());
            case BtfType.Composite c -> {
                s.append(" size=").append(c.size()).append(" vlen=").append(c.members().size());
                for (BtfType.Member m : c.members()) {
                    s.append("\n\t").append(quoted(m.name())).append(" type_id=").append(m.type())
                            .append(" bits_offset=").append(m.bitOffset());
                    if (m.bitfieldSize() != 0) {
                        s.append(" bitfield_size=").append(m.bitfieldSize());
                    }
                }
            }
            case BtfType.Enumeration e -> {
                s.append(" encoding=").append(e.signed() ? "SIGNED" : "UNSIGNED").append(" size=").append(e.size())
                        .append(" vlen=").append(e.values().size());
                boolean wide = e instanceof BtfType.Enum64;
                for (BtfType.Enumerator v : e.values()) {
                    String number = e.signed() ? Long.toString(v.value()) : Long.toUnsignedString(v.value());
                    s.append("\n\t").append(quoted(v.name())).append(" val=").append(number)
                            .append(wide ? (e.signed() ? "LL" : "ULL") : "");
                }
            }
            case BtfType.Fwd f -> s.append(" fwd_kind=").append(f.union() ? "union" : "struct");
            case BtfType.Func f -> s.append(" type_id=").append(f.type()).append(" linkage=").append(linkage(f.linkage()));
            case BtfType.FuncProto p -> {
                s.append(" ret_type_id=").append(p.returnType()).append(" vlen=").append(p.params().size());
                for (BtfType.Param param : p.params()) {
                    s.append("\n\t").append(quoted(param.name())).append(" type_id=").append(param.type());
                }
            }
            case BtfType.Var v -> s.append(" type_id=").append(v.type()).append(", linkage=").append(linkage(v.linkage()));
            case BtfType.DataSec d -> {
                s.append(" size=").append(d.size()).append(" vlen=").append(d.vars().size());
                for (BtfType.VarInfo v : d.vars()) {
                    BtfType var = btf.type(v.type());
                    s.append("\n\ttype_id=").append(v.type()).append(" offset=").append(v.offset()).append(" size=")
                            .append(v.size()).append(" (").append(kind(var)).append(" ").append(quoted(var.name())).append(")");
                }
            }
            case BtfType.Float f -> s.append(" size=").append(f.size());
            case BtfType.DeclTag d -> s.append(" type_id=").append(d.type()).append(" component_idx=").append(d.componentIndex());
            case BtfType.Void v -> {
            }
        }
        return s.toString();
    }

    private static String kind(BtfType t) {
        return switch (t) {
            case BtfType.Void v -> "UNKN";
            case BtfType.Int i -> "INT";
            case BtfType.Ptr p -> "PTR";
            case BtfType.Array a -> "ARRAY";
            case BtfType.Struct s -> "STRUCT";
            case BtfType.Union u -> "UNION";
            case BtfType.Enum e -> "ENUM";
            case BtfType.Enum64 e -> "ENUM64";
            case BtfType.Fwd f -> "FWD";
            case BtfType.Typedef d -> "TYPEDEF";
            case BtfType.Volatile v -> "VOLATILE";
            case BtfType.Const c -> "CONST";
            case BtfType.Restrict r -> "RESTRICT";
            case BtfType.Func f -> "FUNC";
            case BtfType.FuncProto p -> "FUNC_PROTO";
            case BtfType.Var v -> "VAR";
            case BtfType.DataSec d -> "DATASEC";
            case BtfType.Float f -> "FLOAT";
            case BtfType.DeclTag d -> "DECL_TAG";
            case BtfType.TypeTag t2 -> "TYPE_TAG";
        };
    }

    private static String encoding(int encoding) {
        return switch (encoding) {
            case 0 -> "(none)";
            case BtfType.Int.SIGNED -> "SIGNED";
            case BtfType.Int.CHAR -> "CHAR";
            case BtfType.Int.BOOL -> "BOOL";
            default -> "UNKN";
        };
    }

    private static String linkage(Linkage linkage) {
        return switch (linkage) {
            case STATIC -> "static";
            case GLOBAL -> "global";
            case EXTERN -> "extern";
        };
    }

    private static String quoted(String name) {
        return "'" + (name.isEmpty() ? "(anon)" : name) + "'";
    }
}
