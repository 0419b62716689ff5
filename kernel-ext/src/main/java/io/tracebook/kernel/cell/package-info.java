/**
 * Evaluating a notebook cell: splitting it into Java and magics ({@code CellParts}), running the Java
 * snippet by snippet ({@code CellEvaluator}), errors worded with the user's own lines ({@code CellError},
 * {@code ErrorReports}), the cell's output streams and IOPub messages parented to it ({@code CellStreams},
 * {@code Iopub}, {@code CellContext}), completion and inspection ({@code CodeAssist}) and history. Uses
 * {@code exec} only.
 */
package io.tracebook.kernel.cell;
