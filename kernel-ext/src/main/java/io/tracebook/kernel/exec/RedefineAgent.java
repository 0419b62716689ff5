package io.tracebook.kernel.exec;

import java.lang.instrument.Instrumentation;

/** The agent {@link ClassRedefiner} loads into this very JVM; public because the JVM calls it by name. */
public final class RedefineAgent {

    static volatile Instrumentation instrumentation;

    private RedefineAgent() {
    }

    public static void agentmain(String args, Instrumentation inst) {
        instrumentation = inst;
    }
}
