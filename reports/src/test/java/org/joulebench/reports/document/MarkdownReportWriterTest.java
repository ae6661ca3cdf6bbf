package org.joulebench.reports.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.joulebench.harness.RunResult;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.harness.TaskModelResult.Accuracy;
import org.joulebench.harness.TaskModelResult.EnergyResult;
import org.joulebench.reports.Golden;
import org.joulebench.reports.Locales;
import org.joulebench.reports.ReportFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MarkdownReportWriterTest {

    @ParameterizedTest(name = "locale {0}")
    @MethodSource("org.joulebench.reports.Locales#tags")
    void matchesTheGoldenFileInEveryLocale(String locale, @TempDir Path dir) throws Exception {
        List<Path> written = Locales.with(locale, () -> new MarkdownReportWriter().write(ReportFixtures.run(), dir));

        assertEquals(List.of(dir.resolve("report.md")), written);
        Golden.assertMatches("report.md", Files.readString(written.get(0), StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "locale {0}")
    @MethodSource("org.joulebench.reports.Locales#tags")
    void theSampledRunMatchesItsGoldenFileInEveryLocale(String locale, @TempDir Path dir) throws Exception {
        List<Path> written = Locales.with(locale,
                () -> new MarkdownReportWriter().write(ReportFixtures.sampledRun(), dir));

        Golden.assertMatches("report-sampled.md", Files.readString(written.get(0), StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "locale {0}")
    @MethodSource("org.joulebench.reports.Locales#tags")
    void theGenerationRunMatchesItsGoldenFileInEveryLocale(String locale, @TempDir Path dir) throws Exception {
        List<Path> written = Locales.with(locale,
                () -> new MarkdownReportWriter().write(ReportFixtures.generationRun(), dir));

        Golden.assertMatches("report-generation.md", Files.readString(written.get(0), StandardCharsets.UTF_8));
    }

    @Test
    void aGenerationTaskHasAGenerationTableWithItsColumns(@TempDir Path dir) throws Exception {
        String md = Files.readString(new MarkdownReportWriter().write(ReportFixtures.generationRun(), dir).get(0));

        String header = "| Model | Engine | Params | next-word exact match"
                + " | J/generated token net (ESTIMATE ±50%) | J/prompt token net (ESTIMATE ±50%)"
                + " | J/response net (ESTIMATE ±50%) | Decode tokens/s | TTFT p50 / p95, ms | TPOT p50, ms"
                + " | Output tokens min / p50 / max |\n"
                + "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
        assertEquals(1, count(md, "### Generation\n"), "only the completion task generated: " + md);
        assertTrue(md.contains(header), md);
        assertTrue(md.contains("| fixture-gen-small | java | 135M | 0.250 [0.050, 0.570] | 0.04500 [0.04100, 0.04900]"
                + " | 0.006200 [0.005500, 0.006900] | 1.600 [1.450, 1.750] | 38.50 [36.00, 41.00] | 120.0 / 180.5"
                + " | 26.00 | 32 / 32 / 32 |\n"), md);
        assertTrue(md.contains("| fixture-gen-large | llamacpp | 1.70B | 0.500 [0.220, 0.780] | 0.1500 [0.1400, 0.1650]"),
                md);
        assertTrue(md.contains("| 30 / 31.5 / 32 |\n"), "a median between two lengths: " + md);
        assertTrue(md.contains("Engine comparison, the same model on several engines: fixture-gen-small on java,"
                + " llamacpp; fixture-gen-large on java, llamacpp."), md);
        int bits = md.indexOf("## Task: fixture-bits-per-char");
        assertTrue(bits > md.indexOf("### Generation"), "the bits/char task, scored by log-likelihood, has none");
    }

    @Test
    void randomWeightsReadNotApplicableAndBitsPerCharHasNoAccuracyPerKilojoule(@TempDir Path dir) throws Exception {
        String md = Files.readString(new MarkdownReportWriter().write(ReportFixtures.generationRun(), dir).get(0));

        assertTrue(md.contains("| fixture-synthetic-random | java | 15.0M | n/a (random weights) |"),
                md);
        assertTrue(md.contains("| fixture-synthetic-random | java | 15.0M | n/a (random weights) | 0.006100"),
                "and in the generation table: " + md);
        assertTrue(md.contains("| Model | Engine | Params | bits/char (lower is better) [95% CI] |"),
                "a bits/char value is no accuracy: " + md);
        assertTrue(md.contains("| fixture-gen-small | java | 135M | 2.410 [2.200, 2.620] |"), md);
        assertTrue(md.contains("| n/a (lower is better) |\n"), "no accuracy per kJ for bits/char: " + md);
        assertTrue(md.contains("### Models with random weights\n"), md);
        assertTrue(md.contains("### Metrics where lower is better\n"), md);
        assertTrue(md.contains("\n\nAccuracy per kJ is not given for a metric where lower is better"), md);
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    @Test
    void stringsFromDataCannotBreakTheMarkup(@TempDir Path dir) throws Exception {
        String md = Files.readString(new MarkdownReportWriter()
                .write(ReportFixtures.run("<script>alert(1)</script>|x"), dir).get(0));

        assertTrue(md.contains("\\<script\\>alert(1)\\</script\\>\\|x"), md);
        assertFalse(md.contains("<script>"), md);
    }

    @Test
    void matchesResultsToMetersAndSaysWhenAnAccuracyBasisIsMissing(@TempDir Path dir) throws Exception {
        RunResult run = ReportFixtures.run();
        List<TaskModelResult> results = new ArrayList<>(run.results());
        TaskModelResult first = results.get(0);
        EnergyResult e = first.energy();
        Accuracy a = first.accuracy();
        results.set(0, new TaskModelResult(first.task(), first.model(), first.backend(), first.device(),
                first.precision(), first.params(), first.repetitions(), first.queries(), first.tokens(),
                new Accuracy(a.metric(), a.value(), a.ci95(), 0, null, a.other()),
                new EnergyResult("fixture-unlisted", e.method(), e.boundary(), e.window(), e.joulesGross(),
                        e.joulesNet(), e.jPerQuery(), e.jPerToken(), e.setupJoulesGross(), e.relativeUncertainty()),
                first.throughput(), first.latency()));
        RunResult mixed = new RunResult(run.schema(), run.run(), run.host(), run.meters(), run.idle(), results,
                run.queries());

        String md = Files.readString(new MarkdownReportWriter().write(mixed, dir).get(0));

        assertTrue(md.contains("Energy figures from meter estimate: fixture-retrieval × fixture-large (onnx);"
                + " fixture-classification × fixture-small (onnx); fixture-classification × fixture-large (onnx);"
                + " fixture-classification × fixture-tiny (onnx).\n"), md);
        assertTrue(md.contains("Meter fixture-unlisted is not in the run's list of meters, so its method and boundary"
                + " are only what the task tables show. Energy figures from meter fixture-unlisted:"
                + " fixture-retrieval × fixture-small (onnx)."), md);
        assertTrue(md.contains("- **Accuracy:** over items (n = 4), each item's score averaged over repetitions;"
                + " some results do not record their basis\n"), md);
        assertFalse(md.contains("Every energy figure"), md);
    }

    @Test
    void warningsOpenTheReportEscaped(@TempDir Path dir) throws Exception {
        String md = Files.readString(new MarkdownReportWriter().write(ReportFixtures.sampledRun(), dir).get(0));

        assertTrue(md.startsWith("# Joulebench report: run fixture-run-0001\n\n## Summary\n\n"), md);
        assertTrue(md.indexOf("\n> **Warnings**\n>\n> - idle power moved") < md.indexOf("## Task: "), "warnings below the"
                + " summary, above the tasks");
        assertTrue(md.contains("> - the sampler could not read a meter 2 time(s); first: \\<b\\>fixture\\</b\\> read"
                + " failed \\& \"retried\" \\| 'twice'\n"), md);
        assertTrue(md.contains("- **Idle drift, after vs before:** +20.0%"), md);
        assertFalse(Files.readString(new MarkdownReportWriter().write(ReportFixtures.run(), dir).get(0))
                .contains("Warnings"), "a run without warnings has no warnings block");
    }

    @Test
    void linksThePowerTimeline(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("charts"));
        Files.write(dir.resolve("charts/power-timeline.png"), new byte[] {1});

        String md = Files.readString(new MarkdownReportWriter().write(ReportFixtures.sampledRun(), dir).get(0));

        assertTrue(md.contains("![power-timeline.png](charts/power-timeline.png)\n"), md);
    }

    @Test
    void linksTheChartsItFinds(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("charts"));
        Files.write(dir.resolve("charts/j-per-token.png"), new byte[] {1});
        Files.write(dir.resolve("charts/accuracy-vs-j-per-query-x.png"), new byte[] {1});
        Files.write(dir.resolve("charts/notes.txt"), new byte[] {1});

        String md = Files.readString(new MarkdownReportWriter().write(ReportFixtures.run(), dir).get(0));

        assertTrue(md.contains("## Across tasks\n\n![accuracy-vs-j-per-query-x.png](charts/accuracy-vs-j-per-query-x.png)\n\n"
                + "![j-per-token.png](charts/j-per-token.png)\n"), md);
        assertFalse(md.contains("notes.txt"));
    }
}
