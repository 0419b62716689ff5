package io.tracebook.bpf.record;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The small JSON the recording's manifest and end entry need: one flat object of strings, integers,
 * booleans and nulls. A parse error is a {@link RecordInput.Corrupt}, never anything worse.
 */
final class Json {
    private Json() {
    }

    static String write(Map<String, ?> fields) {
        StringBuilder json = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, ?> field : fields.entrySet()) {
            json.append("  ").append(quote(field.getKey())).append(": ");
            Object v = field.getValue();
            json.append(v == null || v instanceof Number || v instanceof Boolean ? String.valueOf(v) : quote(v.toString()));
            json.append(++i < fields.size() ? ",\n" : "\n");
        }
        return json.append("}\n").toString();
    }

    private static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) q.append(String.format("\\u%04x", (int) c));
                    else q.append(c);
                }
            }
        }
        return q.append('"').toString();
    }

    /** The fields of a flat object: String, Long, Boolean or null values. */
    static Map<String, Object> parse(String text) {
        Parser p = new Parser(text);
        Map<String, Object> fields = p.object();
        p.skipSpace();
        if (p.at < text.length()) throw new RecordInput.Corrupt("text after the end of the JSON object");
        return fields;
    }

    private static final class Parser {
        private final String s;
        private int at;

        Parser(String s) {
            this.s = s;
        }

        Map<String, Object> object() {
            Map<String, Object> fields = new LinkedHashMap<>();
            expect('{');
            skipSpace();
            if (peek() == '}') {
                at++;
                return fields;
            }
            while (true) {
                skipSpace();
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                fields.put(key, value());
                skipSpace();
                char c = next();
                if (c == '}') return fields;
                if (c != ',') throw new RecordInput.Corrupt("expected ',' or '}' at " + (at - 1) + " of the JSON");
            }
        }

        private Object value() {
            char c = peek();
            if (c == '"') return string();
            if (s.startsWith("null", at)) {
                at += 4;
                return null;
            }
            if (s.startsWith("true", at) || s.startsWith("false", at)) {
                boolean v = s.startsWith("true", at);
                at += v ? 4 : 5;
                return v;
            }
            int start = at;
            if (c == '-') at++;
            while (at < s.length() && Character.isDigit(s.charAt(at))) at++;
            try {
                return Long.parseLong(s.substring(start, at));
            } catch (NumberFormatException e) {
                throw new RecordInput.Corrupt("expected a string, an integer, true, false or null at " + start + " of the JSON");
            }
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') return out.toString();
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (at + 4 > s.length()) throw new RecordInput.Corrupt("a cut \\u escape in the JSON");
                        try {
                            out.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
                        } catch (NumberFormatException bad) {
                            throw new RecordInput.Corrupt("a bad \\u escape in the JSON");
                        }
                        at += 4;
                    }
                    default -> out.append(e);
                }
            }
        }

        void skipSpace() {
            while (at < s.length() && Character.isWhitespace(s.charAt(at))) at++;
        }

        private char peek() {
            if (at >= s.length()) throw new RecordInput.Corrupt("the JSON ends too early");
            return s.charAt(at);
        }

        private char next() {
            char c = peek();
            at++;
            return c;
        }

        private void expect(char c) {
            if (next() != c) throw new RecordInput.Corrupt("expected '" + c + "' at " + (at - 1) + " of the JSON");
        }
    }
}
