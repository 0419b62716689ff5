/**
 * Facts about the machine the library runs on: tracefs and its tracepoints, the process's capabilities, optional
 * kernel features (kprobes, trampolines), binaries on the PATH, perf events and online CPUs. {@code Failures} is
 * the one place an errno becomes the exception a user sees (a missing privilege names the capability). Internal.
 */
package io.tracebook.bpf.sys;
