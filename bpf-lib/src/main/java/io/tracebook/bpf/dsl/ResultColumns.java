package io.tracebook.bpf.dsl;

import io.tracebook.bpf.BpfObject;
import java.util.List;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Turns the raw columns of the one-liner's map or events into what the user asked for: stack ids become
 * their frames, probe indexes the probes' names; everything else is kept as decoded from BTF.
 */
final class ResultColumns {
    private final BpfObject object;
    private final List<Field> fields;
    private final List<String> probes;
    private StackNames stacks;

    ResultColumns(BpfObject object, List<Field> fields, List<String> probes) {
        this.object = object;
        this.fields = fields;
        this.probes = probes;
    }

    /** An empty output column for field {@code f}, whose raw column is {@code raw}. */
    Column<?> empty(Field f, Column<?> raw) {
        return switch (f.type()) {
            case ValueType.StackId s -> StringColumn.create(f.name());
            case ValueType.ProbeName p -> StringColumn.create(f.name());
            default -> raw.emptyCopy().setName(f.name());
        };
    }

    /** Field {@code index}'s value in row {@code row} of {@code raw}, whose first columns are the fields in order. */
    Object value(Table raw, int index, int row) {
        Field f = fields.get(index);
        Object v = raw.column(index).get(row);
        return switch (f.type()) {
            case ValueType.StackId s -> s.user() ? stacks().user(((Number) v).longValue(), pidAt(raw, row))
                    : stacks().kernel(((Number) v).longValue());
            case ValueType.ProbeName p -> probes.get(((Number) v).intValue());
            default -> v;
        };
    }

    @SuppressWarnings("unchecked")
    static void append(Column<?> column, Object value) {
        ((Column<Object>) column).append(value);
    }

    private long pidAt(Table raw, int row) {
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            if (f.role() == Field.Role.STACK_PID || f.name().equals("pid") && f.type().equals(ValueType.Integer.U32)) {
                return ((Number) raw.column(i).get(row)).longValue();
            }
        }
        return -1;
    }

    private StackNames stacks() {
        if (stacks == null) stacks = new StackNames(object.map("stacks"));
        return stacks;
    }
}
