package org.joulebench.reports.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.joulebench.harness.QueryRecord;
import org.joulebench.reports.Golden;
import org.joulebench.reports.Locales;
import org.joulebench.reports.ReportFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class QueriesCsvWriterTest {

    @ParameterizedTest(name = "locale {0}")
    @MethodSource("org.joulebench.reports.Locales#tags")
    void matchesTheGoldenFileInEveryLocale(String locale, @TempDir Path dir) throws Exception {
        List<Path> written = Locales.with(locale, () -> new QueriesCsvWriter().write(ReportFixtures.run(), dir));

        assertEquals(List.of(dir.resolve("queries.csv")), written);
        Golden.assertMatches("queries.csv", Files.readString(written.get(0), StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "locale {0}")
    @MethodSource("org.joulebench.reports.Locales#tags")
    void theSampledRunMatchesItsGoldenFileInEveryLocale(String locale, @TempDir Path dir) throws Exception {
        List<Path> written = Locales.with(locale, () -> new QueriesCsvWriter().write(ReportFixtures.sampledRun(), dir));

        Golden.assertMatches("queries-sampled.csv", Files.readString(written.get(0), StandardCharsets.UTF_8));
    }

    @Test
    void aRowPerQueryUnderTheHeader(@TempDir Path dir) throws Exception {
        Path file = new QueriesCsvWriter().write(ReportFixtures.run(), dir).get(0);
        String csv = Files.readString(file);

        assertTrue(csv.startsWith(
                "task,model,backend,repetition,item,tokens,joules_gross,joules_net,latency_ms,score,method,energy,block,"
                        + "concurrency\n"));
        assertTrue(csv.contains(",\"say \"\"hi\"\", then\nleave\","), csv);
        assertEquals(1 + ReportFixtures.run().queries().size() + 1, csv.split("\n", -1).length - 1,
                "lines: the header, one per query, one more for the line break inside quotes");
    }

    @Test
    void theMethodTheEnergyKindAndTheBlockAreAppendedAfterTheFirstTenColumns() {
        assertEquals(List.of("task", "model", "backend", "repetition", "item", "tokens", "joules_gross", "joules_net",
                "latency_ms", "score"), QueriesCsvWriter.HEADER.subList(0, 10), "existing columns keep their place");
        assertEquals("method", QueriesCsvWriter.HEADER.get(10));
        assertEquals("energy", QueriesCsvWriter.HEADER.get(11));
        assertEquals("block", QueriesCsvWriter.HEADER.get(12));
        assertEquals("concurrency", QueriesCsvWriter.HEADER.get(13), "the serving scenario's level, appended last");
        assertEquals(14, QueriesCsvWriter.HEADER.size());

        QueryRecord q = ReportFixtures.run().queries().get(0);
        assertEquals(java.util.Arrays.asList("fixture-retrieval", "fixture-small", "onnx", "0", "fixture-item-1", "8",
                "0.0123456789", "0.00617283946", "2.5", "1", "ESTIMATE", "measured", "0", null), QueriesCsvWriter.row(q),
                "a record made without an energy kind was measured in its own window, in no known block");
        QueryRecord noMethod = new QueryRecord(q.task(), q.model(), q.backend(), q.repetition(), q.item(), q.tokens(),
                q.joulesGross(), q.joulesNet(), q.latencyMs(), q.score(), null, null);
        assertEquals("fixture-retrieval,fixture-small,onnx,0,fixture-item-1,8,0.0123456789,0.00617283946,2.5,1,,,0,\n",
                Csv.record(QueriesCsvWriter.row(noMethod)), "a missing method or energy kind is an empty field");
    }

    @Test
    void theEnergyColumnSaysWhichQueriesWereApportioned() {
        List<String> kinds = ReportFixtures.sampledRun().queries().stream()
                .map(r -> QueriesCsvWriter.row(r).get(11)).toList();

        assertEquals(List.of("apportioned", "measured", "apportioned", "measured"), kinds);
    }
}
