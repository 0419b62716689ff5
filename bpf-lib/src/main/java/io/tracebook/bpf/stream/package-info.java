/**
 * Events as tables: an {@code EventStream} reads one ring or perf buffer through its source, decodes the records
 * into Tablesaw columns, counts every event lost, and offers {@code collect}, {@code take}, {@code forEach},
 * a growing {@code LiveTable} and a redrawn {@code LiveView}. User-facing.
 */
package io.tracebook.bpf.stream;
