/**
 * One-liners without C: a fluent Java form of bpftrace's language ({@code Trace.on(..).when(..).count().by(..)})
 * that writes readable C with tracebook.h's macros, shows and explains it, and runs it through {@code Bpf.c}, so the
 * object cache, loss counting and errors apply unchanged. Results are Tables and live views. Above the lifecycle
 * and {@code stack} (it loads programs and names stacks). User-facing.
 */
package io.tracebook.bpf.dsl;
