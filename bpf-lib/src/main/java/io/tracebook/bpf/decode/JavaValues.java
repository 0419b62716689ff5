package io.tracebook.bpf.decode;

import io.tracebook.bpf.error.BpfException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts decoded BPF values (numbers, strings, field maps) to the Java types a user asks for, and back. */
public final class JavaValues {
    private JavaValues() {
    }

    @SuppressWarnings("unchecked")
    public static <T> T convert(Object value, Class<T> type) {
        if (value == null || type.isInstance(value) && !(value instanceof Number)) return (T) value;
        if (value instanceof Number n) {
            Object converted = switch (type.getName()) {
                case "java.lang.Integer", "int" -> n.intValue();
                case "java.lang.Long", "long" -> n.longValue();
                case "java.lang.Short", "short" -> n.shortValue();
                case "java.lang.Byte", "byte" -> n.byteValue();
                case "java.lang.Double", "double" -> n.doubleValue();
                case "java.lang.Float", "float" -> n.floatValue();
                case "java.lang.Boolean", "boolean" -> n.longValue() != 0;
                case "java.lang.String" -> n.toString();
                case "java.lang.Number", "java.lang.Object" -> n;
                default -> null;
            };
            if (converted != null) return (T) converted;
        }
        if (value instanceof Map<?, ?> fields && type.isRecord()) return toRecord(fields, type);
        if (type == String.class) return (T) String.valueOf(value);
        if (value instanceof List<?> perCpu && type != List.class) {
            throw new BpfException("the map is per-CPU: ask for List.class values, or sum them");
        }
        throw new BpfException("cannot convert " + value + " (" + value.getClass().getSimpleName() + ") to " + type.getSimpleName());
    }

    private static <T> T toRecord(Map<?, ?> fields, Class<T> type) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            String name = components[i].getName();
            if (!fields.containsKey(name)) {
                throw new BpfException("record " + type.getSimpleName() + " has component '" + name
                        + "' but the struct has fields " + fields.keySet());
            }
            types[i] = components[i].getType();
            args[i] = convert(fields.get(name), types[i]);
        }
        try {
            var constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new BpfException("cannot build record " + type.getSimpleName() + ": " + e, e);
        }
    }

    /** Records become field maps; everything else is passed as it is. */
    public static Object toBpf(Object value) {
        if (value == null || !value.getClass().isRecord()) return value;
        Map<String, Object> fields = new LinkedHashMap<>();
        for (RecordComponent c : value.getClass().getRecordComponents()) {
            try {
                var accessor = c.getAccessor();
                accessor.setAccessible(true);
                fields.put(c.getName(), toBpf(accessor.invoke(value)));
            } catch (ReflectiveOperationException e) {
                throw new BpfException("cannot read record component " + c.getName() + ": " + e, e);
            }
        }
        return fields;
    }
}
