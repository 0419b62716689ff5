package io.tracebook.bpf.ffi;

import java.lang.foreign.MemoryLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Compares one {@link NativeFunction} with the declaration of its C function in the installed header. */
final class FunctionChecker {
    private FunctionChecker() {
    }

    /** What is wrong with the binding, one message per disagreeing declaration; empty when it matches. */
    static List<String> check(NativeFunction function, AstDump header) {
        List<String> declared = header.functionTypes(function.name());
        String ours = Layouts.describe(function.descriptor(), function.firstVariadicArg());
        if (declared.isEmpty()) {
            return List.of(function.name() + ": " + function.header() + " declares no function of that name, so the binding "
                    + ours + " cannot be checked; fix the header or the name where it is bound");
        }
        CTypes types = new CTypes(header.typedefs());
        List<String> problems = new ArrayList<>();
        for (String type : declared) {
            List<String> differences = differences(function, CFunctionType.parse(type), types);
            if (!differences.isEmpty()) {
                problems.add(function.name() + ": " + function.header() + " declares '" + type + "', we bind "
                        + ours + ": " + String.join("; ", differences));
            }
        }
        return problems;
    }

    private static List<String> differences(NativeFunction function, CFunctionType c, CTypes types) {
        List<String> differences = new ArrayList<>();
        List<MemoryLayout> arguments = function.descriptor().argumentLayouts();
        int fixed = c.parameters().size();
        if (c.variadic() && function.firstVariadicArg() != fixed) {
            differences.add("C is variadic after " + fixed + " fixed parameters, so firstVariadicArg must be " + fixed
                    + ", ours is " + function.firstVariadicArg());
        }
        if (!c.variadic() && function.firstVariadicArg() >= 0) {
            differences.add("C is not variadic, ours has firstVariadicArg " + function.firstVariadicArg());
        }
        boolean arityMatches = c.variadic() ? arguments.size() >= fixed : arguments.size() == fixed;
        if (!arityMatches) {
            differences.add("C takes " + fixed + (c.variadic() ? " fixed" : "") + " parameters, ours " + arguments.size());
        }
        for (int i = 0; i < Math.min(fixed, arguments.size()); i++) {
            String parameter = c.parameters().get(i);
            compare("parameter " + (i + 1), parameter, types.parameterLayout(parameter), Optional.of(arguments.get(i)), types)
                    .ifPresent(differences::add);
        }
        compare("return", c.returnType(), types.valueLayout(c.returnType()), function.descriptor().returnLayout(), types)
                .ifPresent(differences::add);
        return differences;
    }

    /** {@code expected} is empty for void, and for a type we cannot map, which is a problem of its own. */
    private static Optional<String> compare(String what, String cType, Optional<MemoryLayout> expected,
                                            Optional<MemoryLayout> ours, CTypes types) {
        String canonical = types.canonical(cType);
        String spelled = "'" + cType + "'" + (canonical.equals(cType) ? "" : " (" + canonical + ")");
        if (expected.isEmpty() && !canonical.equals("void")) {
            return Optional.of(what + " " + spelled + " has no value layout this check knows; extend CTypes");
        }
        if (Layouts.sameKind(expected, ours)) return Optional.empty();
        return Optional.of(what + " " + spelled + " needs " + Layouts.name(expected) + ", ours is " + Layouts.name(ours));
    }
}
