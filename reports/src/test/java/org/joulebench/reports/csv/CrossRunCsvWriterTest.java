package org.joulebench.reports.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.joulebench.reports.CrossRun;
import org.joulebench.reports.CrossRunFixtures;
import org.joulebench.reports.Golden;
import org.joulebench.reports.Locales;
import org.joulebench.reports.ReportFixtures;
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
