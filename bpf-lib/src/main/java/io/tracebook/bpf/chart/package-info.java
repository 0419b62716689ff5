/**
 * Drawing tables: XChart charts in the library's look ({@code Charts}: histograms, time series, top N, heat
 * maps; PNG and SVG), text for terminals ({@code Terminal}: bpftrace's histogram layout, tables, sparklines)
 * and flame graphs ({@code FlameGraph}, an {@code Svg}). A new chart goes here. User-facing.
 */
package io.tracebook.bpf.chart;
