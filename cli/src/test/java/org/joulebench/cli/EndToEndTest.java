package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

import org.joulebench.harness.ResultCodec;
import org.joulebench.harness.RunResult;
import org.joulebench.harness.TaskModelResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job end to end, on real models, cut down with --limit. */
class EndToEndTest {

    @TempDir
    Path dir;

    private static RunResult read(Path out) throws IOException {
        try (InputStream in = Files.newInputStream(out.resolve("results.json"))) {
            return ResultCodec.read(in);
        }
    }

    @Test
    void runOnEveryDefaultModelWithLimit20WritesEveryFile() throws Exception {
        Path out = dir.resolve("run");
        CliRunner.Outcome o = CliRunner.run("run", "--limit", "20", "--repetitions", "2", "--warmup", "2",
                "--idle-seconds", "0.3", "--meter", "estimate", "--seed", "7", "--out", out.toString());
        assertEquals(0, o.status(), o.err());
        for (String f : List.of("results.json", "queries.csv", "report.md", "report.html")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        try (var charts = Files.list(out.resolve("charts"))) {
            assertTrue(charts.anyMatch(p -> p.toString().endsWith(".png")), "charts/*.png");
        }
        RunResult r = read(out);
        assertEquals(7, r.run().seed());
        Set<String> tasks = new TreeSet<>();
        for (TaskModelResult t : r.results()) {
            tasks.add(t.task());
            assertEquals("ESTIMATE", t.energy().method());
            assertEquals(40, t.queries(), "20 items × 2 repetitions");
            if (t.accuracy().metric().equals("bits/char")) {
                assertTrue(t.accuracy().value() > 0, t.model() + " bits/char " + t.accuracy().value());
            } else {
                assertTrue(t.accuracy().value() >= 0 && t.accuracy().value() <= 1, t.accuracy().metric());
            }
            assertTrue(t.energy().jPerToken().mean() > 0, t.model() + " J/token " + t.energy().jPerToken().mean());
            assertTrue(t.tokens() > 40, "tokens come from the tokenizer");
        }
        assertEquals(Set.of("wordnet-reverse-dictionary", "wordnet-noun-category", "kjv-verse-completion",
                "kjv-bits-per-char"), tasks);
        assertTrue(r.results().stream().filter(t -> t.task().startsWith("wordnet")).count() >= 8,
                "at least 4 embedding models per embedding task");
        assertEquals(Set.of("java", "llamacpp"), r.results().stream().filter(t -> t.task().equals("kjv-verse-completion"))
                .map(TaskModelResult::backend).collect(java.util.stream.Collectors.toSet()), "both local engines");
        List<String> csv = Files.readAllLines(out.resolve("queries.csv"));
        assertEquals("task,model,backend,repetition,item,tokens,joules_gross,joules_net,latency_ms,score,method,energy,"
                + "block,concurrency,joules_gross_cpu_package,joules_net_cpu_package", csv.get(0),
                "the estimate meter's one domain beside the headline; no GPU meter here");
        assertEquals(1 + r.results().size() * 40, csv.size());
        assertTrue(csv.stream().skip(1).map(line -> line.split(",")).noneMatch(f -> f[12].equals("0")),
                "every query knows its block");
        assertTrue(r.meters().stream().anyMatch(m -> m.id().equals("rapl")), "every meter is listed, used or not");
        assertTrue(r.idleAfter() != null, "idle measured after the suite too");
        assertTrue(r.powerTrace() != null && !r.powerTrace().series().isEmpty(), "the sampler's timeline");
        assertTrue(r.powerTrace().series().get(0).watts().stream().allMatch(w -> w > 0), "estimated power is positive");
        assertTrue(r.powerTrace().phases().stream().anyMatch(p -> p.name().equals("idle baseline")));
        assertEquals(List.of("cpu-lcg-fma@1", "memory-stream@1"),
                r.canary().kernels().stream().map(org.joulebench.harness.Canary.Kernel::kernel).toList());
        for (org.joulebench.harness.Canary.Kernel k : r.canary().kernels()) {
            assertEquals(List.of("start", "after repetition 1", "after the embedding passes",
                    "after generation repetition 1", "end"),
                    k.probes().stream().map(org.joulebench.harness.Canary.Probe::at).toList(), "the drift canary's probes");
            assertTrue(k.units() >= 1 && k.medianSecondsPerUnit() > 0 && k.medianJoulesPerUnit() > 0, k.toString());
        }
        assertTrue(r.canary().secondsAdded() > 0, "the time the canary added is recorded");
        // The machine's CPU counters tick every 10 ms: a pass of a few milliseconds may show none, and then no share.
        assertTrue(r.results().stream().anyMatch(t -> t.energy().attribution() != null), "some attributed share");
        for (TaskModelResult t : r.results()) {
            if (t.energy().attribution() != null) {
                assertTrue(t.energy().attribution().share() > 0 && t.energy().attribution().share() <= 1);
            }
        }
    }

    @Test
    void fakePowercapTreeIsUsedAndLabelledCounter() throws Exception {
        Path root = dir.resolve("powercap");
        Path pkg = Files.createDirectories(root.resolve("intel-rapl:0"));
        Files.writeString(pkg.resolve("name"), "package-0\n");
        Files.writeString(pkg.resolve("max_energy_range_uj"), "262143328850\n");
        Files.writeString(pkg.resolve("energy_uj"), "1000\n");
        // A stand-in for the hardware: the counter rises by 1 µJ per µs (1 W) of elapsed time while the run goes on.
        AtomicBoolean stop = new AtomicBoolean();
        Thread counter = new Thread(() -> {
            long start = System.nanoTime();
            while (!stop.get()) {
                long uj = 1000 + (System.nanoTime() - start) / 1000;
                try {
                    Path tmp = pkg.resolve("energy_uj.tmp");
                    Files.writeString(tmp, uj + "\n");
                    Files.move(tmp, pkg.resolve("energy_uj"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    return;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // RAPL updates about every millisecond
            }
        });
        counter.setDaemon(true);
        counter.start();
        Path out = dir.resolve("run");
        CliRunner.Outcome o;
        try {
            o = CliRunner.run("run", "--powercap-root", root.toString(), "--models", "all-minilm-l6-v2-q",
                    "--limit", "10", "--repetitions", "2", "--warmup", "1", "--idle-seconds", "0.3",
                    "--out", out.toString());
        } finally {
            stop.set(true);
            counter.join();
        }
        assertEquals(0, o.status(), o.err());
        RunResult r = read(out);
        assertEquals("COUNTER", r.idle().method());
        assertTrue(r.meters().stream().anyMatch(m -> m.id().equals("rapl") && m.status().equals("used")));
        for (TaskModelResult t : r.results()) {
            assertEquals("COUNTER", t.energy().method());
            assertTrue(t.energy().joulesGross() > 0);
        }
        // A 1 W stand-in gives an idle baseline of about 1 W.
        assertEquals(1.0, r.idle().watts(), 0.2);
    }
}
