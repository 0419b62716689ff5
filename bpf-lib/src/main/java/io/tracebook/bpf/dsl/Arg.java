package io.tracebook.bpf.dsl;

import io.tracebook.bpf.dsl.Node.Cast;
import io.tracebook.bpf.dsl.Node.Member;

/**
 * A probe's argument: a tracepoint field ({@code arg("filename")}, bpftrace's {@code args.filename}), a named
 * argument of a {@code tp_btf}/raw tracepoint or {@code kfunc} probe, or a positional one ({@code arg(0)},
 * bpftrace's {@code arg0}). Its type comes from the probe it is used at, so a wrong name or a number compared
 * with text fails at the call that uses it ({@code when}, {@code by}, {@code hist}, ...) with the probe's fields listed.
 */
public final class Arg extends Num implements TextComparisons {
    Arg(Node node, String call, String name) {
        super(node, call, name);
    }

    @Override
    public Arg as(String name) {
        return new Arg(node(), call() + ".as(\"" + name + "\")", columnName(call(), name));
    }

    /**
     * Members of the kernel struct this argument points to, dotted as C writes them through pointers and
     * embedded structs alike: {@code arg("bprm").field("file.f_path.dentry.d_name.name")} is bpftrace's
     * {@code args.bprm->file->f_path.dentry->d_name.name}. Checked against the kernel's BTF.
     */
    public Arg field(String path) {
        String last = path.substring(path.lastIndexOf('.') + 1);
        return new Arg(new Member(node(), path), call() + ".field(\"" + path + "\")", last);
    }

    /** This number taken as a pointer to {@code struct}: {@code arg(0).cast("struct path")}, bpftrace's {@code (struct path *)arg0}. */
    public Arg cast(String struct) {
        return new Arg(new Cast(node(), struct), call() + ".cast(\"" + struct + "\")", name());
    }
}
