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

        assertTrue(md.startsWith("# Joulebench report: run fixture-run-0001\n\n> **Warnings**\n>\n> - idle power moved"),
                md);
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

        assertTrue(md.contains("## Charts\n\n![accuracy-vs-j-per-query-x.png](charts/accuracy-vs-j-per-query-x.png)\n\n"
                + "![j-per-token.png](charts/j-per-token.png)\n"), md);
        assertFalse(md.contains("notes.txt"));
    }
}
