package io.tracebook.kernel.exec;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Label;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.reflect.AccessFlag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;

/**
 * Rewrites the classes JShell compiles from cells so that they call {@link StopCheck#check()} on
 * entering a method and before every backward jump: a loop that never sleeps or does I/O can still
 * be interrupted, which {@link Thread#interrupt()} alone cannot do and {@code Thread.stop} no longer does.
 */
final class StopCheckWeaver {

    private static final ClassDesc STOP_CHECK = ClassDesc.of(StopCheck.class.getName());
    private static final MethodTypeDesc NO_ARGS_VOID = MethodTypeDesc.of(ConstantDescs.CD_void);

    private final ClassLoader userLoader;

    /** @param userLoader JShell's class loader, which knows the classes of earlier cells and added jars */
    StopCheckWeaver(ClassLoader userLoader) {
        this.userLoader = userLoader;
    }

    ClassBytecodes[] weave(ClassBytecodes[] batch) {
        // The new stack map frames need the superclass of every type that meets another at a
        // branch target; the classes of this batch are not loadable yet, so describe them first.
        ClassHierarchyResolver hierarchy = hierarchyOf(batch)
                .orElse(ClassHierarchyResolver.ofResourceParsing(userLoader))
                .orElse(ClassHierarchyResolver.defaultResolver());
        ClassFile classFile = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(hierarchy));
        return Stream.of(batch)
                .map(c -> new ClassBytecodes(c.name(), weave(classFile, c.bytecodes())))
                .toArray(ClassBytecodes[]::new);
    }

    private static byte[] weave(ClassFile classFile, byte[] bytes) {
        try {
            return classFile.transformClass(classFile.parse(bytes),
                    ClassTransform.transformingMethodBodies(CodeTransform.ofStateful(BackwardJumpChecks::new)));
        } catch (RuntimeException e) {
            // An unusual class the stack map generator cannot handle still runs, it only cannot be stopped in a busy loop.
            return bytes;
        }
    }

    private static ClassHierarchyResolver hierarchyOf(ClassBytecodes[] batch) {
        List<ClassDesc> interfaces = new ArrayList<>();
        Map<ClassDesc, ClassDesc> superclasses = new HashMap<>();
        for (ClassBytecodes c : batch) {
            ClassModel model = ClassFile.of().parse(c.bytecodes());
            ClassDesc self = model.thisClass().asSymbol();
            if (model.flags().has(AccessFlag.INTERFACE)) {
                interfaces.add(self);
            } else {
                model.superclass().ifPresent(s -> superclasses.put(self, s.asSymbol()));
            }
        }
        return ClassHierarchyResolver.of(interfaces, superclasses);
    }

    /** One per method body: remembers the labels already passed, so a jump to one of them is a backward jump. */
    private static final class BackwardJumpChecks implements CodeTransform {
        private final Set<Label> passed = new HashSet<>();

        @Override
        public void atStart(CodeBuilder builder) {
            builder.invokestatic(STOP_CHECK, "check", NO_ARGS_VOID);
        }

        @Override
        public void accept(CodeBuilder builder, CodeElement element) {
            if (element instanceof LabelTarget target) {
                passed.add(target.label());
            } else if (element instanceof BranchInstruction branch && passed.contains(branch.target())) {
                builder.invokestatic(STOP_CHECK, "check", NO_ARGS_VOID);
            }
            builder.with(element);
        }
    }
}
