package io.tracebook.bpf.ffi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares a hand-written {@link CStruct} layout with clang's layout of the C struct: every named
 * field must be a C member at the same offset with a layout of the same kind and size. The layout may
 * stop early (a prefix of the struct) but not run past the struct's end.
 */
final class StructChecker {
    /**
     * Our fields that stand for an unnamed run of C bitfields, keyed "struct.field", valued with the
     * run's first bitfield (perf_event_attr's flags word starts at "disabled").
     */
    private final Map<String, String> bitfieldRuns;

    StructChecker(Map<String, String> bitfieldRuns) {
        this.bitfieldRuns = bitfieldRuns;
    }

    /** What is wrong with the layout, one message per problem; empty when it matches. */
    List<String> check(CStruct struct, Optional<CRecord> record, CTypes types) {
        String subject = "struct " + struct.cName() + " (" + struct.header() + ")";
        if (record.isEmpty()) {
            return List.of(subject + ": the header declares no such struct; fix the header or the name in CStructs");
        }
        CRecord c = record.get();
        List<String> problems = new ArrayList<>();
        if (struct.layout().byteSize() > c.byteSize()) {
            problems.add(subject + ": our layout is " + struct.layout().byteSize() + " bytes, the C struct only " + c.byteSize());
        }
        long offset = 0;
        for (MemoryLayout member : struct.layout().memberLayouts()) {
            long at = offset;
            offset += member.byteSize();
            if (member instanceof PaddingLayout || member.name().isEmpty()) continue;
            String name = member.name().get();
            String firstBitfield = bitfieldRuns.get(struct.cName() + "." + name);
            Optional<String> problem;
            if (c.field(name).isPresent()) {
                problem = fieldProblem(c.field(name).get(), member, at, types);
            } else if (firstBitfield != null) {
                problem = bitfieldRunProblem(c, firstBitfield, member, at);
            } else {
                problem = Optional.of("our field '" + name + "' at offset " + at + " names no member of the C struct");
            }
            problem.ifPresent(p -> problems.add(subject + ": " + p));
        }
        return problems;
    }

    private static Optional<String> fieldProblem(CRecord.Field field, MemoryLayout ours, long at, CTypes types) {
        String declared = "C has '" + field.type() + " " + field.name() + "'";
        if (field.isBitfield()) {
            return Optional.of(declared + ", a bitfield at bit " + field.bitOffset() + ", which a layout field cannot address;"
                    + " describe the bitfields as one unnamed word in StructChecker's bitfield runs");
        }
        Optional<MemoryLayout> expected = types.valueLayout(field.type());
        if (expected.isEmpty()) {
            return Optional.of(declared + " (" + types.canonical(field.type()) + ") which has no value layout this check knows;"
                    + " extend CTypes");
        }
        long cOffset = field.bitOffset() / 8;
        if (cOffset == at && Layouts.sameKind(expected.get(), ours)) return Optional.empty();
        return Optional.of(declared + " (" + types.canonical(field.type()) + ") at offset " + cOffset + ", needing "
                + Layouts.name(expected.get()) + " (" + expected.get().byteSize() + " bytes); ours is "
                + Layouts.name(ours) + " (" + ours.byteSize() + " bytes) at offset " + at);
    }

    private static Optional<String> bitfieldRunProblem(CRecord c, String firstName, MemoryLayout ours, long at) {
        String name = ours.name().orElseThrow();
        Optional<CRecord.Field> first = c.field(firstName).filter(CRecord.Field::isBitfield);
        if (first.isEmpty()) {
            return Optional.of("our field '" + name + "' stands for the bitfields starting at '" + firstName
                    + "', but the C struct has no such bitfield");
        }
        List<CRecord.Field> run = c.bitfieldRun(first.get());
        long startBit = first.get().bitOffset();
        long endBit = run.stream().mapToLong(f -> f.bitOffset() + f.bitWidth()).max().orElseThrow();
        String bits = "the bitfields " + firstName + ".." + run.getLast().name() + " occupy bits " + startBit + "-" + (endBit - 1);
        if (startBit / 8 != at) {
            return Optional.of(bits + ", so our field '" + name + "' must be at offset " + startBit / 8 + ", ours is at " + at);
        }
        if (endBit > (at + ours.byteSize()) * 8) {
            return Optional.of(bits + ", past the end of our " + ours.byteSize() + "-byte field '" + name + "' at offset " + at);
        }
        return Optional.empty();
    }
}
