package org.joulebench.reports.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

    @Test
    void aRowPerQueryUnderTheHeader(@TempDir Path dir) throws Exception {
        Path file = new QueriesCsvWriter().write(ReportFixtures.run(), dir).get(0);
        String csv = Files.readString(file);

        assertTrue(csv.startsWith("task,model,backend,repetition,item,tokens,joules_gross,joules_net,latency_ms,score\n"));
        assertTrue(csv.contains(",\"say \"\"hi\"\", then\nleave\","), csv);
        assertEquals(1 + ReportFixtures.run().queries().size() + 1, csv.split("\n", -1).length - 1,
                "lines: the header, one per query, one more for the line break inside quotes");
    }
}
