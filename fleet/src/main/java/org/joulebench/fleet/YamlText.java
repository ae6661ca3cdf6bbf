package org.joulebench.fleet;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Hand-written YAML with comments, for manifests a person reads: two-space indentation, plain scalars where they
 * cannot be mistaken for another type, double-quoted (JSON escapes) otherwise. The order of lines is the order
 * of calls, so the same input writes the same bytes.
 */
final class YamlText {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./:-]*");
    private static final Set<String> RESERVED = Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null", "~");

    private final StringBuilder out = new StringBuilder();

    YamlText comment(int indent, String text) {
        for (String line : text.split("\n", -1)) {
            out.append("  ".repeat(indent)).append(line.isEmpty() ? "#" : "# " + line).append('\n');
        }
        return this;
    }

    /** {@code key:} opening a mapping or a list below it. */
    YamlText key(int indent, String key) {
        out.append("  ".repeat(indent)).append(scalar(key)).append(":\n");
        return this;
    }

    YamlText entry(int indent, String key, String value) {
        out.append("  ".repeat(indent)).append(scalar(key)).append(": ").append(scalar(value)).append('\n');
        return this;
    }

    YamlText entry(int indent, String key, long value) {
        out.append("  ".repeat(indent)).append(scalar(key)).append(": ").append(value).append('\n');
        return this;
    }

    YamlText entry(int indent, String key, boolean value) {
        out.append("  ".repeat(indent)).append(scalar(key)).append(": ").append(value).append('\n');
        return this;
    }

    /** A literal line, already indented and formatted by the caller. */
    YamlText raw(String line) {
        out.append(line).append('\n');
        return this;
    }

    /** {@code key: |} and {@code text} as a literal block, one level deeper. */
    YamlText block(int indent, String key, String text) {
        out.append("  ".repeat(indent)).append(scalar(key)).append(": |\n");
        for (String line : text.strip().split("\n")) {
            out.append(line.isEmpty() ? "" : "  ".repeat(indent + 1) + line).append('\n');
        }
        return this;
    }

    static String scalar(String value) {
        if (PLAIN.matcher(value).matches() && !RESERVED.contains(value.toLowerCase(Locale.ROOT))
                && !value.endsWith(":")) {
            return value;
        }
        StringBuilder q = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
