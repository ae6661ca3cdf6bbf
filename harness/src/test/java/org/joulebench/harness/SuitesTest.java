package org.joulebench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuitesTest {

    @TempDir
    Path dir;

    @Test
    void defaultSuiteHasTheWordNetTasksAndASampleOfTheGenerationSuite() throws Exception {
        Suite s = Suites.load(Suites.DEFAULT);
        assertEquals("default", s.name());
        assertEquals(java.util.List.of("wordnet-reverse-dictionary", "wordnet-noun-category", "kjv-verse-completion",
                        "kjv-bits-per-char"), s.tasks().stream().map(TaskSpec::id).toList());
        for (TaskSpec t : s.tasks().subList(0, 2)) {
            assertTrue(t.items().size() >= 500, t.id() + " has " + t.items().size() + " items");
            assertEquals(240, t.limit(), t.id() + " measures a spread 240 of its items (the default run's time)");
        }
        for (TaskSpec t : s.tasks().subList(2, 4)) {
            assertEquals(24, t.limit(), t.id());
            assertTrue(t.items().size() > t.limit(), t.id());
        }
        assertEquals(64, s.sha256().length());
        Suite g = Suites.load("generation");
        assertEquals(java.util.List.of("kjv-verse-completion", "kjv-bits-per-char"),
                g.tasks().stream().map(TaskSpec::id).toList());
        for (TaskSpec t : g.tasks()) {
            assertTrue(Scorers.forTask(t).create(t) instanceof GenerationTask, t.id());
        }
    }

    @Test
    void userSuiteResolvesDatasetsAgainstItsFolder() throws Exception {
        Path suite = writeSuite("data/d.jsonl", "retrieval");
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/d.jsonl"), """
                {"id":"a","text":"a domestic cat","label":"cat"}
                {"id":"b","text":"a motor car","label":"car"}
                """);
        Suite s = Suites.load(suite.toString());
        assertEquals("mine", s.name());
        assertEquals(2, s.tasks().get(0).items().size());
        assertTrue(s.origin().endsWith("suite.yaml"));
    }

    @Test
    void aDatasetThatIsNotUtf8IsRefusedAtItsLineNotDecodedLossily() throws Exception {
        Path suite = writeSuite("data/d.jsonl", "retrieval");
        Files.createDirectories(dir.resolve("data"));
        byte[] first = "{\"id\":\"a\",\"text\":\"a domestic cat\",\"label\":\"cat\"}\n".getBytes(
                java.nio.charset.StandardCharsets.UTF_8);
        byte[] second = "{\"id\":\"b\",\"text\":\"caf\u00e9 au lait\",\"label\":\"car\"}\n".getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1); // é as the single byte 0xE9
        byte[] all = new byte[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        Files.write(dir.resolve("data/d.jsonl"), all);
        InputException e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class,
                () -> Suites.load(suite.toString()));
        assertTrue(e.getMessage().endsWith("d.jsonl:2: not valid UTF-8"), e.getMessage());
    }

    @Test
    void checksumCoversTheDatasets() throws Exception {
        Path suite = writeSuite("d.jsonl", "retrieval");
        Files.writeString(dir.resolve("d.jsonl"), "{\"id\":\"a\",\"text\":\"x\",\"label\":\"y\"}\n");
        String before = Suites.load(suite.toString()).sha256();
        Files.writeString(dir.resolve("d.jsonl"), "{\"id\":\"a\",\"text\":\"x\",\"label\":\"z\"}\n");
        assertNotEquals(before, Suites.load(suite.toString()).sha256());
    }

    @Test
    void malformedDatasetLineNamesFileAndLine() throws Exception {
        Path suite = writeSuite("d.jsonl", "retrieval");
        Files.writeString(dir.resolve("d.jsonl"), """
                {"id":"a","text":"x","label":"y"}

                {"id":"b","text": oops}
                """);
        InputException e = assertThrows(InputException.class, () -> Suites.load(suite.toString()));
        assertTrue(e.getMessage().contains("d.jsonl:3: not valid JSON"), e.getMessage());
    }

    @Test
    void missingFieldAndDuplicateIdAreReportedWithLine() throws Exception {
        Path suite = writeSuite("d.jsonl", "retrieval");
        Files.writeString(dir.resolve("d.jsonl"), "{\"id\":\"a\",\"text\":\"x\"}\n");
        InputException missing = assertThrows(InputException.class, () -> Suites.load(suite.toString()));
        assertTrue(missing.getMessage().contains("d.jsonl:1: missing 'label'"), missing.getMessage());

        Files.writeString(dir.resolve("d.jsonl"), "{\"id\":\"a\",\"text\":\"x\",\"label\":\"y\"}\n"
                + "{\"id\":\"a\",\"text\":\"x\",\"label\":\"y\"}\n");
        InputException dup = assertThrows(InputException.class, () -> Suites.load(suite.toString()));
        assertTrue(dup.getMessage().contains("d.jsonl:2: id 'a' appears twice"), dup.getMessage());
    }

    @Test
    void unknownSuiteSaysWhatExists() {
        InputException e = assertThrows(InputException.class, () -> Suites.load("nosuch"));
        assertTrue(e.getMessage().contains("no suite 'nosuch'"), e.getMessage());
        assertTrue(e.fix().contains("default"), e.fix());
    }

    @Test
    void malformedSuiteIsBadInput() throws Exception {
        Path suite = dir.resolve("bad.yaml");
        Files.writeString(suite, "name: x\nversion: 1\ntasks: [ {id: a, dataset: d.jsonl\n");
        InputException e = assertThrows(InputException.class, () -> Suites.load(suite.toString()));
        assertTrue(e.getMessage().startsWith(suite.toString() + ": not valid YAML or JSON"), e.getMessage());

        Files.writeString(suite, "name: x\nversion: 1\ntasks:\n  - id: a\n    dataset: d.jsonl\n");
        InputException noScorer = assertThrows(InputException.class, () -> Suites.load(suite.toString()));
        assertTrue(noScorer.getMessage().contains("missing 'scorer' in task 'a'"), noScorer.getMessage());
    }

    @Test
    void missingDatasetIsNamed() throws Exception {
        Path suite = writeSuite("nowhere.jsonl", "retrieval");
        InputException e = assertThrows(InputException.class, () -> Suites.load(suite.toString()));
        assertTrue(e.getMessage().contains("nowhere.jsonl: no such file"), e.getMessage());
    }

    @Test
    void unknownScorerIsBadInput() throws Exception {
        Path suite = writeSuite("d.jsonl", "telepathy");
        Files.writeString(dir.resolve("d.jsonl"), "{\"id\":\"a\",\"text\":\"x\",\"label\":\"y\"}\n");
        TaskSpec t = Suites.load(suite.toString()).tasks().get(0);
        InputException e = assertThrows(InputException.class, () -> Scorers.forTask(t));
        assertTrue(e.getMessage().contains("unknown scorer 'telepathy'"), e.getMessage());
        assertTrue(e.fix().contains("retrieval"), e.fix());
    }

    private Path writeSuite(String dataset, String scorer) throws IOException {
        Path suite = dir.resolve("suite.yaml");
        Files.writeString(suite, """
                schema: joulebench/suite@1
                name: mine
                version: "0.1"
                tasks:
                  - id: t1
                    dataset: %s
                    scorer: %s
                """.formatted(dataset, scorer));
        return suite;
    }

    @Test
    void aTaskLimitIsReadAndMustBeAPositiveWholeNumber() throws Exception {
        Files.writeString(dir.resolve("d.jsonl"), "{\"id\":\"a\",\"text\":\"x\",\"label\":\"y\"}\n");
        Path suite = dir.resolve("suite.yaml");
        String yaml = """
                schema: joulebench/suite@1
                name: mine
                version: "0.1"
                tasks:
                  - id: t1
                    dataset: d.jsonl
                    scorer: retrieval
                    limit: %s
                """;
        Files.writeString(suite, yaml.formatted("25"));
        assertEquals(25, Suites.load(suite.toString()).tasks().get(0).limit());
        for (String bad : new String[] {"0", "-3", "2.5", "many"}) {
            Files.writeString(suite, yaml.formatted(bad));
            InputException e = assertThrows(InputException.class, () -> Suites.load(suite.toString()), bad);
            assertTrue(e.getMessage().contains("task 't1' has limit"), e.getMessage());
        }
    }

    @Test
    void aTaskServingBlockIsReadAndTheCommandLineWinsOverIt() throws Exception {
        Files.writeString(dir.resolve("d.jsonl"), "{\"id\":\"a\",\"text\":\"x\",\"label\":\"y\"}\n");
        Path suite = dir.resolve("suite.yaml");
        String yaml = """
                schema: joulebench/suite@1
                name: mine
                version: "0.1"
                tasks:
                  - id: t1
                    dataset: d.jsonl
                    scorer: retrieval
                    serving: %s
                """;
        Files.writeString(suite, yaml.formatted("{concurrency: [1, 4], requests: 16, slo_tpot_ms: 40}"));
        ServingPlan task = Suites.load(suite.toString()).tasks().get(0).serving();
        assertEquals(new ServingPlan(java.util.List.of(1, 4), 16, null, 40.0), task);
        ServingPlan cli = new ServingPlan(java.util.List.of(), null, 2.5, 80.0);
        assertEquals(new ServingPlan(java.util.List.of(1, 4), 16, 2.5, 80.0), cli.over(task));
        assertEquals(64, new ServingPlan(java.util.List.of(16), null, null, null).requestsAt(16),
                "4 requests per stream by default");
        for (String bad : new String[] {"{concurrency: [0]}", "{concurrency: 3}", "{requests: -1}", "{rate: fast}",
                "{streams: 2}", "[1, 2]"}) {
            Files.writeString(suite, yaml.formatted(bad));
            InputException e = assertThrows(InputException.class, () -> Suites.load(suite.toString()), bad);
            assertTrue(e.getMessage().contains("task 't1' serving"), e.getMessage());
        }
    }

    @Test
    void aServingPlanNeedsTwoRequestsPerStreamForASteadyState() {
        ServingPlan plan = new ServingPlan(java.util.List.of(2, 8), 12, null, null);
        InputException e = assertThrows(InputException.class, () -> plan.requireRunnable("t"));
        assertTrue(e.getMessage().contains("--requests 12 at concurrency 8 leaves no steady state"), e.getMessage());
        assertThrows(InputException.class, () -> new ServingPlan(java.util.List.of(), null, null, null)
                .requireRunnable("t"));
    }
}
