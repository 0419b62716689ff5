package io.tracebook.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the C libbpf reference consumer (bench/c/refconsumer.c) and parses its key=value line. */
final class CReference {
    private final NativeBuild.Binaries binaries;

    CReference(NativeBuild.Binaries binaries) {
        this.binaries = binaries;
    }

    Map<String, String> run(String mode, String... args) {
        List<String> command = new ArrayList<>(List.of(binaries.refconsumer().toString(), binaries.bpfObject().toString(),
                binaries.loadgen().toString(), mode));
        command.addAll(List.of(args));
        String out = Commands.run(command).strip();
        Map<String, String> values = new HashMap<>();
        for (String pair : out.split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq > 0) values.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        if (!mode.equals(values.get("mode"))) {
            throw new IllegalStateException("the C reference (" + mode + ") printed '" + out + "', not its key=value line");
        }
        return values;
    }

    static double number(Map<String, String> values, String key) {
        return Double.parseDouble(values.get(key));
    }
}
