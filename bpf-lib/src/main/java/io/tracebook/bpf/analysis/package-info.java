/**
 * What users compute from event tables: histograms with bpftrace's buckets ({@code Hist}), aggregations by key
 * ({@code Aggregate}, {@code TopN}), rates over time ({@code Rates}), wall-clock timestamps and IP addresses.
 * Tables in, Tables out; usable without BPF. User-facing.
 */
package io.tracebook.bpf.analysis;
