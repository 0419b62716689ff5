package io.tracebook.kernel.bpf;

import io.tracebook.bpf.Bpf;
import io.tracebook.bpf.BpfObject;
import io.tracebook.kernel.magic.MagicHost;
import java.util.List;
import javax.lang.model.SourceVersion;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.CellMagic;

/**
 * {@code %%bpf NAME}: the cell's body is BPF C, compiled, loaded and attached as
 * {@code Bpf.c(body).name("NAME").load().attach()} and bound to the variable {@code NAME}; the cell shows the
 * object. The session name makes a re-run close the previous object (its probes go) before the new one loads.
 *
 * <p>In the Tracebook kernel the work runs where the cell's code runs (the stop button stops it) and the variable
 * is assigned without compiling anything once a run declared it, so a re-run costs what the library's own call
 * costs; the kernel hands the body over with a blank line for each line above it, so clang's and the verifier's
 * line numbers are the cell's. In another kernel (a stock JJava) the same call runs as code of the cell.
 */
final class BpfCellMagic implements CellMagic<Object, BaseKernel> {

    private final CellProbes probes;

    BpfCellMagic(CellProbes probes) {
        this.probes = probes;
    }

    @Override
    public Object eval(BaseKernel kernel, List<String> args, String body) {
        String name = variableName(args);
        if (body.isBlank()) {
            throw new IllegalArgumentException("the cell has no BPF C below %%bpf " + name + "; write the program there");
        }
        probes.bpfCellLoads(name);
        if (kernel instanceof MagicHost host) {
            BpfObject object = host.call(() -> Bpf.c(body).name(name).load().attach());
            host.bind(name, BpfObject.class, object);
            return object;
        }
        return kernel.evalRaw(java(name, body));
    }

    /** The declaration, then the variable alone, whose value (programs and maps) the cell shows. */
    static String java(String name, String body) {
        return "io.tracebook.bpf.BpfObject " + name + " = io.tracebook.bpf.Bpf.c(" + javaString(body) + ")"
                + ".name(\"" + name + "\").load().attach();\n" + name;
    }

    private static String variableName(List<String> args) {
        if (args.size() != 1) {
            throw new IllegalArgumentException("usage: %%bpf NAME, then the BPF C on the following lines; NAME becomes the variable holding the loaded object");
        }
        String name = args.getFirst();
        if (!SourceVersion.isIdentifier(name) || SourceVersion.isKeyword(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a Java variable name; %%bpf NAME binds the loaded object to the variable NAME");
        }
        return name;
    }

    /** A Java string literal with the exact text: backslashes, quotes and line breaks escaped. */
    static String javaString(String text) {
        StringBuilder literal = new StringBuilder(text.length() + 16).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> literal.append("\\\\");
                case '"' -> literal.append("\\\"");
                case '\n' -> literal.append("\\n");
                case '\r' -> literal.append("\\r");
                case '\t' -> literal.append("\\t");
                default -> literal.append(c);
            }
        }
        return literal.append('"').toString();
    }
}
