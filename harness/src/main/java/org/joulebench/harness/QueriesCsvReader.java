package org.joulebench.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code queries.csv} back into {@link QueryRecord}s. Columns are found by their header name
 * (the writer only ever appends columns); {@code method} and {@code energy} may be missing in older files.
 * An empty number field (a value that was not finite) reads as NaN, never as 0.
 */
final class QueriesCsvReader {

    private static final List<String> REQUIRED = List.of("task", "model", "backend", "repetition", "item", "tokens",
            "joules_gross", "joules_net", "latency_ms", "score");

    private QueriesCsvReader() {
    }

    /**
     * Reads the records and refuses one that no run can have written ({@link ResultChecks#query}), naming its
     * line.
     *
     * @param maxWatts the most power the run's meters can show
     */
    static List<QueryRecord> read(Path file, double maxWatts) throws InputException {
        List<QueryRecord> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> header = record(in, file, 1);
            if (header == null) {
                throw new InputException(file + " is empty", "use the queries.csv a run wrote");
            }
            Map<String, Integer> column = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                column.put(header.get(i).strip(), i);
            }
            for (String name : REQUIRED) {
                if (!column.containsKey(name)) {
                    throw new InputException(file + ":1: no column '" + name + "' (header is " + header + ")",
                            "use the queries.csv a run wrote");
                }
            }
            int line = 1;
            List<String> f;
            while ((f = record(in, file, ++line)) != null) {
                if (f.size() == 1 && f.get(0).isEmpty()) {
                    continue;
                }
                if (f.size() < header.size() - 2) {
                    throw new InputException(file + ":" + line + ": " + f.size() + " fields, the header has "
                            + header.size(), "use the queries.csv a run wrote");
                }
                Row r = new Row(f, column, file, line);
                out.add(new QueryRecord(r.text("task"), r.text("model"), r.text("backend"),
                        (int) r.integer("repetition"), r.text("item"), (int) r.integer("tokens"),
                        r.number("joules_gross"), r.number("joules_net"), r.number("latency_ms"), r.number("score"),
                        r.optional("method", null), r.optional("energy", "measured"),
                        (int) r.optionalInteger("block", 0), domains(r), claim(r), concurrency(r)));
                ResultChecks.query(out.get(out.size() - 1), file, line, maxWatts);
            }
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e.getMessage(),
                    "a result folder holds results.json and queries.csv as `joulebench run` wrote them", e);
        }
        return out;
    }

    /**
     * The row's domain column pairs ({@code joules_gross_<domain>}, {@code joules_net_<domain>}) that hold figures; the
     * meter and method of each are in results.json, not here.
     */
    private static Map<String, DomainJoules> domains(Row r) throws InputException {
        Map<String, DomainJoules> out = new java.util.LinkedHashMap<>();
        for (String key : RunEnergy.DOMAINS) {
            String gross = r.text("joules_gross_" + key);
            if (gross == null || gross.isBlank()) {
                continue;
            }
            out.put(key, new DomainJoules(null, null, r.number("joules_gross_" + key), r.number("joules_net_" + key),
                    Double.NaN, false, Map.of()));
        }
        return out;
    }

    /** The serving scenario's {@code concurrency} column; null where it is absent or empty (the single scenario). */
    private static Integer concurrency(Row r) throws InputException {
        String v = r.text("concurrency");
        return v == null || v.isBlank() ? null : (int) r.optionalInteger("concurrency", 0);
    }

    /** One RFC 4180 record, which may span lines inside quotes; null at the end of the file. */
    private static List<String> record(BufferedReader in, Path file, int line) throws IOException, InputException {
        String text = in.readLine();
        if (text == null) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (true) {
            if (i == text.length()) {
                if (!quoted) {
                    fields.add(field.toString());
                    return fields;
                }
                String next = in.readLine();
                if (next == null) {
                    throw new InputException(file + ":" + line + ": a quoted field is not closed",
                            "use the queries.csv a run wrote");
                }
                field.append('\n');
                text = next;
                i = 0;
                continue;
            }
            char c = text.charAt(i++);
            if (quoted) {
                if (c == '"' && i < text.length() && text.charAt(i) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
    }

    /** A server's claim of energy, in the two columns runs with one write; null where there is none. */
    private static org.joulebench.runners.EnergyClaim claim(Row r) throws InputException {
        double joules = r.number("server_claim_joules");
        if (Double.isNaN(joules)) {
            return null;
        }
        try {
            return org.joulebench.runners.EnergyClaim.fromLabel(joules, r.optional("server_claim", ""));
        } catch (IllegalArgumentException e) {
            throw new InputException(r.file() + ":" + r.line() + ": server_claim_joules: " + e.getMessage(),
                    "use the queries.csv a run wrote");
        }
    }

    private record Row(List<String> fields, Map<String, Integer> column, Path file, int line) {

        String text(String name) {
            Integer i = column.get(name);
            return i == null || i >= fields.size() ? null : fields.get(i);
        }

        String optional(String name, String absent) {
            String v = text(name);
            return v == null || v.isEmpty() ? absent : v;
        }

        long integer(String name) throws InputException {
            String v = text(name);
            try {
                return Long.parseLong(v == null ? "" : v.strip());
            } catch (NumberFormatException e) {
                throw new InputException(file + ":" + line + ": " + name + " is '" + v + "', not a whole number",
                        "use the queries.csv a run wrote");
            }
        }

        /** A whole number in a column older folders may not have: {@code absent} where it is missing or empty. */
        long optionalInteger(String name, long absent) throws InputException {
            String v = text(name);
            return v == null || v.isBlank() ? absent : integer(name);
        }

        double number(String name) throws InputException {
            String v = text(name);
            if (v == null || v.isBlank()) {
                return Double.NaN;
            }
            try {
                return Double.parseDouble(v.strip());
            } catch (NumberFormatException e) {
                throw new InputException(file + ":" + line + ": " + name + " is '" + v + "', not a number",
                        "use the queries.csv a run wrote");
            }
        }
    }
}
