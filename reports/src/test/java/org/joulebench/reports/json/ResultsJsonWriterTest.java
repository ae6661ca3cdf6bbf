package org.joulebench.reports.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.joulebench.harness.ResultCodec;
import org.joulebench.harness.RunResult;
import org.joulebench.reports.ReportFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsJsonWriterTest {

    @Test
    void writesResultsThatTheHarnessReadsBack(@TempDir Path dir) throws IOException {
        RunResult fixture = ReportFixtures.run();

        List<Path> written = new ResultsJsonWriter().write(fixture, dir);

        assertEquals(List.of(dir.resolve("results.json")), written);
        RunResult back;
        try (InputStream in = Files.newInputStream(written.get(0))) {
            back = ResultCodec.read(in);
        }
        assertEquals(fixture.run().id(), back.run().id());
        assertEquals(fixture.results(), back.results());
        assertEquals(fixture.idle(), back.idle(), "the idle baseline, with its relative uncertainty");
        assertTrue(Files.readString(written.get(0)).contains("\"j_per_query\""), "snake_case field names");
    }

    @Test
    void theSamplersAdditionsRoundTrip(@TempDir Path dir) throws IOException {
        RunResult fixture = ReportFixtures.sampledRun();

        RunResult back;
        try (InputStream in = Files.newInputStream(new ResultsJsonWriter().write(fixture, dir).get(0))) {
            back = ResultCodec.read(in);
        }
        assertEquals(fixture.idleAfter(), back.idleAfter());
        assertEquals(fixture.warnings(), back.warnings());
        assertEquals(fixture.powerTrace(), back.powerTrace());
        assertEquals(fixture.results(), back.results(), "with their attribution and windows");
    }
}
