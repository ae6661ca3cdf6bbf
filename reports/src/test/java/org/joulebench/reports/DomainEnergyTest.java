package org.joulebench.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.joulebench.harness.PowerTrace;
import org.joulebench.harness.RunResult;
import org.joulebench.harness.TaskModelResult;
import org.junit.jupiter.api.Test;

class DomainEnergyTest {

    @Test
    void integratesEachDomainOverTheResultsPassesOnly() {
        List<Double> t = List.of(0.0, 1.0, 2.0, 3.0, 4.0);
        PowerTrace trace = new PowerTrace(1.0, List.of(
                new PowerTrace.Series("rapl", "CPU_PACKAGE", "COUNTER", t, List.of(0.0, 10.0, 20.0, 30.0, 40.0), 0),
                new PowerTrace.Series("rapl", "DRAM", "COUNTER", t, List.of(0.0, 2.0, 2.0, 2.0, 2.0), 0),
                new PowerTrace.Series("rapl", "PSYS", "COUNTER", t, List.of(0.0, 99.0, 99.0, 99.0, 99.0), 0),
                new PowerTrace.Series("estimate", "GPU", "ESTIMATE", t, List.of(0.0, 50.0, 50.0, 50.0, 50.0), 0)),
                List.of(new PowerTrace.Phase("fixture-retrieval · fixture-small · repetition 1", 0.5, 1.5),
                        new PowerTrace.Phase("fixture-retrieval · fixture-large · repetition 1", 1.5, 2.5),
                        new PowerTrace.Phase("fixture-retrieval · fixture-small on onnx · repetition 2", 2.5, 3.5)),
                0);
        RunResult run = ReportFixtures.sampledRun();
        TaskModelResult small = run.results().get(0); // fixture-retrieval, fixture-small, COUNTER, 12 queries
        RunResult withTrace = new RunResult(run.schema(), run.run(), run.host(), run.meters(), run.idle(),
                run.idleAfter(), run.results(), run.warnings(), trace, run.models(), run.queries());

        Map<String, Double> perQuery = DomainEnergy.perQuery(withTrace, small);

        // package: 10 W × 0.5 s + 20 W × 0.5 s (pass 1) + 30 W × 0.5 s + 40 W × 0.5 s (pass 2, named with its engine) = 50 J
        assertEquals(List.of("CPU_PACKAGE", "DRAM"), List.copyOf(perQuery.keySet()), "no PSYS, no other method, no GPU");
        assertEquals(50.0 / 12, perQuery.get("CPU_PACKAGE"), 1e-12);
        assertEquals(4.0 / 12, perQuery.get("DRAM"), 1e-12);
    }

    @Test
    void aServingLevelsDomainsArePerResponseOverItsSteadyState() {
        RunResult run = ServingFixtures.run("fixture-serving-a", java.time.Instant.parse("2026-01-02T03:04:05Z"),
                0.002, 2);
        TaskModelResult level = run.results().get(0);
        TaskModelResult.ServingStats s = level.serving();
        TaskModelResult.DomainResult cpu = new TaskModelResult.DomainResult("cpu_package", "estimate", "ESTIMATE",
                "fixture boundary", "steady-state", s.steadyJoulesGross(), s.steadyJoulesNet(), null, null, Map.of());
        TaskModelResult withDomain = level.withDomains(List.of(cpu));
        TaskModelResult served = new TaskModelResult(level.task(), level.model(), level.backend(), level.device(),
                level.precision(), level.params(), level.repetitions(), level.queries(), level.tokens(),
                level.accuracy(), withDomain.energy(), level.throughput(), level.latency(), null, 2, s);

        Map<String, Double> perResponse = DomainEnergy.perQuery(run, served);

        // the steady windows' gross joules per output token in them, × the mean output tokens per response
        double expected = s.steadyJoulesGross() / s.steadyTokens() * s.levelOutputTokens() / s.responses();
        assertEquals(expected, perResponse.get("CPU_PACKAGE"), 1e-12);
        assertTrue(expected != s.steadyJoulesGross() / served.queries(), "not the window's joules over every response");
    }

    @Test
    void aRunWithoutATraceHasNoDomainsNotZeros() {
        RunResult run = ReportFixtures.run();
        assertTrue(DomainEnergy.perQuery(run, run.results().get(0)).isEmpty());
    }
}
