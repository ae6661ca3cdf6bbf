package org.joulebench.reports.csv;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.joulebench.harness.DomainJoules;
import org.joulebench.harness.QueryRecord;
import org.joulebench.harness.RunResult;
import org.joulebench.reports.ReportWriter;

/**
 * {@code queries.csv}: one row per measured query, UTF-8, quoted as {@link Csv} says, numbers as
 * {@link CsvNumbers} says. Columns are only ever appended ({@code method}, then {@code energy}:
 * {@code measured} in the query's own window or {@code apportioned} as its time share of its pass's
 * window, then {@code block}: the block of items within the repetition, which every model of the task ran back to
 * back, the unit of a within-run comparison, then one pair {@code joules_gross_<domain>}, {@code joules_net_<domain>} per
 * domain the run measured: {@code cpu_package}, {@code dram}, {@code gpu}, each from its own meter less that meter's
 * idle power; {@code joules_gross}/{@code joules_net} stay the row's headline figure), so readers that go by position
 * keep working. Public only because {@link java.util.ServiceLoader} needs it.
 */
public final class QueriesCsvWriter implements ReportWriter {

    static final String FILE = "queries.csv";
    /** Domains in column order (those of the harness's run energy). */
    static final List<String> DOMAIN_ORDER = List.of("cpu_package", "dram", "gpu");

    static final List<String> HEADER = List.of("task", "model", "backend", "repetition", "item", "tokens",
            "joules_gross", "joules_net", "latency_ms", "score", "method", "energy", "block", "concurrency");

    @Override
    public String id() {
        return "csv";
    }

    @Override
    public List<Path> write(RunResult result, Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        // The stream is its own resource: when the disk is full, closing the writer fails while flushing and (on
        // Java 17) leaves the file open; the stream's own close still releases it.
        try (java.io.OutputStream stream = Files.newOutputStream(file);
             Writer out = new java.io.BufferedWriter(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8))) {
            // Domain pairs after the fixed columns, one per domain measured; then a server's claim of energy, where one
            // was made, in two columns of its own: the server's figure beside the measured ones, never in them.
            List<String> domains = domains(result.queries());
            boolean claims = result.queries().stream().anyMatch(q -> q.serverClaim() != null);
            List<String> header = header(domains);
            out.write(Csv.record(claims ? withClaims(header) : header));
            for (QueryRecord q : result.queries()) {
                List<String> row = row(q, domains);
                out.write(Csv.record(claims ? withClaims(row, q) : row));
            }
        }
        return List.of(file);
    }

    /** The domains some query measured, in the harness's column order. */
    static List<String> domains(List<QueryRecord> queries) {
        List<String> out = new ArrayList<>();
        for (String key : DOMAIN_ORDER) {
            if (queries.stream().anyMatch(q -> q.domains().containsKey(key))) {
                out.add(key);
            }
        }
        return out;
    }

    static List<String> header(List<String> domains) {
        List<String> h = new ArrayList<>(HEADER);
        for (String d : domains) {
            h.add("joules_gross_" + d);
            h.add("joules_net_" + d);
        }
        return h;
    }

    /** The columns of a server's claim: its joules, and its label (method, meter and boundary as it said them). */
    static final List<String> CLAIM_HEADER = List.of("server_claim_joules", "server_claim");

    private static List<String> withClaims(List<String> header) {
        List<String> all = new java.util.ArrayList<>(header);
        all.addAll(CLAIM_HEADER);
        return all;
    }

    private static List<String> withClaims(List<String> row, QueryRecord q) {
        List<String> all = new java.util.ArrayList<>(row);
        all.add(q.serverClaim() == null ? "" : CsvNumbers.decimal(q.serverClaim().joules()));
        all.add(q.serverClaim() == null ? "" : q.serverClaim().label());
        return all;
    }

    /** Fields of one row; a missing string is an empty field. */
    static List<String> row(QueryRecord q) {
        return row(q, List.of());
    }

    /** Fields of one row with the pairs of {@code domains}; a domain the query did not measure is a pair of empty fields. */
    static List<String> row(QueryRecord q, List<String> domains) {
        List<String> f = new ArrayList<>(Arrays.asList(q.task(), q.model(), q.backend(),
                Integer.toString(q.repetition()), q.item(),
                Integer.toString(q.tokens()), CsvNumbers.decimal(q.joulesGross()), CsvNumbers.decimal(q.joulesNet()),
                CsvNumbers.decimal(q.latencyMs()), CsvNumbers.decimal(q.score()), q.method(), q.energy(),
                Integer.toString(q.block()),
                q.concurrency() == null ? null : Integer.toString(q.concurrency())));
        for (String d : domains) {
            DomainJoules j = q.domains().get(d);
            f.add(j == null ? "" : CsvNumbers.decimal(j.gross()));
            f.add(j == null ? "" : CsvNumbers.decimal(j.net()));
        }
        return f;
    }
}
