package io.tracebook.bpf.ffi;

import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.StructLayout;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Checks every hand-written FFM binding and struct layout against the C headers installed on this
 * machine, read through clang, so that a wrong signature fails the build instead of crashing the JVM.
 * Needs clang, libbpf-dev and linux-libc-dev.
 */
class HeaderCheckTest {
    private static final Map<String, AstDump> HEADERS = new ConcurrentHashMap<>();
    private static final StructChecker STRUCTS = new StructChecker(Map.of("perf_event_attr.flags", "disabled"));

    @TestFactory
    Stream<DynamicTest> everyFunctionBindingMatchesItsHeader() {
        List<NativeFunction> functions = Stream.concat(Libbpf.FUNCTIONS.stream(), LibC.FUNCTIONS.stream()).toList();
        assertFalse(functions.isEmpty(), "Libbpf and LibC bind no functions: nothing would be checked");
        return functions.stream().map(f -> dynamicTest(f.name() + " (" + f.header() + ")",
                () -> assertNoProblems(checkFunction(f))));
    }

    @TestFactory
    Stream<DynamicTest> everyStructLayoutMatchesItsHeader() {
        assertFalse(CStructs.ALL.isEmpty(), "CStructs.ALL is empty: nothing would be checked");
        return CStructs.ALL.stream().map(s -> dynamicTest("struct " + s.cName() + " (" + s.header() + ")",
                () -> assertNoProblems(checkStruct(s))));
    }

    @Test
    void reportsAnIntWhereTheHeaderHasSizeT() {
        var wrong = new NativeFunction("libbpf.so.1", "bpf/libbpf.h", "libbpf_strerror",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), -1);

        List<String> problems = checkFunction(wrong);

        assertEquals(1, problems.size(), problems::toString);
        assertContainsAll(problems.getFirst(), "libbpf_strerror", "int (int, char *, size_t)",
                "(JAVA_INT, ADDRESS, JAVA_INT) -> JAVA_INT", "parameter 3 'size_t' (unsigned long) needs JAVA_LONG, ours is JAVA_INT");
    }

    @Test
    void reportsAWrongReturnAndAMissingParameter() {
        var wrong = new NativeFunction("libc", "sys/mman.h", "munmap", FunctionDescriptor.ofVoid(ADDRESS), -1);

        String problem = checkFunction(wrong).getFirst();

        assertContainsAll(problem, "munmap", "C takes 2 parameters, ours 1", "return 'int' needs JAVA_INT, ours is void");
    }

    @Test
    void reportsAVariadicFunctionBoundAsFixed() {
        var wrong = new NativeFunction("libc", "stdio.h", "snprintf",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT), -1);

        assertContainsAll(checkFunction(wrong).getFirst(), "snprintf", "variadic after 3 fixed parameters");
    }

    @Test
    void acceptsAVariadicFunctionBoundFromItsFirstVariadicArgument() {
        var right = new NativeFunction("libc", "stdio.h", "snprintf",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT), 3);

        assertNoProblems(checkFunction(right));
    }

    @Test
    void reportsAFunctionTheHeaderDoesNotDeclare() {
        var wrong = new NativeFunction("libbpf.so.1", "bpf/libbpf.h", "bpf_object__no_such_function",
                FunctionDescriptor.of(JAVA_INT), -1);

        assertContainsAll(checkFunction(wrong).getFirst(), "bpf_object__no_such_function", "declares no function");
    }

    @Test
    void reportsAStructFieldAtTheWrongOffsetOrOfTheWrongSize() {
        StructLayout pollfd = structLayout(JAVA_INT.withName("fd"), JAVA_INT.withName("events"), JAVA_SHORT.withName("revents"));

        List<String> problems = checkStruct(new CStruct("poll.h", "pollfd", pollfd));

        assertEquals(3, problems.size(), problems::toString);
        assertContainsAll(String.join("\n", problems),
                "C has 'short events' (short) at offset 4, needing JAVA_SHORT (2 bytes); ours is JAVA_INT (4 bytes) at offset 4",
                "C has 'short revents' (short) at offset 6, needing JAVA_SHORT (2 bytes); ours is JAVA_SHORT (2 bytes) at offset 8",
                "our layout is 10 bytes, the C struct only 8");
    }

    @Test
    void reportsAFieldTheStructDoesNotHave() {
        StructLayout pollfd = structLayout(JAVA_INT.withName("fd"), JAVA_INT.withName("event_mask"));

        assertContainsAll(checkStruct(new CStruct("poll.h", "pollfd", pollfd)).getFirst(),
                "struct pollfd", "'event_mask'", "names no member");
    }

    @Test
    void reportsABitfieldWordAtTheWrongOffset() {
        StructLayout attr = structLayout(JAVA_INT.withName("type"), JAVA_INT.withName("size"),
                JAVA_LONG.withName("config"), JAVA_LONG.withName("flags"));

        assertContainsAll(checkStruct(new CStruct("linux/perf_event.h", "perf_event_attr", attr)).getFirst(),
                "the bitfields disabled..", "our field 'flags' must be at offset 40, ours is at 16");
    }

    private static List<String> checkFunction(NativeFunction function) {
        return FunctionChecker.check(function, header(function.header()));
    }

    private static List<String> checkStruct(CStruct struct) {
        return STRUCTS.check(struct, RecordLayoutDump.ofStruct(struct.header(), struct.cName()),
                new CTypes(header(struct.header()).typedefs()));
    }

    private static AstDump header(String header) {
        return HEADERS.computeIfAbsent(header, AstDump::ofHeader);
    }

    private static void assertNoProblems(List<String> problems) {
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    private static void assertContainsAll(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "expected the report to contain \"" + part + "\" but it was:\n" + message);
        }
    }
}
