package io.tracebook.kernel.exec;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.instrument.ClassDefinition;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Replaces the code of classes already loaded, keeping their static fields: the kernel's answer to
 * JShell recompiling earlier snippets. Without it JShell loads a fresh copy of the class and the
 * variable it holds comes back as null (JJava issues #119 and #128). Needs the JVM flags
 * {@code -Djdk.attach.allowAttachSelf=true -XX:+EnableDynamicAgentLoading}, which the kernelspec sets.
 */
final class ClassRedefiner {

    private Instrumentation instrumentation;
    private String unavailableBecause;

    /** Redefines all classes at once, or throws and changes nothing. */
    synchronized void redefine(List<ClassDefinition> definitions) throws Exception {
        Instrumentation inst = instrumentation();
        if (inst == null) {
            throw new UnsupportedOperationException(unavailableBecause);
        }
        inst.redefineClasses(definitions.toArray(ClassDefinition[]::new));
    }

    private Instrumentation instrumentation() {
        if (instrumentation == null && unavailableBecause == null) {
            try {
                attachAgent();
                instrumentation = RedefineAgent.instrumentation;
            } catch (Exception | LinkageError e) {
                unavailableBecause = "cannot load the redefinition agent into the kernel JVM (" + e
                        + "); start it with -Djdk.attach.allowAttachSelf=true -XX:+EnableDynamicAgentLoading";
                // Said once, in the cell that needed it: from now on JShell replaces such classes instead.
                System.err.println("note: " + unavailableBecause + ". Until then, variables that depend on redefined "
                        + "code are reset to their default value (null, 0) when it changes.");
            }
        }
        return instrumentation;
    }

    private static void attachAgent() throws Exception {
        Path jar = agentJar();
        try {
            VirtualMachine self = VirtualMachine.attach(Long.toString(ProcessHandle.current().pid()));
            try {
                self.loadAgent(jar.toString());
            } finally {
                self.detach();
            }
        } finally {
            Files.deleteIfExists(jar);
        }
    }

    /** A jar holding only a manifest: the agent class itself is already on the class path. */
    private static Path agentJar() throws IOException {
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.putValue("Agent-Class", RedefineAgent.class.getName());
        attributes.putValue("Can-Redefine-Classes", "true");
        Path jar = Files.createTempFile("tracebook-redefine-agent", ".jar");
        try (JarOutputStream ignored = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            return jar;
        }
    }
}
