/**
 * The kernel's line magics: {@code %classpath} (and {@code %jars}), {@code %maven} and {@code %load}.
 * They reach the kernel through {@code MagicHost}, which the kernel implements when it registers them,
 * so that this package does not depend on the kernel. BPF magics live in {@code bpf}. Uses {@code cell}.
 */
package io.tracebook.kernel.magic;
