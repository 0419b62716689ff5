package io.tracebook.bpf.dsl;

/**
 * An argument a probe offers.
 *
 * @param name     as the DSL names it: {@code arg("filename")}
 * @param declared its C type as the kernel declares it ({@code const char *}, {@code struct linux_binprm *})
 * @param type     what it is to the DSL
 * @param access   the C that reads it in the probe's program: {@code args->filename}, {@code bprm}, {@code PT_REGS_PARM1(ctx)}
 */
record ArgInfo(String name, String declared, ValueType type, String access) {
}
