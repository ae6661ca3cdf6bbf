package org.joulebench.reports.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.joulebench.reports.CrossRun;
import org.joulebench.reports.CrossRunFixtures;
import org.joulebench.reports.Golden;
import org.joulebench.reports.Locales;
import org.joulebench.reports.ReportFixtures;
import org.joulebench.reports.ServingFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CrossRunCsvWriterTest {

    @ParameterizedTest(name = "locale {0}")
    @MethodSource("org.joulebench.reports.Locales#tags")
    void matchesTheGoldenFileInEveryLocale(String locale, @TempDir Path dir) throws Exception {
        List<Path> written = Locales.with(locale, () -> new CrossRunCsvWriter().write(CrossRunFixtures.twoHosts(), dir));

        assertEquals(List.of(dir.resolve("report.csv")), written);
        Golden.assertMatches("cross-run-report.csv", Files.readString(written.get(0), StandardCharsets.UTF_8));
    }

    @Test
    void aServingRunHasARowPerLevelWithItsConcurrencyAndFigures() {
        Instant t0 = Instant.parse("2026-01-02T03:04:05Z");
        CrossRun runs = CrossRun.of(List.of(ServingFixtures.run("fixture-serving-a", t0, 0.002, 1, 2),
                ReportFixtures.generationRun()), null, null, null);
        List<String> lines = CrossRunCsvWriter.render(runs).lines().toList();
        assertTrue(lines.get(0).endsWith(",gpu_j_per_query_gross,concurrency"), lines.get(0));
        int level = CrossRunCsvWriter.HEADER.indexOf("concurrency");
        int perToken = CrossRunCsvWriter.HEADER.indexOf("j_per_token_net");
        int perQuery = CrossRunCsvWriter.HEADER.indexOf("j_per_query_net");
        List<List<String>> serving = lines.stream().skip(1).map(l -> List.of(l.split(",", -1)))
                .filter(f -> f.get(CrossRunCsvWriter.HEADER.indexOf("run_id")).equals("fixture-serving-a")).toList();
        assertEquals(List.of("1", "2"), serving.stream().map(f -> f.get(level)).toList());
        for (List<String> f : serving) {
            int n = Integer.parseInt(f.get(level));
            double j = ServingFixtures.jPerOutputToken(0.002, n);
            assertEquals(j, Double.parseDouble(f.get(perToken)), 1e-12, "J per output token of level " + n);
            assertEquals(j * ServingFixtures.OUTPUT_TOKENS, Double.parseDouble(f.get(perQuery)), 1e-12,
                    "J per response of level " + n);
            assertEquals(CrossRunCsvWriter.HEADER.size(), f.size());
        }
        long single = lines.stream().skip(1).filter(l -> l.endsWith(",")).count();
        assertEquals(ReportFixtures.generationRun().results().size(), single,
                "a single-scenario row's concurrency is an empty field");
    }

    @Test
    void aFigureThatIsNotThereIsAnEmptyFieldNeverZero() {
        CrossRun one = CrossRun.of(List.of(ReportFixtures.run()), null, null, null);
        List<String> lines = CrossRunCsvWriter.render(one).lines().toList();
        String tiny = lines.stream().filter(l -> l.contains(ReportFixtures.TINY)).findFirst().orElseThrow();
        List<String> f = List.of(tiny.split(",", -1));
        int wh = CrossRunCsvWriter.HEADER.indexOf("wh_per_1000_queries");
        assertEquals("", f.get(wh), "net J/query below zero: " + tiny);
        assertEquals("", f.get(CrossRunCsvWriter.HEADER.indexOf("rating_stars")), tiny);
        assertEquals("", f.get(CrossRunCsvWriter.HEADER.indexOf("gco2e_per_1000_queries_conversion")), tiny);
        assertEquals("", f.get(CrossRunCsvWriter.HEADER.indexOf("cpu_package_j_per_query_gross")), "no trace: " + tiny);
        assertEquals(CrossRunCsvWriter.HEADER.size(), f.size());
        assertTrue(lines.get(0).startsWith("run,host,host_fingerprint,"));
    }
}
