package io.tracebook.bpf.dsl;

/** What a value is in the generated C, which decides where it may go (a filter, a key, a histogram, ...). */
sealed interface ValueType {
    /** What a user is told the value is, e.g. "a signed 64-bit number", "text (char[16])". */
    String describe();

    /** A number of {@code size} bytes. */
    record Integer(int size, boolean signed) implements ValueType {
        static final Integer S64 = new Integer(8, true);
        static final Integer U64 = new Integer(8, false);
        static final Integer U32 = new Integer(4, false);
        static final Integer S32 = new Integer(4, true);

        /** tracebook's short names, which vmlinux.h defines: s64, u32, ... */
        String cType() {
            return (signed ? "s" : "u") + size * 8;
        }

        @Override
        public String describe() {
            return "a number (" + cType() + ")";
        }
    }

    /** {@code char[length]} holding text up to a NUL. */
    record Text(int length) implements ValueType {
        @Override
        public String describe() {
            return "text (char[" + length + "])";
        }
    }

    /** {@code char *}: text elsewhere, in user memory or the kernel's; {@code str(..)} reads it. */
    record TextPointer(boolean user) implements ValueType {
        @Override
        public String describe() {
            return "the address of " + (user ? "user" : "kernel") + " text (char *)";
        }
    }

    /** A tracepoint's {@code __data_loc char[]}: text at the end of the record; {@code str(..)} reads it. */
    record TextLocation() implements ValueType {
        @Override
        public String describe() {
            return "text stored after the record (__data_loc char[])";
        }
    }

    /** A pointer; {@code struct} is its kernel BTF type id when it points to a struct or union whose members can be walked (else 0). */
    record Pointer(int struct, String cType) implements ValueType {
        @Override
        public String describe() {
            return "a pointer (" + cType + ")";
        }
    }

    /** A struct or union inside another: only a step of a walk, never a value itself. */
    record Composite(int struct, String cType) implements ValueType {
        @Override
        public String describe() {
            return "a struct (" + cType + ")";
        }
    }

    /** An array of something other than char (or anything else C cannot hand over as a value). */
    record Unusable(String cType) implements ValueType {
        @Override
        public String describe() {
            return "an array or other aggregate (" + cType + ")";
        }
    }

    /** A stack id in the one-liner's STACK_TRACE map. */
    record StackId(boolean user) implements ValueType {
        @Override
        public String describe() {
            return user ? "a user stack" : "a kernel stack";
        }
    }

    /** Which of the one-liner's probes fired: an index into their names. */
    record ProbeName() implements ValueType {
        @Override
        public String describe() {
            return "the probe's name";
        }
    }
}
