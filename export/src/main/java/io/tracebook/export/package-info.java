/**
 * Export for people who outgrow one machine: Tables, event streams and recordings as hive-partitioned Parquet
 * ({@code Parquet}) that Spark, Trino or DuckDB read across many hosts. A module of its own, outside bpf-lib, because
 * it brings DuckDB's driver (80 MB of native libraries); the Jupyter kernel has it on its class path.
 */
package io.tracebook.export;
