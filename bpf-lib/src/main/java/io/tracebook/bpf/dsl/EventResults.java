package io.tracebook.bpf.dsl;

import io.tracebook.bpf.dsl.Action.Printf;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Events of {@code emit} as the columns asked for (stacks and probes named); of {@code printf} as its lines, a {@code text} column. */
final class EventResults {
    private final Spec spec;
    private final Generated generated;
    private final ResultColumns columns;
    private final PrintfFormat format;

    EventResults(Spec spec, Generated generated, ResultColumns columns) {
        this.spec = spec;
        this.generated = generated;
        this.columns = columns;
        this.format = spec.action() instanceof Printf p ? PrintfFormat.parse(p.format(), p.call()) : null;
    }

    Table read(Table raw) {
        List<Field> fields = generated.fields();
        if (format != null) {
            StringColumn text = StringColumn.create("text");
            int values = (int) fields.stream().filter(f -> f.role() == Field.Role.VALUE).count();
            for (int row = 0; row < raw.rowCount(); row++) {
                List<Object> line = new ArrayList<>(values);
                for (int i = 0; i < format.conversions(); i++) line.add(columns.value(raw, i, row));
                String formatted = format.format(line);
                text.append(formatted.endsWith("\n") ? formatted.substring(0, formatted.length() - 1) : formatted);
            }
            return Table.create(spec.chain(), text);
        }
        boolean asDecoded = fields.stream().noneMatch(f -> f.type() instanceof ValueType.StackId || f.type() instanceof ValueType.ProbeName);
        if (asDecoded) return raw.setName(spec.chain());
        List<Column<?>> out = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) out.add(columns.empty(fields.get(i), raw.column(i)));
        for (int row = 0; row < raw.rowCount(); row++) {
            for (int i = 0; i < fields.size(); i++) ResultColumns.append(out.get(i), columns.value(raw, i, row));
        }
        return Table.create(spec.chain(), out.toArray(Column<?>[]::new));
    }
}
