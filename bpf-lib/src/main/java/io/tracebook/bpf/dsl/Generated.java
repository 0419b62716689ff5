package io.tracebook.bpf.dsl;

import java.util.List;

/**
 * A one-liner's C and what reading its results needs.
 *
 * @param c       the C source, as compiled (the same for any filter values)
 * @param lines   the same, line by line with the DSL call each line is for
 * @param globals filter values to set before load
 * @param map     the map the results are in: "events" for emit and printf, else the aggregation's
 * @param fields  the event struct's fields (emit, printf), or the key struct's (aggregations; empty for a single value)
 */
record Generated(String c, CSource lines, List<Global> globals, String map, List<Field> fields) {
}
