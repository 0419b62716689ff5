package io.tracebook.bpf.ffi;

import java.util.List;
import java.util.Optional;

/**
 * A C struct as clang laid it out: its size and the members reachable by name from it, in order,
 * including the members of anonymous structs and unions, and unnamed members (name "").
 */
record CRecord(String name, long byteSize, List<Field> fields) {

    /** @param bitWidth the width of a bitfield, or -1 for an ordinary member */
    record Field(String name, String type, long bitOffset, int bitWidth) {
        boolean isBitfield() {
            return bitWidth >= 0;
        }
    }

    Optional<Field> field(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }

    /** The bitfields that follow {@code first}, up to the next ordinary member, starting with {@code first}. */
    List<Field> bitfieldRun(Field first) {
        List<Field> after = fields.subList(fields.indexOf(first), fields.size());
        return after.stream().takeWhile(Field::isBitfield).toList();
    }
}
