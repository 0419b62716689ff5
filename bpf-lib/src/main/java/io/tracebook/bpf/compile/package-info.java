/**
 * C to a BPF object file: clang with the running kernel's vmlinux.h (generated from its BTF, precompiled), the
 * prelude and tracebook.h for snippets, an object cache keyed by the source's content, and compiler diagnostics
 * mapped back to the user's own lines. Knows nothing of loading. Internal.
 */
package io.tracebook.bpf.compile;
