/**
 * BTF types to Java and back: {@code StructCodec} appends raw events straight into Tablesaw columns (one codec
 * per leaf field: integers, enums, char arrays, floats, 128-bit integers, bitfields) and converts single values
 * for maps and globals; {@code MapTable} lays out a map's key and value columns. A new column type gets a codec
 * here. Internal.
 */
package io.tracebook.bpf.decode;
