package io.tracebook.bpf.dsl;

/** C spelling of Java text and names. */
final class CText {
    private CText() {
    }

    /** The inside of a C string literal. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\%03o", (int) c & 0xff));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** A C identifier made of {@code name}: other characters become '_'. */
    static String identifier(String name) {
        String id = name.replaceAll("[^A-Za-z0-9_]", "_");
        return Character.isDigit(id.charAt(0)) ? "_" + id : id;
    }

    /** A comment that cannot end early. */
    static String comment(String text) {
        return "/* " + text.replace("*/", "* /") + " */";
    }
}
