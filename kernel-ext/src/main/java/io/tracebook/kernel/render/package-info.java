/**
 * What outputs look like and how they reach the notebook: {@code Renderers} for tables (HTML), XChart
 * charts (PNG, SVG), SVGs and BPF errors, and displays that stay updatable after their cell returned
 * ({@code Displays}, {@code LiveDisplays}, {@code update_display_data}), with {@code Notebook}'s
 * functions that cells call unqualified. Uses {@code cell}, and bpf-lib's chart and error packages.
 */
package io.tracebook.kernel.render;
