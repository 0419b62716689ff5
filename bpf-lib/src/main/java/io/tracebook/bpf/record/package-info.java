/**
 * Record and replay: where a session's objects come from ({@code Backends}: the kernel, the kernel with a recording
 * kept, or a recording), the raw interfaces the lifecycle drives them through ({@code OpenedObject},
 * {@code LoadedObject}, {@code MapAccess}, {@code GlobalMemory}, {@code ProgramAccess}; the kernel's implementations
 * live in the lifecycle package), their recording wrappers (a {@code TeeSource} copies events as they are read) and
 * their replays (a {@code ReplaySource} hands recorded bytes to the same decoders), and the recording file itself
 * (docs/recording-format.md). Below the lifecycle, above stream; internal: users call {@code Recording} and
 * {@code Recorded} in the lifecycle package.
 */
package io.tracebook.bpf.record;
