package io.tracebook.kernel.exec;

import java.util.Map;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/** Hands JShell a {@link CellExecutionControl} and keeps it for the kernel. */
public final class CellExecutionProvider implements ExecutionControlProvider {

    private CellExecutionControl control;

    @Override
    public String name() {
        return "tracebook-cells";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        control = new CellExecutionControl();
        return control;
    }

    /** The control JShell is using; available once the JShell instance is built. */
    public CellExecutionControl control() {
        return control;
    }
}
