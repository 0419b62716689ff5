/**
 * The exceptions every stage throws, and the only ones a user sees: {@link io.tracebook.bpf.error.BpfException}
 * and its kinds (compile, verifier, attach, permission, unsupported feature). A message is short and says what
 * happened, why and what to do; {@code details()} holds the long form. The bottom of the dependency order:
 * it depends on nothing else of the library. User-facing.
 */
package io.tracebook.bpf.error;
