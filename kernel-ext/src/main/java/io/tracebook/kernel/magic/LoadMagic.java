package io.tracebook.kernel.magic;

import io.tracebook.kernel.cell.CellError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;

/** {@code %load FILE.jsh}: runs the file's Java (and magics) as if it were the cell; errors name the file's lines. */
public final class LoadMagic implements LineMagic<Object, BaseKernel> {

    private final MagicHost host;

    public LoadMagic(MagicHost host) {
        this.host = host;
    }

    @Override
    public Object eval(BaseKernel kernel, List<String> args) {
        if (args.size() != 1) {
            throw new CellError.MagicError("%load needs one file, e.g. %load helpers.jsh");
        }
        Path file = Path.of(args.getFirst()).toAbsolutePath().normalize();
        String code;
        try {
            code = Files.readString(file);
        } catch (IOException e) {
            throw new CellError.MagicError("cannot read " + file + ": " + e);
        }
        return host.run(code, file.getFileName().toString());
    }
}
