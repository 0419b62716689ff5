package io.tracebook.bpf.decode;

import java.util.List;

/** Field names in messages: a few, then how many more, so that a message about a 1024-element array stays one line. */
final class Fields {
    private static final int SHOWN = 8;

    private Fields() {
    }

    /** {@code intro} and the names, at most {@value #SHOWN} of them: "its fields are a, b, c, ... (1024 in all)". */
    static String listed(String intro, List<String> names) {
        if (names.isEmpty()) return "";
        String shown = String.join(", ", names.subList(0, Math.min(SHOWN, names.size())));
        return intro + shown + (names.size() > SHOWN ? ", ... (" + names.size() + " in all)" : "");
    }
}
